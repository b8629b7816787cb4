#include "io/model_loader.h"

#include "base/half_float.h"
#include "base/matrix_memory.h"
#include "base/utf8.h"
#include "io/ggml_types.h"
#include "vecspace/base/parallel.h"
#include "vecspace/io/load_error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace vecspace {
namespace {

// "a [64, 16] F32, b [32] BF16" (2-D ones first, at most 12), for messages that say what is
// there.
std::string tensorList(const ModelSource& source) {
    std::vector<const SourceTensor*> order;
    for (const SourceTensor& t : source.tensors)
        if (t.info.shape.size() == 2) order.push_back(&t);
    for (const SourceTensor& t : source.tensors)
        if (t.info.shape.size() != 2) order.push_back(&t);
    std::string list;
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i == 12) return list + ", ... (" + std::to_string(order.size()) + " in all)";
        list += (i ? ", " : "") + order[i]->info.name + " " + shapeText(order[i]->info.shape) +
                " " + order[i]->info.dtype;
    }
    return order.empty() ? "no tensors" : list;
}

const SourceTensor& chooseTensor(const ModelSource& source, const LoadOptions& options) {
    const SourceTensor* tensor = nullptr;
    if (!options.tensor.empty()) {
        tensor = source.find(options.tensor);
        if (!tensor)
            throw LoadError(ErrorLocation{source.path}, "a tensor named '" + options.tensor + "'",
                            "none; tensors: " + tensorList(source));
    } else {
        tensor = source.embedding();
        if (!tensor)
            throw LoadError(ErrorLocation{source.path},
                            "a token-embedding tensor (token_embd.weight, "
                            "model.embed_tokens.weight, wte.weight, ...)",
                            "none; tensors: " + tensorList(source) +
                                "; pick a 2-D one with --tensor NAME");
    }
    if (tensor->info.shape.size() != 2)
        throw LoadError(ErrorLocation{tensor->info.file},
                        "a 2-D tensor (rows x dims) for '" + tensor->info.name + "'",
                        "shape " + shapeText(tensor->info.shape));
    return *tensor;
}

// Bytes per row and how a row becomes float32.
struct RowCodec {
    std::size_t rowBytes = 0;
    std::uint32_t ggmlType = 0;
    enum class Kind { Ggml, F32, F16, BF16, F64 } kind = Kind::Ggml;
};

RowCodec codecFor(const SourceTensor& t, std::size_t dims) {
    RowCodec codec;
    if (t.gguf) {
        const auto info = ggmlTypeInfo(t.ggmlType);
        if (!info || !info->supported)
            throw LoadError(ErrorLocation{t.info.file},
                            "tensor '" + t.info.name +
                                "' in a type Vecspace reads (F32, F16, "
                                "BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K, Q8_K)",
                            ggmlTypeName(t.ggmlType));
        codec.ggmlType = t.ggmlType;
        codec.rowBytes = dims / info->blockValues * info->blockBytes;
        return codec;
    }
    const std::string& d = t.info.dtype;
    if (d == "F32")
        codec.kind = RowCodec::Kind::F32;
    else if (d == "F16")
        codec.kind = RowCodec::Kind::F16;
    else if (d == "BF16")
        codec.kind = RowCodec::Kind::BF16;
    else if (d == "F64")
        codec.kind = RowCodec::Kind::F64;
    else
        throw LoadError(ErrorLocation{t.info.file},
                        "tensor '" + t.info.name + "' in F32, F16, BF16 or F64", d);
    codec.rowBytes = dims * (codec.kind == RowCodec::Kind::F64   ? 8
                             : codec.kind == RowCodec::Kind::F32 ? 4
                                                                 : 2);
    return codec;
}

void decodeRow(const RowCodec& codec, const char* src, float* dst, std::size_t dims) {
    switch (codec.kind) {
    case RowCodec::Kind::Ggml:
        dequantizeGgml(codec.ggmlType, reinterpret_cast<const std::uint8_t*>(src), dst, dims);
        return;
    case RowCodec::Kind::F32:
        std::memcpy(dst, src, dims * 4);
        return;
    case RowCodec::Kind::F16:
    case RowCodec::Kind::BF16:
        for (std::size_t i = 0; i < dims; ++i) {
            std::uint16_t h;
            std::memcpy(&h, src + 2 * i, 2);
            dst[i] = codec.kind == RowCodec::Kind::F16 ? halfToFloat(h) : bfloat16ToFloat(h);
        }
        return;
    case RowCodec::Kind::F64:
        for (std::size_t i = 0; i < dims; ++i) {
            double v;
            std::memcpy(&v, src + 8 * i, 8);
            dst[i] = static_cast<float>(v);
        }
        return;
    }
}

// Ids up to the last one with a token.
std::size_t vocabularyLength(const TokenVocabulary& vocab) {
    std::size_t named = vocab.tokens.size();
    while (named > 0 && vocab.tokens[named - 1].empty())
        --named;
    return named;
}

void label(EmbeddingSet& set, const TokenVocabulary& vocab, const SourceTensor& tensor) {
    const std::size_t rows = set.rows();
    const std::size_t named = vocabularyLength(vocab);
    if (named > rows && !vocab.empty())
        throw LoadError(ErrorLocation{vocab.source},
                        "at most " + std::to_string(rows) + " tokens, one per row of '" +
                            tensor.info.name + "'",
                        std::to_string(named) + " tokens");
    MetadataColumn raw{"token", {}}, ids{"id", {}}, kinds{"kind", {}};
    set.labels.resize(rows);
    for (std::size_t row = 0; row < rows; ++row) {
        const bool known = row < vocab.tokens.size() && !vocab.tokens[row].empty();
        TokenKind kind = known ? vocab.kinds[row] : TokenKind::Padding;
        std::string token = known ? vocab.tokens[row] : std::string();
        std::string text =
            known ? tokenLabel(token, vocab.encoding, kind)
                  : (vocab.empty() ? std::to_string(row) : "<pad " + std::to_string(row) + ">");
        if (!isValidUtf8(text)) text = sanitizeUtf8(text);
        if (!isValidUtf8(token)) token = sanitizeUtf8(token);
        set.labels[row] = std::move(text);
        if (vocab.empty()) continue;
        raw.values.push_back(std::move(token));
        ids.values.push_back(known ? std::to_string(row) : std::string());
        kinds.values.push_back(tokenKindName(kind));
    }
    if (!vocab.empty()) {
        set.metadata.push_back(std::move(raw));
        set.metadata.push_back(std::move(ids));
        set.metadata.push_back(std::move(kinds));
    }
}

} // namespace

EmbeddingSet loadModel(const ModelSource& source, const LoadOptions& options,
                       WarningCollector& warnings) {
    const SourceTensor& tensor = chooseTensor(source, options);
    const std::size_t allRows = tensor.info.shape[0], dims = tensor.info.shape[1];
    const std::size_t rows = options.limit > 0 ? std::min(allRows, options.limit) : allRows;
    const RowCodec codec = codecFor(tensor, dims);
    if (codec.rowBytes * allRows != tensor.bytes)
        throw LoadError(ErrorLocation{tensor.info.file, 0, tensor.offset},
                        std::to_string(codec.rowBytes * allRows) + " bytes for '" +
                            tensor.info.name + "' " + shapeText(tensor.info.shape),
                        std::to_string(tensor.bytes));
    EmbeddingSet set;
    RowMatrix vectors;
    allocateRows(vectors, rows, dims); // refused, with advice, when memory is short
    const char* data = tensor.base + tensor.offset;
    constexpr std::size_t kChunk = 256;
    const std::size_t chunks = (rows + kChunk - 1) / kChunk;
    std::vector<std::size_t> badRow(chunks, SIZE_MAX);
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallelFor(
        chunks,
        [&](std::size_t chunk) {
            const std::size_t end = std::min(rows, (chunk + 1) * kChunk);
            for (std::size_t r = chunk * kChunk; r < end; ++r) {
                float* out = vectors.data() + r * dims;
                decodeRow(codec, data + r * codec.rowBytes, out, dims);
                for (std::size_t i = 0; i < dims; ++i)
                    if (!std::isfinite(out[i]) && badRow[chunk] == SIZE_MAX) badRow[chunk] = r;
            }
            // The file's pages for these rows are not needed again: peak memory stays near the
            // float32 matrix rather than the matrix plus the mapped file.
            if (tensor.file)
                tensor.file->release(tensor.offset + chunk * kChunk * codec.rowBytes,
                                     (end - chunk * kChunk) * codec.rowBytes);
        },
        parallel);
    for (std::size_t r : badRow)
        if (r != SIZE_MAX)
            throw LoadError(ErrorLocation{tensor.info.file, 0, tensor.offset + r * codec.rowBytes},
                            "finite values in row " + std::to_string(r) + " of '" +
                                tensor.info.name + "'",
                            "NaN or infinity");
    set.vectors = std::move(vectors);
    // Another table than the tokens' (GPT-2's positions) has rows of its own: numbered.
    const TokenVocabulary none;
    const bool tokenTable =
        &tensor == source.embedding() || allRows >= vocabularyLength(source.vocabulary);
    label(set, tokenTable ? source.vocabulary : none, tensor);
    if (source.vocabulary.empty())
        warnings.add(WarningKind::NoVocabulary, 0,
                     "no tokenizer vocabulary found (tokenizer.json, vocab.json, vocab.txt or "
                     "tokenizer.ggml.tokens): rows are labelled by token id");

    auto& props = set.properties;
    for (const auto& entry : source.metadata)
        if (entry.first == "general.architecture" || entry.first == "general.name" ||
            entry.first.ends_with(".context_length") || entry.first == "config.architectures" ||
            entry.first == "config.max_position_embeddings" || entry.first == "format" ||
            entry.first == "general.file_type")
            props.push_back(entry);
    props.emplace_back("tensor", tensor.info.name);
    props.emplace_back("dtype", tensor.info.dtype);
    props.emplace_back("shape", shapeText(tensor.info.shape));
    props.emplace_back("vocabulary", source.vocabulary.empty()
                                         ? std::string("none")
                                         : std::to_string(source.vocabulary.tokens.size()) +
                                               " tokens (" +
                                               source.vocabulary.source.filename().string() + ")");
    return set;
}

} // namespace vecspace

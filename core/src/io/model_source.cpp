#include "io/model_source.h"

#include "io/ggml_types.h"
#include "io/gguf_reader.h"
#include "io/safetensors_reader.h"
#include "vecspace/io/load_error.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace vecspace {
namespace {

namespace fs = std::filesystem;

// llama.cpp's gguf-py tensor_mapping.py (TOKEN_EMBD), most common first.
constexpr const char* kEmbeddingNames[] = {
    "token_embd.weight",
    "model.embed_tokens.weight",
    "transformer.wte.weight",
    "wte.weight",
    "embeddings.word_embeddings.weight",
    "bert.embeddings.word_embeddings.weight",
    "gpt_neox.embed_in.weight",
    "transformer.word_embeddings.weight",
    "word_embeddings.weight",
    "tok_embeddings.weight",
    "transformer.embedding.word_embeddings.weight",
    "model.decoder.embed_tokens.weight",
    "encoder.embed_tokens.weight",
    "shared.weight",
};

bool isIndexName(const fs::path& path) {
    return path.filename().string().ends_with(".safetensors.index.json");
}

void addSafetensorsBytes(ModelSource& source, std::string_view bytes, const fs::path& path,
                         const MappedFile* mapped = nullptr) {
    const SafetensorsFile parsed = parseSafetensors(bytes, path);
    for (const SafetensorsTensor& t : parsed.tensors) {
        SourceTensor tensor;
        tensor.info = ModelTensor{t.name, t.dtype, t.shape, path};
        tensor.offset = t.offset;
        tensor.bytes = t.bytes;
        tensor.base = bytes.data();
        tensor.file = mapped;
        source.tensors.push_back(std::move(tensor));
    }
    for (const auto& entry : parsed.metadata) // shards repeat theirs: listed once
        if (std::find(source.metadata.begin(), source.metadata.end(), entry) ==
            source.metadata.end())
            source.metadata.push_back(entry);
}

void addSafetensors(ModelSource& source, const fs::path& path) {
    auto file = std::make_unique<MappedFile>(path);
    addSafetensorsBytes(source, file->bytes(), path, file.get());
    source.files.push_back(std::move(file));
}

// model.safetensors.index.json: {"metadata": {...}, "weight_map": {tensor: shard}}.
void addIndex(ModelSource& source, const fs::path& index) {
    const MappedFile file(index);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(file.bytes());
    } catch (const nlohmann::json::parse_error& e) {
        throw LoadError(ErrorLocation{index, 0, e.byte > 0 ? e.byte - 1 : 0}, "JSON", e.what());
    }
    if (!json.is_object() || !json.contains("weight_map") || !json["weight_map"].is_object())
        throw LoadError(ErrorLocation{index}, "an object with a weight_map", json.type_name());
    std::vector<std::string> shards;
    std::vector<std::pair<std::string, std::string>> placed; // tensor, shard
    for (const auto& [tensor, shard] : json["weight_map"].items()) {
        if (!shard.is_string())
            throw LoadError(ErrorLocation{index}, "a shard file name for '" + tensor + "'",
                            shard.dump());
        const std::string name = shard.get<std::string>();
        if (name.find('/') != std::string::npos || name == "..")
            throw LoadError(ErrorLocation{index}, "a shard name without folders", name);
        if (std::find(shards.begin(), shards.end(), name) == shards.end()) shards.push_back(name);
        placed.emplace_back(tensor, name);
    }
    std::sort(shards.begin(), shards.end());
    for (const std::string& shard : shards) {
        const fs::path path = index.parent_path() / shard;
        std::error_code ignored;
        if (!fs::is_regular_file(path, ignored))
            throw LoadError(ErrorLocation{index}, "the shard " + shard + " it names, beside it",
                            "no such file");
        addSafetensors(source, path);
    }
    // The index and the shards must agree on where each tensor is.
    for (const auto& entry : placed) {
        const std::string& tensor = entry.first; // not a structured binding: clang 14 cannot
        const std::string& shard = entry.second; // capture one in the lambda below
        const auto it = std::find_if(source.tensors.begin(), source.tensors.end(),
                                     [&](const SourceTensor& t) { return t.info.name == tensor; });
        if (it == source.tensors.end() || it->info.file.filename() != shard)
            throw LoadError(
                ErrorLocation{index}, "tensor '" + tensor + "' in " + shard + ", as the index says",
                it == source.tensors.end() ? std::string("it in no shard")
                                           : "it in " + it->info.file.filename().string());
    }
    if (json.contains("metadata") && json["metadata"].is_object())
        for (const auto& [key, value] : json["metadata"].items())
            source.metadata.emplace_back(key, value.is_string() ? value.get<std::string>()
                                                                : value.dump());
}

void addGgufBytes(ModelSource& source, std::string_view bytes, const fs::path& path,
                  const MappedFile* mapped = nullptr) {
    const GgufFile parsed = parseGguf(bytes, path);
    for (const GgufTensor& t : parsed.tensors) {
        SourceTensor tensor;
        tensor.gguf = true;
        tensor.ggmlType = t.type;
        std::vector<std::uint64_t> shape(t.ne.rbegin(), t.ne.rend()); // outermost first
        tensor.info = ModelTensor{t.name, ggmlTypeName(t.type), shape, path};
        tensor.offset = t.offset;
        tensor.bytes = t.bytes;
        tensor.base = bytes.data();
        tensor.file = mapped;
        source.tensors.push_back(std::move(tensor));
    }
    for (const auto& [key, value] : parsed.metadata)
        if (!key.starts_with("tokenizer.ggml.") || !value.isArray())
            source.metadata.emplace_back(key, value.toString());
    source.vocabulary = ggufVocabulary(parsed);
    source.vocabulary.source = path;
}

// config.json's facts worth showing beside the matrix.
void addConfig(ModelSource& source, const fs::path& folder) {
    std::error_code ignored;
    const fs::path path = folder / "config.json";
    if (!fs::is_regular_file(path, ignored)) return;
    const MappedFile file(path);
    const nlohmann::json json = nlohmann::json::parse(file.bytes(), nullptr, false);
    if (!json.is_object()) return;
    for (const char* key : {"architectures", "model_type", "hidden_size", "vocab_size",
                            "max_position_embeddings", "torch_dtype"})
        if (json.contains(key))
            source.metadata.emplace_back(std::string("config.") + key,
                                         json[key].is_string() ? json[key].get<std::string>()
                                                               : json[key].dump());
}

} // namespace

const SourceTensor* ModelSource::find(const std::string& name) const {
    for (const SourceTensor& t : tensors)
        if (t.info.name == name) return &t;
    return nullptr;
}

const SourceTensor* ModelSource::embedding() const {
    for (const char* name : kEmbeddingNames)
        if (const SourceTensor* t = find(name)) return t;
    // The same names under a wrapper's prefix ("language_model.model.embed_tokens.weight").
    for (const char* name : kEmbeddingNames)
        for (const SourceTensor& t : tensors)
            if (t.info.name.ends_with(std::string(".") + name)) return &t;
    return nullptr;
}

ModelSource openModel(const fs::path& path) {
    ModelSource source;
    source.path = path;
    std::error_code ignored;
    fs::path folder = path.parent_path();
    if (fs::is_directory(path, ignored)) {
        folder = path;
        if (fs::is_regular_file(path / "model.safetensors.index.json", ignored))
            addIndex(source, path / "model.safetensors.index.json");
        else if (fs::is_regular_file(path / "model.safetensors", ignored))
            addSafetensors(source, path / "model.safetensors");
        else
            throw LoadError(path, "is a directory, not an embedding file or a checkpoint folder "
                                  "(it holds no model.safetensors or "
                                  "model.safetensors.index.json)");
        source.format = Format::Safetensors;
    } else if (isIndexName(path)) {
        addIndex(source, path);
        source.format = Format::Safetensors;
    } else {
        // Mapped once, read as whichever its first bytes say.
        auto file = std::make_unique<MappedFile>(path);
        const bool gguf = hasGgufMagic(file->bytes());
        if (gguf)
            addGgufBytes(source, file->bytes(), path, file.get());
        else
            addSafetensorsBytes(source, file->bytes(), path, file.get());
        source.files.push_back(std::move(file));
        source.format = gguf ? Format::Gguf : Format::Safetensors;
        if (gguf) return source;
    }
    if (source.format == Format::Safetensors) {
        addConfig(source, folder);
        source.vocabulary = readModelVocabulary(folder);
    }
    return source;
}

ModelSource openModelBytes(std::string_view bytes, const fs::path& name) {
    ModelSource source;
    source.path = name;
    if (hasGgufMagic(bytes)) {
        source.format = Format::Gguf;
        addGgufBytes(source, bytes, name);
    } else {
        source.format = Format::Safetensors;
        addSafetensorsBytes(source, bytes, name);
    }
    return source;
}

bool isModelPath(const fs::path& path) {
    std::error_code ignored;
    if (fs::is_directory(path, ignored))
        return fs::is_regular_file(path / "model.safetensors", ignored) ||
               fs::is_regular_file(path / "model.safetensors.index.json", ignored);
    if (isIndexName(path)) return true;
    const Format byName = formatFromExtension(path);
    return byName == Format::Safetensors || byName == Format::Gguf;
}

std::string shapeText(const std::vector<std::uint64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

ModelContents listModelTensors(const fs::path& path) {
    const ModelSource source = openModel(path);
    ModelContents contents;
    contents.format = source.format;
    for (const SourceTensor& t : source.tensors)
        contents.tensors.push_back(t.info);
    contents.metadata = source.metadata;
    if (const SourceTensor* e = source.embedding()) contents.embeddingTensor = e->info.name;
    return contents;
}

} // namespace vecspace

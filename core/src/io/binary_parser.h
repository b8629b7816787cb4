#pragma once

#include "base/mapped_file.h"
#include "io/text_header.h"
#include "io/warning_collector.h"
#include "vecspace/io/loader.h"

namespace vecspace {

// word2vec binary as written by word2vec.c and gensim: "ROWS DIMS\n", then per row the label,
// one space, DIMS little-endian float32 values, and (word2vec.c, not gensim) a newline.
EmbeddingSet parseWord2VecBinary(const InputBytes& input, const CountsHeader& header,
                                 const LoadOptions& options, WarningCollector& warnings);

// Copies count little-endian float32 values, throwing LoadError (with the byte offset) on NaN or
// infinity so that no later computation sees them.
void copyFiniteFloats(const char* src, float* dst, std::size_t count, const InputBytes& input,
                      std::size_t byteOffset, std::string_view what);

} // namespace vecspace

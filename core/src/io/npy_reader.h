#pragma once

#include "base/mapped_file.h"
#include "io/warning_collector.h"
#include "vecspace/io/loader.h"

namespace vecspace {

// NumPy .npy (format versions 1-3): a 2-D C-order array of float16, float32 or float64, either
// byte order. Labels come from LoadOptions::labelsPath, "<stem>.labels.txt" or "<stem>.vocab"
// beside the file, else row numbers.
EmbeddingSet parseNpy(const InputBytes& input, const LoadOptions& options,
                      WarningCollector& warnings);

inline bool hasNpyMagic(std::string_view bytes) {
    return bytes.substr(0, 6) == "\x93NUMPY";
}

} // namespace vecspace

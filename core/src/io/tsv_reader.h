#pragma once

#include "base/mapped_file.h"
#include "io/warning_collector.h"
#include "vecspace/io/loader.h"

namespace vecspace {

// TensorFlow Projector TSV: a vectors file of tab-separated numbers (optionally led by a
// non-numeric label column) plus an optional metadata file: one column without a header, or
// several columns under a header row.
EmbeddingSet parseProjectorTsv(const InputBytes& input, std::size_t dataStart,
                               const LoadOptions& options, WarningCollector& warnings);

// The metadata file the Projector convention pairs with a vectors file, or empty.
std::filesystem::path findProjectorMetadata(const std::filesystem::path& vectors);

} // namespace vecspace

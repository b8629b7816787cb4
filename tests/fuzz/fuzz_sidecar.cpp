// libFuzzer harness for the files read beside a set: a label file (.npy's labels) and a metadata
// table (--metadata, the Projector's metadata.tsv), in row order or joined by label. The first
// input byte picks the reader, the row count and a limited load; the rest is the file, written
// to a temporary file since both readers take paths (and look through gzip). Any exception but
// LoadError, any sanitizer report and any result of the wrong size is a finding.
#include "io/label_file.h"
#include "io/metadata_table.h"
#include "io/warning_collector.h"
#include "vecspace/io/load_error.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

std::filesystem::path scratchFile(const char* name) {
    static const std::filesystem::path dir = [] {
        std::filesystem::path d = std::filesystem::temp_directory_path() /
                                  ("vecspace-fuzz-sidecar-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir / name;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t selector = data[0];
    const bool labels = selector & 1;
    const bool limited = selector & 2;
    const std::size_t rows = 1 + (selector >> 2) % 4;
    const std::filesystem::path path = scratchFile(labels ? "labels.txt" : "metadata.tsv");
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    }
    vecspace::WarningCollector warnings;
    try {
        if (labels) {
            const auto read = vecspace::readLabelFile(path, rows, limited, warnings);
            if (read.size() < rows || (!limited && read.size() != rows)) __builtin_trap();
        } else {
            vecspace::EmbeddingSet set;
            set.labels = {"king", "queen", "a b", "\xc3\xa9t\xc3\xa9"};
            set.labels.resize(rows);
            set.vectors = vecspace::RowMatrix::Zero(static_cast<Eigen::Index>(rows), 2);
            vecspace::attachMetadata(set, path, limited, warnings);
            for (const auto& column : set.metadata)
                if (column.values.size() != rows) __builtin_trap();
        }
    } catch (const vecspace::LoadError&) {
    }
    return 0;
}

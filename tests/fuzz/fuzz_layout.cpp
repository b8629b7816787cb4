// libFuzzer harness for layout files (TSV and CSV, with or without the labels they must carry).
// The first input byte picks the format and whether the labels of a three-row set are expected;
// the rest is the file. Any exception but LoadError, any sanitizer report, and any layout whose
// sizes or values are inconsistent is a finding.
#include "vecspace/io/layout_io.h"
#include "vecspace/io/load_error.h"

#include <cmath>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    static const std::vector<std::string> kLabels = {"king", "a,b", "say \"hi\""};
    const std::uint8_t selector = data[0];
    vecspace::LayoutReadOptions options;
    if (selector & 1) options.expectedLabels = &kLabels;
    const char* name = (selector & 2) ? "fuzz.csv" : "fuzz.tsv";
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const vecspace::LayoutFile layout = vecspace::parseLayout(text, name, options);
        if (layout.labels.size() != static_cast<std::size_t>(layout.coordinates.rows()))
            __builtin_trap();
        if (layout.coordinates.cols() != 2 && layout.coordinates.cols() != 3) __builtin_trap();
        if (options.expectedLabels && layout.labels != kLabels) __builtin_trap();
        for (Eigen::Index i = 0; i < layout.coordinates.size(); ++i)
            if (!std::isfinite(layout.coordinates.data()[i])) __builtin_trap();
    } catch (const vecspace::LoadError&) {
    }
    return 0;
}

#include "vecspace/cluster/coloring.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <unordered_map>

namespace vecspace {
namespace {

void put(std::vector<std::uint8_t>& rgb, std::size_t row, Rgb8 c) {
    rgb[3 * row] = c.r;
    rgb[3 * row + 1] = c.g;
    rgb[3 * row + 2] = c.b;
}

std::string formatNumber(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

constexpr std::int64_t kNoise = -1;
constexpr std::int64_t kMissing = -2;

// Rows already reduced to categories: `category[row]` is a category in [0, categories) numbered
// in order of first appearance, or kNoise / kMissing. Names are made only for the coloured
// categories, since a column of unique labels has as many categories as rows.
PointColors colorCategories(const std::vector<std::int64_t>& category, std::size_t categories,
                            const std::function<std::string(std::size_t)>& nameOf,
                            const ColorOptions& options) {
    const ThemeGreys greys = themeGreys(options.theme);
    const std::vector<Rgb8>& palette = categoricalPalette();
    const std::size_t colors = std::min(
        categories, options.maxCategories == 0 ? palette.size()
                                               : std::min(options.maxCategories, palette.size()));

    std::vector<std::size_t> counts(categories, 0);
    std::size_t noise = 0, missing = 0;
    for (std::int64_t c : category) {
        if (c >= 0)
            ++counts[std::size_t(c)];
        else if (c == kNoise)
            ++noise;
        else
            ++missing;
    }
    // Most frequent first, ties by first appearance; only the coloured ones need an order.
    std::vector<std::size_t> order(categories);
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(colors), order.end(),
                      [&](std::size_t a, std::size_t b) {
                          return counts[a] != counts[b] ? counts[a] > counts[b] : a < b;
                      });

    std::vector<Rgb8> colorOf(categories, greys.other);
    PointColors result;
    result.legend.kind = ColorLegend::Kind::Categories;
    std::size_t otherRows = 0;
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const std::size_t c = order[rank];
        if (rank < colors) {
            colorOf[c] = palette[rank];
            result.legend.entries.push_back({nameOf(c), palette[rank], counts[c]});
        } else {
            otherRows += counts[c];
            ++result.legend.otherCategories;
        }
    }
    using Kind = LegendEntry::Kind;
    if (result.legend.otherCategories > 0) {
        const std::size_t n = result.legend.otherCategories;
        result.legend.entries.push_back(
            {"other (" + std::to_string(n) + (n == 1 ? " category)" : " categories)"), greys.other,
             otherRows, Kind::Other});
    }
    if (noise > 0) result.legend.entries.push_back({"noise", greys.noise, noise, Kind::Noise});
    if (missing > 0)
        result.legend.entries.push_back({"(empty)", greys.missing, missing, Kind::Missing});

    result.rgb.resize(category.size() * 3);
    for (std::size_t row = 0; row < category.size(); ++row) {
        const std::int64_t c = category[row];
        put(result.rgb, row,
            c >= 0        ? colorOf[std::size_t(c)]
            : c == kNoise ? greys.noise
                          : greys.missing);
    }
    return result;
}

// d3's tick step (d3-array ticks.js): a power of ten times 1, 2 or 5, giving about `count` ticks.
double tickStep(double span, std::size_t count) {
    const double raw = span / double(std::max<std::size_t>(count, 1));
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double error = raw / power;
    const double factor = error >= std::sqrt(50.0)   ? 10
                          : error >= std::sqrt(10.0) ? 5
                          : error >= std::sqrt(2.0)  ? 2
                                                     : 1;
    return power * factor;
}

std::vector<LegendTick> makeTicks(double min, double max, bool log, std::size_t count) {
    std::vector<LegendTick> ticks;
    if (!(max > min)) {
        ticks.push_back({min, 0.5, formatNumber(min)});
        return ticks;
    }
    if (log) {
        // Powers of ten; when the range holds too many, every k-th.
        const double lo = std::log10(min), hi = std::log10(max);
        const double first = std::ceil(lo - 1e-9), last = std::floor(hi + 1e-9);
        const double stride = std::max(1.0, std::ceil((last - first + 1) / double(count)));
        for (double e = first; e <= last; e += stride) {
            const double value = std::pow(10.0, e);
            ticks.push_back(
                {value, std::clamp((e - lo) / (hi - lo), 0.0, 1.0), formatNumber(value)});
        }
        return ticks;
    }
    const double step = tickStep(max - min, count);
    // Whole multiples of the step, so that 0.1 * 3 prints as 0.3.
    for (double i = std::ceil(min / step - 1e-9); i * step <= max + step * 1e-9; ++i) {
        const double value = i * step == 0 ? 0.0 : i * step;
        ticks.push_back(
            {value, std::clamp((value - min) / (max - min), 0.0, 1.0), formatNumber(value)});
    }
    return ticks;
}

} // namespace

std::optional<double> parseNumber(std::string_view text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    // from_chars takes no '+'; one is allowed here, but not a second sign after it.
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && (text.front() == '+' || text.front() == '-')) return std::nullopt;
    }
    double value = 0;
    // Only decimal and scientific notation: "inf", "nan" and hex floats are not numbers here.
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

PointColors colorByCategory(std::span<const std::string> values, const ColorOptions& options) {
    // Categories numbered in order of first appearance through an open-addressing table of
    // category + 1 (0: empty slot). std::unordered_map's node per key made a column of 341k
    // unique labels several times slower.
    const std::size_t size = std::bit_ceil(2 * values.size() + 16);
    std::vector<std::uint32_t> slots(size, 0);
    std::vector<std::size_t> firstRow;
    std::vector<std::int64_t> category(values.size());
    const std::hash<std::string_view> hash;
    for (std::size_t row = 0; row < values.size(); ++row) {
        const std::string& value = values[row];
        if (value.empty()) {
            category[row] = kMissing;
            continue;
        }
        std::size_t slot = hash(value) & (size - 1);
        while (slots[slot] != 0 && values[firstRow[slots[slot] - 1]] != value)
            slot = (slot + 1) & (size - 1);
        if (slots[slot] == 0) {
            firstRow.push_back(row);
            slots[slot] = std::uint32_t(firstRow.size());
        }
        category[row] = slots[slot] - 1;
    }
    return colorCategories(
        category, firstRow.size(), [&](std::size_t c) { return values[firstRow[c]]; }, options);
}

PointColors colorByCluster(std::span<const std::int32_t> clusters,
                           std::span<const std::string> names, const ColorOptions& options) {
    std::unordered_map<std::int32_t, std::int64_t> index;
    std::vector<std::int32_t> ids;
    std::vector<std::int64_t> category(clusters.size());
    for (std::size_t row = 0; row < clusters.size(); ++row) {
        const std::int32_t id = clusters[row];
        if (id < 0) {
            category[row] = kNoise;
            continue;
        }
        const auto [it, added] = index.try_emplace(id, std::int64_t(ids.size()));
        if (added) ids.push_back(id);
        category[row] = it->second;
    }
    auto nameOf = [&](std::size_t c) {
        const auto id = std::size_t(ids[c]);
        return id < names.size() && !names[id].empty() ? names[id]
                                                       : "cluster " + std::to_string(id);
    };
    return colorCategories(category, ids.size(), nameOf, options);
}

PointColors colorByNumber(std::span<const double> values, const ColorOptions& options) {
    const ThemeGreys greys = themeGreys(options.theme);
    double min = std::numeric_limits<double>::infinity(), max = -min;
    bool allPositive = true;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        min = std::min(min, v);
        max = std::max(max, v);
        allPositive &= v > 0;
    }
    bool log =
        options.scale == GradientScale::Log ||
        (options.scale == GradientScale::Auto && allPositive && min <= max && max > 1000 * min);
    if (log) {
        // Only positive numbers have a logarithm; the range is theirs.
        min = std::numeric_limits<double>::infinity();
        max = -min;
        for (double v : values)
            if (std::isfinite(v) && v > 0) {
                min = std::min(min, v);
                max = std::max(max, v);
            }
    }
    auto placed = [&](double v) { return std::isfinite(v) && (!log || v > 0); };
    const double lo = log ? std::log10(min) : min, hi = log ? std::log10(max) : max;

    PointColors result;
    result.rgb.resize(values.size() * 3);
    std::size_t missing = 0;
    for (std::size_t row = 0; row < values.size(); ++row) {
        const double v = values[row];
        if (!placed(v)) {
            ++missing;
            put(result.rgb, row, greys.missing);
            continue;
        }
        const double x = log ? std::log10(v) : v;
        put(result.rgb, row, viridis(hi > lo ? (x - lo) / (hi - lo) : 0.5));
    }
    ColorLegend& legend = result.legend;
    legend.kind = ColorLegend::Kind::Gradient;
    legend.logScale = log;
    if (min <= max) {
        legend.min = min;
        legend.max = max;
        legend.ticks = makeTicks(min, max, log, options.ticks);
    }
    if (missing > 0)
        legend.entries.push_back(
            {"not a number", greys.missing, missing, LegendEntry::Kind::Missing});
    return result;
}

PointColors colorByNumber(std::span<const std::string> values, const ColorOptions& options) {
    std::vector<double> numbers(values.size());
    for (std::size_t row = 0; row < values.size(); ++row)
        numbers[row] = parseNumber(values[row]).value_or(std::numeric_limits<double>::quiet_NaN());
    return colorByNumber(numbers, options);
}

bool detectNumeric(std::span<const std::string> values, const ColorOptions& options) {
    std::size_t nonEmpty = 0;
    for (const std::string& value : values)
        nonEmpty += value.find_first_not_of(" \t\r\n") != std::string::npos;
    if (nonEmpty == 0) return false;
    // The distinct numbers matter only up to the threshold: a few dozen at most are kept.
    const std::size_t threshold = std::min(options.maxCategoryValues, nonEmpty / 2);
    std::vector<double> distinct;
    std::size_t numbers = 0;
    for (const std::string& value : values) {
        const std::optional<double> number = parseNumber(value);
        if (!number) continue;
        ++numbers;
        // == treats -0.0 and 0.0 as one value, as it should.
        if (distinct.size() <= threshold &&
            std::find(distinct.begin(), distinct.end(), *number) == distinct.end())
            distinct.push_back(*number);
    }
    return double(numbers) >= options.numericFraction * double(nonEmpty) &&
           distinct.size() > threshold;
}

PointColors colorByColumn(std::span<const std::string> values, const ColorOptions& options) {
    return detectNumeric(values, options) ? colorByNumber(values, options)
                                          : colorByCategory(values, options);
}

PointColors singleColor(std::size_t rows, Rgb8 color) {
    PointColors result;
    result.rgb.resize(rows * 3);
    for (std::size_t row = 0; row < rows; ++row)
        put(result.rgb, row, color);
    result.legend.kind = ColorLegend::Kind::Single;
    result.legend.entries.push_back({"all points", color, rows, LegendEntry::Kind::All});
    return result;
}

} // namespace vecspace

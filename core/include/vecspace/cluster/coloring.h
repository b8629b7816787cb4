#pragma once

// Per-point colours for the 3D view, and the legend that explains them: by category (a metadata
// column's strings, or cluster ids), by number (a gradient), chosen automatically from a
// column's values, or one colour for all.
//
// Colours are 8-bit sRGB, three bytes per row in row order: the layout of PointCloud::colors,
// which the renderer uploads as it is and binds as a normalised u8 vec3 vertex attribute
// (3 bytes a point instead of 12 for floats; 8 bits is all the screen shows anyway).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

struct Rgb8 {
    std::uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

// The greys differ by background: noise has to recede on both, so it is light on a light
// background and dark on a dark one. The themes match the view's (app/gui/view/view_theme.h).
enum class ColorTheme { Light, Dark };

struct ThemeGreys {
    Rgb8 other;   // categories beyond the palette
    Rgb8 noise;   // cluster id -1
    Rgb8 missing; // empty values, and values a gradient cannot place (not a number)
};
ThemeGreys themeGreys(ColorTheme theme);

// 50 distinct colours for categories, most frequent category first: Tableau 10 (the classic set,
// matplotlib's "tab10" and d3's schemeCategory10) without its grey, which would read as "other",
// then 41 colours chosen greedily in CIELAB, each as far as possible from every colour before it
// and from the themes' greys and backgrounds (Glasbey et al. 2007, "Colour displays for
// categorical images"). Deterministic; computed once.
const std::vector<Rgb8>& categoricalPalette();

// Viridis (van der Walt and Smith, matplotlib's default colour map, CC0) at t in [0, 1], clamped:
// linear interpolation between the 256 published 8-bit entries, so viridis(0) is #440154 and
// viridis(1) is #fde725.
Rgb8 viridis(double t);

enum class GradientScale {
    Auto, // Log when every number is positive and max / min > 1000, else Linear
    Linear,
    Log, // numbers <= 0 cannot be placed and get the missing grey
};

struct ColorOptions {
    ColorTheme theme = ColorTheme::Light;
    // Categories with a colour of their own; the rest share the "other" grey. 0 (or more than the
    // palette holds): the palette's size.
    std::size_t maxCategories = 0;
    GradientScale scale = GradientScale::Auto;
    std::size_t ticks = 5; // about this many ticks on a gradient's legend
    // Auto: a column is numeric when at least this fraction of its non-empty values parse as
    // finite numbers, and it has more distinct numbers than min(maxCategoryValues, half its
    // non-empty values): a handful of codes (digit classes, cluster ids) are categories, while
    // mostly unique numbers (ranks, counts, measurements) are a gradient even in a short column.
    double numericFraction = 0.95;
    std::size_t maxCategoryValues = 50;
};

struct LegendEntry {
    enum class Kind { Category, Other, Noise, Missing, All };
    std::string name; // the category; "other (N categories)", "noise", "(empty)", "not a number"
    Rgb8 color;
    std::size_t count = 0; // rows
    Kind kind = Kind::Category;
};

struct LegendTick {
    double value = 0;
    double position = 0; // along the gradient, 0 (min) to 1 (max)
    std::string text;
};

struct ColorLegend {
    enum class Kind { Single, Categories, Gradient };
    Kind kind = Kind::Single;
    // Categories: each coloured category, most frequent first (ties: first appearance), then
    // "other", "noise" and "(empty)" where they have rows. Gradient: the rows without a place
    // ("not a number"), if any. Single: one entry for all rows.
    std::vector<LegendEntry> entries;
    std::size_t otherCategories = 0; // categories folded into "other"
    // Gradient only: the numbers' range (as values, not logarithms), the scale and the ticks.
    double min = 0;
    double max = 0;
    bool logScale = false;
    std::vector<LegendTick> ticks;
};

struct PointColors {
    std::vector<std::uint8_t> rgb; // rows x 3, row-major, 0..255 (see the top of this file)
    ColorLegend legend;

    std::size_t rows() const { return rgb.size() / 3; }
    Rgb8 at(std::size_t row) const { return {rgb[3 * row], rgb[3 * row + 1], rgb[3 * row + 2]}; }
};

// Each distinct string is a category; empty strings get the missing grey.
PointColors colorByCategory(std::span<const std::string> values, const ColorOptions& options = {});

// Cluster ids, any negative id being noise (-1 in density_clustering.h); the legend names a
// cluster names[id] when given and not empty, else "cluster <id>".
PointColors colorByCluster(std::span<const std::int32_t> clusters,
                           std::span<const std::string> names = {},
                           const ColorOptions& options = {});

// Viridis from min (dark purple) to max (yellow); NaN and infinities get the missing grey. A
// column where every number is the same gets the middle colour.
PointColors colorByNumber(std::span<const double> values, const ColorOptions& options = {});
// The same over strings, parsed with parseNumber; the rest get the missing grey.
PointColors colorByNumber(std::span<const std::string> values, const ColorOptions& options = {});

// Categories or gradient, as detectNumeric decides.
PointColors colorByColumn(std::span<const std::string> values, const ColorOptions& options = {});

PointColors singleColor(std::size_t rows, Rgb8 color);

// The rule of ColorOptions::numericFraction and maxCategoryValues.
bool detectNumeric(std::span<const std::string> values, const ColorOptions& options = {});

// A finite number written in decimal or scientific notation ("12", "-0.5", "+3e-4"), with
// surrounding spaces allowed; anything else, NaN and infinities included, is not.
std::optional<double> parseNumber(std::string_view text);

} // namespace vecspace

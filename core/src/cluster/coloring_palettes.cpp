#include "vecspace/cluster/coloring.h"

#include <array>
#include <cmath>
#include <limits>

// The colours themselves: the greys, the categorical palette and viridis (coloring.h says where
// each comes from).

namespace vecspace {
namespace {

// matplotlib's viridis as 256 8-bit colours, copied from d3-scale-chromatic
// (src/sequential-multi/viridis.js), which publishes matplotlib's _viridis_data (CC0) rounded to
// bytes.
constexpr std::string_view kViridis =
    "44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467"
    "48166848176948186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677"
    "482878482979472a7a472c7a472d7b472e7c472f7d46307e46327e46337f463480453581453781453882"
    "443983443a83443b84433d84433e85423f854240864241864142874144874045884046883f47883f4889"
    "3e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b3b528b3a538b3a548c39558c39568c38588c"
    "38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d33638d32648e32658e31668e"
    "31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e2c728e2c738e"
    "2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e"
    "26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d"
    "218f8d21908d21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a"
    "1e9c891e9d891f9e891f9f881fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a884"
    "23a98324aa8325ab8225ac8226ad8127ad8128ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b"
    "32b67a34b67935b77937b87838b9773aba763bbb753dbc743fbc7340bd7242be7144bf7046c06f48c16e"
    "4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc8635ec96260ca6063cb5f65cb5e"
    "67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d84d44b86d549"
    "89d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32"
    "addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11c"
    "d2e21bd5e21ad8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61e"
    "f6e620f8e621fbe723fde725";
constexpr std::size_t kViridisSize = 256;

constexpr Rgb8 hexColor(std::string_view hex) {
    auto nibble = [](char c) {
        return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    };
    auto byte = [&](std::size_t i) {
        return static_cast<std::uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
    };
    return {byte(0), byte(2), byte(4)};
}

// Classic Tableau 10 (Tableau's former default categorical palette, matplotlib's tab10),
// without its grey #7f7f7f.
constexpr std::array<std::string_view, 9> kTableau = {
    "1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd", "8c564b", "e377c2", "bcbd22", "17becf"};
constexpr std::size_t kPaletteSize = 50;
constexpr Rgb8 kLightBackground{0xfa, 0xfa, 0xfa}; // ViewTheme::light().background
constexpr Rgb8 kDarkBackground{0x16, 0x18, 0x1d};  // ViewTheme::dark().background

struct Lab {
    double l, a, b;
};

// sRGB (D65) to CIELAB, the space Glasbey et al. space their colours in.
Lab toLab(Rgb8 c) {
    auto linear = [](std::uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    const double r = linear(c.r), g = linear(c.g), b = linear(c.b);
    const double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    auto f = [](double t) {
        return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
    };
    return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}

double distance(const Lab& p, const Lab& q) {
    return std::sqrt((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) +
                     (p.b - q.b) * (p.b - q.b));
}

std::vector<Rgb8> makePalette() {
    std::vector<Rgb8> palette;
    for (std::string_view hex : kTableau)
        palette.push_back(hexColor(hex));
    // Candidates: a 15-step sRGB grid, kept to colours that read on both backgrounds
    // (35 <= L* <= 85) and are clearly not grey (chroma >= 25).
    std::vector<Rgb8> candidates;
    std::vector<Lab> candidateLab;
    for (int r = 0; r < 256; r += 15)
        for (int g = 0; g < 256; g += 15)
            for (int b = 0; b < 256; b += 15) {
                const Rgb8 c{std::uint8_t(r), std::uint8_t(g), std::uint8_t(b)};
                const Lab lab = toLab(c);
                if (lab.l < 35 || lab.l > 85 || std::hypot(lab.a, lab.b) < 25) continue;
                candidates.push_back(c);
                candidateLab.push_back(lab);
            }
    std::vector<Lab> taken;
    for (const Rgb8& c : palette)
        taken.push_back(toLab(c));
    for (ColorTheme theme : {ColorTheme::Light, ColorTheme::Dark}) {
        const ThemeGreys greys = themeGreys(theme);
        for (const Rgb8& c : {greys.other, greys.noise, greys.missing})
            taken.push_back(toLab(c));
    }
    taken.push_back(toLab(kLightBackground));
    taken.push_back(toLab(kDarkBackground));

    // Greedy maximin: each new colour is the candidate farthest from everything taken so far
    // (ties: the first candidate), so the first colours are the most distinct.
    std::vector<double> nearest(candidates.size(), std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < candidates.size(); ++i)
        for (const Lab& t : taken)
            nearest[i] = std::min(nearest[i], distance(candidateLab[i], t));
    while (palette.size() < kPaletteSize) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < candidates.size(); ++i)
            if (nearest[i] > nearest[best]) best = i;
        palette.push_back(candidates[best]);
        const Lab chosen = candidateLab[best];
        for (std::size_t i = 0; i < candidates.size(); ++i)
            nearest[i] = std::min(nearest[i], distance(candidateLab[i], chosen));
    }
    return palette;
}

} // namespace

// "Other" is a mid grey on either background; noise (and missing values, which never share a
// colouring with noise) sits close to the background, so that it recedes: #d0d0d0 on the light
// theme's #fafafa, #464a52 on the dark theme's #16181d.
ThemeGreys themeGreys(ColorTheme theme) {
    if (theme == ColorTheme::Dark)
        return {{0x8a, 0x8a, 0x8a}, {0x46, 0x4a, 0x52}, {0x46, 0x4a, 0x52}};
    return {{0x9e, 0x9e, 0x9e}, {0xd0, 0xd0, 0xd0}, {0xd0, 0xd0, 0xd0}};
}

const std::vector<Rgb8>& categoricalPalette() {
    static const std::vector<Rgb8> palette = makePalette();
    return palette;
}

Rgb8 viridis(double t) {
    if (!(t > 0)) t = 0; // NaN too
    if (t > 1) t = 1;
    const double x = t * double(kViridisSize - 1);
    const std::size_t i = std::min(std::size_t(x), kViridisSize - 2);
    const double f = x - double(i);
    const Rgb8 a = hexColor(kViridis.substr(6 * i, 6));
    const Rgb8 b = hexColor(kViridis.substr(6 * (i + 1), 6));
    auto mix = [f](std::uint8_t p, std::uint8_t q) {
        return static_cast<std::uint8_t>(std::lround(p + (double(q) - p) * f));
    };
    return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

} // namespace vecspace

#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// Per-point state bits, one byte per point, uploaded as its own small buffer so that a selection
// or search change never touches positions or colours.
namespace PointFlag {
enum : std::uint8_t {
    Selected = 1,
    Highlighted = 2, // e.g. search matches; the others are dimmed while any point has this bit
    Hidden = 4,      // not drawn, not pickable
    Neighbor = 8,    // one of the selection's nearest neighbours (ringed)
};
} // namespace PointFlag

// What the point view shows, on the CPU side. It never calls OpenGL: each array carries a
// version, and PointRenderer uploads an array only when its version differs from the one its
// buffer holds. Positions stay in row order here; the renderer keeps its own shuffled copy.
struct PointCloud {
    std::vector<float> positions;     // rows x 3: where the points are (or are heading)
    std::vector<float> fromPositions; // rows x 3 while a layout transition runs, else empty
    std::vector<std::uint8_t> colors; // rows x 3 RGB; empty: the theme's default colour
    std::vector<std::uint8_t> flags;  // rows, PointFlag bits
    std::shared_ptr<const std::vector<std::string>> labels; // may be null or shorter than rows

    std::uint64_t positionsVersion = 0;
    std::uint64_t fromVersion = 0;
    std::uint64_t colorsVersion = 0;
    std::uint64_t flagsVersion = 0;

    int size() const { return static_cast<int>(positions.size() / 3); }
    bool has(int row, std::uint8_t bit) const {
        return row >= 0 && row < size() && (flags[std::size_t(row)] & bit);
    }

    // Sets `bit` on exactly `rows` (others cleared; rows out of range ignored).
    void setFlag(std::uint8_t bit, const std::vector<int>& rows) {
        for (std::uint8_t& f : flags)
            f &= std::uint8_t(~bit);
        for (int row : rows)
            if (row >= 0 && row < size()) flags[std::size_t(row)] |= bit;
        flagsVersion = nextVersion();
    }

    // A fresh version id for an array that changed. Global, so that a snapshot never shares an
    // id with an array it replaced.
    static std::uint64_t nextVersion() {
        static std::atomic<std::uint64_t> counter{0};
        return ++counter;
    }
};

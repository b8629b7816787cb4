#pragma once

#include "vecspace/base/embedding_set.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// How the unit-normalised rows behind cosine searches are kept.
enum class IndexStorage {
    Auto,     // half precision when the set's values are all exact in it (BF16 or F16 models),
              // else float32
    Float32,  // a float32 unit-normalised copy: 4 bytes a value
    BFloat16, // the values rounded to bfloat16 (2 bytes a value) with float32 norms, also when
              // that rounds them: half the memory and the time of a scan, cosines within 2^-8
};

const char* indexStorageName(IndexStorage storage); // "auto", "float32", "bfloat16"
// Parses a name indexStorageName gives; throws std::invalid_argument naming the choices.
IndexStorage parseIndexStorage(const std::string& name);

// The unit-normalised rows of a set, read by tiles. Float32 storage keeps u_i = v_i / |v_i|;
// half storage keeps v_i itself in 16 bits and 1 / |v_i|, so a BF16 or F16 model's vectors are
// held exactly in the bytes its file used, and a scan reads half as much memory.
class UnitRows {
public:
    enum class Kind { Float32, BFloat16, Float16 };

    UnitRows() = default;
    UnitRows(const EmbeddingSet& set, IndexStorage storage, unsigned threads);

    Kind kind() const { return m_kind; }
    bool exact() const { return m_exact; } // the stored values are the set's, not rounded
    std::size_t rows() const { return m_rows; }
    std::size_t dims() const { return m_dims; }
    std::size_t bytes() const;       // memory held
    std::string description() const; // e.g. "bfloat16, exact (1,002 MB)"

    // Rows a tile should hold so that a converted one stays in cache.
    std::size_t tileRows() const;
    // Unit rows [begin, begin + n): a view of the float32 copy, or converted into `scratch`
    // (valid until scratch changes).
    Eigen::Ref<const RowMatrix> tile(std::size_t begin, std::size_t n, RowMatrix& scratch) const;
    Eigen::VectorXf row(std::size_t row) const;
    // out[i] = u_(begin + i) . q for i < n (q has dims values): a single query's scan, which
    // half storage answers from its 16-bit values without converting a tile.
    void dot(std::size_t begin, std::size_t n, const Eigen::VectorXf& q, float* out) const;

private:
    Kind m_kind = Kind::Float32;
    bool m_exact = true;
    std::size_t m_rows = 0, m_dims = 0;
    RowMatrix m_unit;                  // Float32
    std::vector<std::uint16_t> m_half; // BFloat16 / Float16: rows x dims, row-major
    Eigen::VectorXf m_inverseNorms;    // half kinds: 1 / |v_i|, 0 for a zero vector
};

} // namespace vecspace

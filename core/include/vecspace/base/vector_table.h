#pragma once

#include <Eigen/Core>
#include <memory>

namespace vecspace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A read-only rows x cols float32 matrix, row-major and contiguous, wherever it lives: a
// RowMatrix, a VectorTable or a file read in place. Functions that only read an embedding
// matrix take one, so that a mapped file reaches them without a copy. Binding a view to a
// `const RowMatrix&` would copy the whole matrix silently; that conversion is deleted so that
// the compiler names every such place.
class MatrixView : public Eigen::Map<const RowMatrix> {
public:
    using Base = Eigen::Map<const RowMatrix>;
    MatrixView(const RowMatrix& matrix) : Base(matrix.data(), matrix.rows(), matrix.cols()) {}
    MatrixView(const Base& map) : Base(map) {}
    MatrixView(const float* data, Eigen::Index rows, Eigen::Index cols) : Base(data, rows, cols) {}
    // Whole rows of a row-major matrix (topRows, middleRows): contiguous, so no copy either.
    template <typename Matrix>
    MatrixView(const Eigen::Block<Matrix, Eigen::Dynamic, Eigen::Dynamic, true>& rows)
        : Base(rows.data(), rows.rows(), rows.cols()) {
        static_assert(Eigen::Block<Matrix, Eigen::Dynamic, Eigen::Dynamic, true>::IsRowMajor);
    }
    operator const RowMatrix&() const = delete;
};

// An embedding set's vectors: a matrix it owns, or one it reads in place from a mapped file
// (an .npy of little-endian float32), which `keeper` holds open. Reads go through the Eigen
// map this class is; writes through edit(), which first copies a table read in place (the
// file is never written).
class VectorTable : public Eigen::Map<const RowMatrix> {
public:
    using Base = Eigen::Map<const RowMatrix>;
    VectorTable() : Base(nullptr, 0, 0) {}
    VectorTable(RowMatrix matrix); // takes the matrix's storage
    VectorTable(std::shared_ptr<const void> keeper, const float* data, Eigen::Index rows,
                Eigen::Index cols);
    VectorTable(const VectorTable& other);
    VectorTable(VectorTable&& other) noexcept;
    VectorTable& operator=(const VectorTable& other);
    VectorTable& operator=(VectorTable&& other) noexcept;
    VectorTable& operator=(RowMatrix matrix);

    // rows x cols of owned storage, its values unset.
    void resize(Eigen::Index rows, Eigen::Index cols);
    // Keeps the first `rows` rows (at most rows()), without copying them.
    void keepRows(Eigen::Index rows);
    // The values to write into, of this table's size; a table read in place is copied first.
    Eigen::Map<RowMatrix> edit();
    // Whether the values are read in place from a file rather than owned.
    bool inPlace() const { return m_keeper != nullptr; }

    MatrixView view() const { return MatrixView(static_cast<const Base&>(*this)); }
    operator const RowMatrix&() const = delete;

private:
    void bind(const float* data, Eigen::Index rows, Eigen::Index cols);
    void bindOwned() { bind(m_owned.data(), m_owned.rows(), m_owned.cols()); }

    RowMatrix m_owned;
    std::shared_ptr<const void> m_keeper; // the mapping, when read in place
};

} // namespace vecspace

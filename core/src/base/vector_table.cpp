#include "vecspace/base/vector_table.h"

#include <algorithm>
#include <new>
#include <stdexcept>
#include <utility>

namespace vecspace {

VectorTable::VectorTable(RowMatrix matrix) : Base(nullptr, 0, 0), m_owned(std::move(matrix)) {
    bindOwned();
}

VectorTable::VectorTable(std::shared_ptr<const void> keeper, const float* data, Eigen::Index rows,
                         Eigen::Index cols)
    : Base(nullptr, 0, 0), m_keeper(std::move(keeper)) {
    // Without a keeper nothing would keep the values alive, and copies would lose them.
    if (!m_keeper) throw std::invalid_argument("VectorTable: values read in place need a keeper");
    bind(data, rows, cols);
}

VectorTable::VectorTable(const VectorTable& other)
    : Base(nullptr, 0, 0), m_owned(other.m_owned), m_keeper(other.m_keeper) {
    if (m_keeper)
        bind(other.data(), other.rows(), other.cols());
    else
        bindOwned();
}

VectorTable::VectorTable(VectorTable&& other) noexcept : VectorTable() {
    *this = std::move(other);
}

VectorTable& VectorTable::operator=(const VectorTable& other) {
    if (this != &other) *this = VectorTable(other);
    return *this;
}

VectorTable& VectorTable::operator=(VectorTable&& other) noexcept {
    if (this == &other) return *this;
    m_owned = std::move(other.m_owned);
    m_keeper = std::move(other.m_keeper);
    if (m_keeper)
        bind(other.data(), other.rows(), other.cols());
    else
        bindOwned();
    other.m_owned.resize(0, 0);
    other.bindOwned();
    return *this;
}

VectorTable& VectorTable::operator=(RowMatrix matrix) {
    m_owned = std::move(matrix);
    m_keeper.reset();
    bindOwned();
    return *this;
}

void VectorTable::resize(Eigen::Index rows, Eigen::Index cols) {
    m_keeper.reset();
    m_owned.resize(rows, cols);
    bindOwned();
}

void VectorTable::keepRows(Eigen::Index rows) {
    rows = std::clamp<Eigen::Index>(rows, 0, this->rows());
    if (m_keeper) {
        bind(data(), rows, cols());
    } else {
        // Fewer rows of the same width: Eigen shrinks a row-major matrix in place (realloc).
        m_owned.conservativeResize(rows, Eigen::NoChange);
        bindOwned();
    }
}

Eigen::Map<RowMatrix> VectorTable::edit() {
    if (m_keeper) {
        m_owned = static_cast<const Base&>(*this);
        m_keeper.reset();
        bindOwned();
    }
    return Eigen::Map<RowMatrix>(m_owned.data(), m_owned.rows(), m_owned.cols());
}

void VectorTable::bind(const float* data, Eigen::Index rows, Eigen::Index cols) {
    // Eigen's documented way to point a Map elsewhere.
    new (static_cast<Base*>(this)) Base(data, rows, cols);
}

} // namespace vecspace

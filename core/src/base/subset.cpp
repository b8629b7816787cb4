#include "vecspace/base/subset.h"

#include <stdexcept>
#include <string>

namespace vecspace {

EmbeddingSet subset(const EmbeddingSet& set, std::span<const std::size_t> rows) {
    for (std::size_t row : rows)
        if (row >= set.rows())
            throw std::out_of_range("subset: row " + std::to_string(row) + " of a set of " +
                                    std::to_string(set.rows()) + " rows");
    EmbeddingSet out;
    out.format = set.format;
    out.source = set.source;
    RowMatrix vectors(static_cast<Eigen::Index>(rows.size()), set.vectors.cols());
    out.labels.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        vectors.row(static_cast<Eigen::Index>(i)) =
            set.vectors.row(static_cast<Eigen::Index>(rows[i]));
        out.labels.push_back(rows[i] < set.labels.size() ? set.labels[rows[i]] : std::string());
    }
    out.vectors = std::move(vectors);
    out.metadata.reserve(set.metadata.size());
    for (const MetadataColumn& column : set.metadata) {
        MetadataColumn& picked = out.metadata.emplace_back();
        picked.name = column.name;
        picked.values.reserve(rows.size());
        for (std::size_t row : rows)
            picked.values.push_back(row < column.values.size() ? column.values[row]
                                                               : std::string());
    }
    return out;
}

} // namespace vecspace

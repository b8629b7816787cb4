#pragma once

#include "vecspace/embedding_set.h"

#include <QAbstractListModel>
#include <QString>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// The labels of one embedding set, narrowed by a case-insensitive substring filter.
class LabelListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        SourceRowRole = Qt::UserRole, // int: the label's row in the embedding set
    };

    explicit LabelListModel(QObject* parent = nullptr);

    // Keeps the current filter and applies it to the new set; null shows nothing.
    void setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set);
    std::shared_ptr<const vecspace::EmbeddingSet> dataset() const { return m_set; }

    QString filter() const { return m_filter; }
    int matchCount() const { return rowCount(); }
    int totalCount() const;
    int sourceRow(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

public slots:
    void setFilter(const QString& text);

private:
    void updateMatches(bool narrowing);
    bool matches(int sourceRow) const;

    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    // Labels with a byte >= 0x80: only these need a QString (and Unicode case folding) to match.
    std::vector<std::uint8_t> m_nonAscii;
    QString m_filter;
    QString m_foldedFilter;
    bool m_asciiNeedle = true;
    std::string m_needle;       // m_foldedFilter as bytes, when it is ASCII
    std::vector<int> m_matches; // source rows; used only while the filter is not empty
};

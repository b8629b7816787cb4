#pragma once

#include "vecspace/base/embedding_set.h"

#include <QAbstractListModel>
#include <memory>
#include <vector>

// The rows of one embedding set shown as a list: every row, or the rows a search matched. The
// model holds row numbers only and makes each QString when the view asks for it, so showing
// hundreds of thousands of matches costs a vector of ints, never a QStringList.
class LabelListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        SourceRowRole = Qt::UserRole, // int: the label's row in the embedding set
    };

    explicit LabelListModel(QObject* parent = nullptr);

    // Shows every row of the new set; null shows nothing.
    void setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set);
    std::shared_ptr<const vecspace::EmbeddingSet> dataset() const { return m_set; }

    // Rows of the set to list, in order; showAll() lists every row again.
    void setRows(std::vector<int> rows);
    void showAll();
    bool showsAll() const { return m_all; }
    // A metadata column whose value follows each label ("label — value"); -1: labels only.
    void setValueColumn(int column);
    // What the view shows as each row's label when it is not the label itself (label-by a
    // metadata column): listed first, the label after it ("3 · digit_0017"); null: labels.
    void setLabelTexts(std::shared_ptr<const std::vector<std::string>> texts);

    int matchCount() const { return rowCount(); }
    int totalCount() const;
    int sourceRow(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    bool m_all = true;
    std::vector<int> m_rows; // used only while !m_all
    int m_valueColumn = -1;
    std::shared_ptr<const std::vector<std::string>> m_labelTexts;
};

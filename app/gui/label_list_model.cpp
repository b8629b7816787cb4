#include "label_list_model.h"

LabelListModel::LabelListModel(QObject* parent) : QAbstractListModel(parent) {}

void LabelListModel::setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set) {
    beginResetModel();
    m_set = std::move(set);
    m_all = true;
    m_rows.clear();
    m_valueColumn = -1;
    m_labelTexts.reset();
    endResetModel();
}

void LabelListModel::setRows(std::vector<int> rows) {
    beginResetModel();
    m_all = false;
    m_rows = std::move(rows);
    endResetModel();
}

void LabelListModel::showAll() {
    beginResetModel();
    m_all = true;
    m_rows.clear();
    m_rows.shrink_to_fit();
    endResetModel();
}

void LabelListModel::setValueColumn(int column) {
    if (column == m_valueColumn) return;
    beginResetModel();
    m_valueColumn = column;
    endResetModel();
}

int LabelListModel::totalCount() const {
    return m_set ? static_cast<int>(m_set->labels.size()) : 0;
}

int LabelListModel::sourceRow(int row) const {
    if (row < 0 || row >= rowCount()) return -1;
    return m_all ? row : m_rows[static_cast<std::size_t>(row)];
}

int LabelListModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return m_all ? totalCount() : static_cast<int>(m_rows.size());
}

QVariant LabelListModel::data(const QModelIndex& index, int role) const {
    const int source = sourceRow(index.row());
    if (!index.isValid() || source < 0) return {};
    const auto row = static_cast<std::size_t>(source);
    switch (role) {
    case Qt::DisplayRole: {
        QString label = QString::fromStdString(m_set->labels[row]);
        if (m_labelTexts && row < m_labelTexts->size())
            label =
                QStringLiteral("%1 · %2").arg(QString::fromStdString((*m_labelTexts)[row]), label);
        if (m_valueColumn < 0 || std::size_t(m_valueColumn) >= m_set->metadata.size()) return label;
        return QStringLiteral("%1 — %2").arg(
            label, QString::fromStdString(m_set->metadata[std::size_t(m_valueColumn)].values[row]));
    }
    case SourceRowRole:
        return source;
    default:
        return {};
    }
}

void LabelListModel::setLabelTexts(std::shared_ptr<const std::vector<std::string>> texts) {
    beginResetModel();
    m_labelTexts = std::move(texts);
    endResetModel();
}

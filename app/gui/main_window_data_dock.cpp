// The Data dock of MainWindow: what the loaded file is (name, format, size, load time, metadata
// columns) and every warning the loader gave, with its line.
#include "main_window.h"
#include "vecspace/io/format.h"
#include "vecspace/io/load_warning.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace {

QLabel* addFormRow(QFormLayout* form, const QString& title, const char* objectName) {
    auto* value = new QLabel(QStringLiteral("—"));
    value->setObjectName(QLatin1String(objectName));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long file name is clipped rather than widening the dock; the tooltip has all of it.
    value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    form->addRow(title, value);
    return value;
}

} // namespace

QString MainWindow::formatSeconds(double seconds) {
    return QString::number(seconds, 'f', seconds < 0.1 ? 3 : 2);
}

void MainWindow::createDataDock() {
    m_dataDock = new QDockWidget(tr("Data"), this);
    m_dataDock->setObjectName(QStringLiteral("dataDock"));

    auto* panel = new QWidget(m_dataDock);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(9, 6, 9, 9);
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_fileValue = addFormRow(form, tr("File:"), "fileValue");
    m_formatValue = addFormRow(form, tr("Format:"), "formatValue");
    m_rowsValue = addFormRow(form, tr("Rows:"), "rowsValue");
    m_dimsValue = addFormRow(form, tr("Dimensions:"), "dimsValue");
    m_loadTimeValue = addFormRow(form, tr("Load time:"), "loadTimeValue");
    m_metadataValue = addFormRow(form, tr("Metadata:"), "metadataValue");
    m_metadataValue->setWordWrap(true);

    m_warningsTitle = new QLabel(tr("Warnings"), panel);
    m_warningList = new QListWidget(panel);
    m_warningList->setObjectName(QStringLiteral("warningList"));
    m_warningList->setWordWrap(true);

    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addWidget(m_warningsTitle);
    layout->addWidget(m_warningList, 1);
    m_dataDock->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, m_dataDock);
    resizeDocks({m_dataDock}, {320}, Qt::Horizontal);
}

void MainWindow::showDatasetInfo(double seconds) {
    const vecspace::EmbeddingSet& set = *m_dataset;
    const QLocale locale;
    const QFileInfo file(m_loadingPath);
    m_fileValue->setText(file.fileName());
    m_fileValue->setToolTip(QDir::toNativeSeparators(file.absoluteFilePath()));
    m_formatValue->setText(QString::fromUtf8(vecspace::formatName(set.format).data(),
                                             qsizetype(vecspace::formatName(set.format).size())));
    m_rowsValue->setText(locale.toString(qulonglong(set.rows())));
    m_dimsValue->setText(locale.toString(qulonglong(set.dims())));
    m_loadTimeValue->setText(tr("%1 s").arg(formatSeconds(seconds)));

    QStringList columns;
    for (const vecspace::MetadataColumn& column : set.metadata)
        columns << QString::fromStdString(column.name);
    m_metadataValue->setText(columns.isEmpty() ? tr("none") : columns.join(QStringLiteral(", ")));

    m_warningList->clear();
    for (const vecspace::LoadWarning& warning : set.warnings) {
        const QString message = QString::fromStdString(warning.message);
        auto* item = new QListWidgetItem(
            warning.line > 0 ? tr("Line %1: %2").arg(warning.line).arg(message) : message);
        const std::string_view kind = vecspace::warningKindName(warning.kind);
        item->setToolTip(QString::fromUtf8(kind.data(), qsizetype(kind.size())));
        m_warningList->addItem(item);
    }
    m_warningsTitle->setText(set.warnings.empty() ? tr("Warnings: none")
                                                  : tr("Warnings (%1)").arg(set.warnings.size()));
}

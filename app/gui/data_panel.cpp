#include "data_panel.h"

#include "dataset.h"
#include "vecspace/io/format.h"
#include "vecspace/io/load_warning.h"
#include "workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QSignalBlocker>
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

QString DataPanel::formatSeconds(double seconds) {
    return QString::number(seconds, 'f', seconds < 0.1 ? 3 : 2);
}

DataPanel::DataPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(9, 6, 9, 9);
    layout->addWidget(new QLabel(tr("Open files"), this));
    m_documents = new QListWidget(this);
    m_documents->setObjectName(QStringLiteral("documentList"));
    m_documents->setMaximumHeight(110);
    layout->addWidget(m_documents);

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
    // A model file's own facts: architecture, name, context length, tensor, dtype, vocabulary.
    m_modelValue = addFormRow(form, tr("Model:"), "modelValue");
    m_modelValue->setWordWrap(true);
    m_form = form;

    m_warningsTitle = new QLabel(tr("Warnings"), this);
    m_warningList = new QListWidget(this);
    m_warningList->setObjectName(QStringLiteral("warningList"));
    m_warningList->setWordWrap(true);

    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addWidget(m_warningsTitle);
    layout->addWidget(m_warningList, 1);

    connect(m_documents, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_workspace->count())
            m_workspace->setActive(m_workspace->documents()[row]);
    });
    connect(m_workspace, &Workspace::documentAdded, this, &DataPanel::rebuildList);
    connect(m_workspace, &Workspace::documentClosed, this, &DataPanel::rebuildList);
    connect(m_workspace, &Workspace::namesChanged, this, &DataPanel::rebuildList);
    connect(m_workspace, &Workspace::activeChanged, this, [this](Dataset* document) {
        rebuildList();
        showDocument(document);
    });
    showDocument(nullptr);
}

void DataPanel::rebuildList() {
    const QSignalBlocker blocker(m_documents);
    m_documents->clear();
    for (const Dataset* document : m_workspace->documents()) {
        // The size beside the name: two models of the same words differ in their dimensions.
        const QLocale locale;
        auto* item = new QListWidgetItem(
            tr("%1   %2 × %3")
                .arg(document->displayName(), locale.toString(qulonglong(document->rows())),
                     locale.toString(qulonglong(document->set()->dims()))),
            m_documents);
        item->setToolTip(
            document->isDerived()
                ? document->fileName()
                : QDir::toNativeSeparators(QFileInfo(document->source().path).absoluteFilePath()));
    }
    m_documents->setCurrentRow(m_workspace->indexOf(m_workspace->active()));
}

void DataPanel::showDocument(Dataset* document) {
    m_warningList->clear();
    if (!document) {
        for (QLabel* value : {m_fileValue, m_formatValue, m_rowsValue, m_dimsValue, m_loadTimeValue,
                              m_metadataValue})
            value->setText(QStringLiteral("—"));
        m_form->setRowVisible(m_modelValue, false);
        m_warningsTitle->setText(tr("Warnings"));
        return;
    }
    const vecspace::EmbeddingSet& set = *document->set();
    const QLocale locale;
    const QFileInfo file(document->source().path);
    m_fileValue->setText(document->isDerived() ? document->fileName() : file.fileName());
    m_fileValue->setToolTip(document->isDerived()
                                ? tr("made from the documents it compares; not saved")
                                : QDir::toNativeSeparators(file.absoluteFilePath()));
    const std::string_view format = vecspace::formatName(set.format);
    m_formatValue->setText(QString::fromUtf8(format.data(), qsizetype(format.size())) +
                           (set.vectors.inPlace() ? tr(", read in place") : QString()));
    m_formatValue->setToolTip(set.vectors.inPlace()
                                  ? tr("The values are the file's own pages, not a copy. If "
                                       "another program rewrites the file, this set keeps the "
                                       "values it read.")
                                  : QString());
    m_rowsValue->setText(locale.toString(qulonglong(set.rows())));
    m_dimsValue->setText(locale.toString(qulonglong(set.dims())));
    m_loadTimeValue->setText(tr("%1 s").arg(formatSeconds(document->source().seconds)));

    QStringList columns;
    for (const vecspace::MetadataColumn& column : set.metadata)
        columns << QString::fromStdString(column.name);
    m_metadataValue->setText(columns.isEmpty() ? tr("none") : columns.join(QStringLiteral(", ")));
    QStringList facts;
    for (const auto& [key, value] : set.properties)
        facts << QStringLiteral("%1: %2").arg(QString::fromStdString(key),
                                              QString::fromStdString(value));
    m_modelValue->setText(facts.join(QLatin1Char('\n')));
    m_form->setRowVisible(m_modelValue, !facts.isEmpty());

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

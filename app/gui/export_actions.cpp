#include "export_actions.h"

#include "dataset.h"
#include "fs_path.h"
#include "notifier.h"
#include "point_view.h"
#include "task_runner.h"
#include "workspace.h"
#include "screenshot_dialog.h"
#include "vecspace/base/subset.h"
#include "vecspace/io/layout_io.h"
#include "vecspace/io/writer.h"

#include <QBuffer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <stdexcept>

namespace {

// A file dialog's name, with the suffix of the chosen filter when the user typed none.
QString withSuffix(QString path, const QString& suffix) {
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
    return path;
}

} // namespace

ExportActions::ExportActions(const WindowParts& parts, QObject* parent)
    : QObject(parent), m_parts(parts), m_menu(new QMenu(tr("&Export"), parts.window)) {
    m_menu->setObjectName(QStringLiteral("exportMenu"));
    QAction* layout =
        m_menu->addAction(tr("&Layout Coordinates…"), this, &ExportActions::chooseLayoutFile);
    QAction* selection = m_menu->addAction(tr("&Selection as Projector TSV…"), this,
                                           &ExportActions::chooseSelectionFile);
    QAction* screenshot =
        m_menu->addAction(tr("Screens&hot…"), this, &ExportActions::chooseScreenshot);
    connect(m_menu, &QMenu::aboutToShow, this, [this, layout, selection, screenshot] {
        const Dataset* document = m_parts.workspace->active();
        const bool shown = document && document->hasLayout();
        layout->setEnabled(shown);
        selection->setEnabled(shown && !document->selection().empty());
        screenshot->setEnabled(shown);
    });
}

void ExportActions::exportLayout(const QString& path) {
    const Dataset* document = m_parts.workspace->active();
    if (!document || !document->hasLayout()) {
        fail(tr("%1: there is no layout to export yet").arg(path));
        return;
    }
    // What the view shows: in 2D mode, x and y (a 3D layout seen flat has its z dropped).
    const auto set = document->set();
    vecspace::RowMatrix coordinates = document->layoutMatrix(m_parts.view->is2DMode() ? 2 : 3);
    writeInBackground(path, tr("layout"),
                      [set, coordinates = std::move(coordinates), path](TaskContext& context) {
                          const std::filesystem::path file = toFsPath(path);
                          const auto format = vecspace::layoutFormatFromPath(file);
                          const std::string text =
                              vecspace::formatLayout(set->labels, coordinates, format,
                                                     format == vecspace::LayoutFormat::Csv, file);
                          // A cancel while the text was made leaves the old file as it was.
                          if (context.isCancelled()) throw vecspace::Cancelled();
                          vecspace::writeFileAtomically(file, text);
                      });
}

void ExportActions::exportSelection(const QString& path) {
    const Dataset* document = m_parts.workspace->active();
    const std::vector<int> selection = document ? document->selection() : std::vector<int>{};
    const auto set = document ? document->set() : nullptr;
    if (!set || selection.empty()) {
        fail(tr("%1: nothing is selected").arg(path));
        return;
    }
    const std::vector<std::size_t> rows(selection.begin(), selection.end());
    writeInBackground(path, tr("selection"), [set, rows, path](TaskContext& context) {
        vecspace::WriteOptions options;
        options.format = vecspace::Format::ProjectorTsv;
        options.progress = context.progressFn(); // a cancel removes the temporary files
        vecspace::writeEmbeddings(vecspace::subset(*set, rows), toFsPath(path), options);
    });
}

bool ExportActions::exportScreenshot(const QString& path, QSize size) {
    PointView* view = m_parts.view;
    const QImage image = view->renderImage(size);
    if (image.isNull()) {
        const QString reason = view->errorString().isEmpty()
                                   ? tr("the graphics driver cannot render an image that large")
                                   : view->errorString();
        fail(tr("%1: cannot render a %2 x %3 screenshot: %4")
                 .arg(path)
                 .arg(size.width())
                 .arg(size.height())
                 .arg(reason));
        return false;
    }
    // PNG compression of a large picture takes a while: on the worker, with the atomic write.
    writeInBackground(path, tr("screenshot"), [image, path](TaskContext& context) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            throw std::runtime_error(path.toStdString() +
                                     ": the image could not be encoded as PNG");
        if (context.isCancelled()) throw vecspace::Cancelled();
        vecspace::writeFileAtomically(toFsPath(path),
                                      std::string_view(png.constData(), std::size_t(png.size())));
    });
    return true;
}

void ExportActions::writeInBackground(const QString& path, const QString& what,
                                      std::function<void(TaskContext&)> write) {
    m_parts.notifier->status(tr("Writing %1…").arg(QFileInfo(path).fileName()));
    TaskOptions task;
    task.title = tr("Writing %1").arg(QFileInfo(path).fileName());
    // Cancelled, the write stops before its rename: the old file stays as it was.
    m_parts.tasks->start(
        task, this, [write = std::move(write)](TaskContext& context) { write(context); },
        [this, path, what] {
            m_parts.notifier->status(tr("Exported the %1 to %2").arg(what, path), 5000);
            emit exported(path);
        },
        [this](const TaskEnd& end) { fail(end.message); });
}

void ExportActions::fail(const QString& message) {
    emit failed(message);
    m_parts.notifier->error(tr("Export"), tr("The export could not be written."), message);
}

void ExportActions::chooseLayoutFile() {
    const QString tsv = tr("Tab-separated (*.tsv)");
    const QString csv = tr("Comma-separated (*.csv)");
    QString filter = tsv;
    const QString path = QFileDialog::getSaveFileName(m_parts.window, tr("Export Layout Coordinates"),
                                                      QStringLiteral("layout.tsv"),
                                                      tsv + QStringLiteral(";;") + csv, &filter);
    if (!path.isEmpty())
        exportLayout(
            withSuffix(path, filter == csv ? QStringLiteral("csv") : QStringLiteral("tsv")));
}

void ExportActions::chooseSelectionFile() {
    const QString path = QFileDialog::getSaveFileName(
        m_parts.window, tr("Export Selection as Projector TSV"), QStringLiteral("selection.tsv"),
        tr("Projector vectors (*.tsv)"));
    if (!path.isEmpty()) exportSelection(withSuffix(path, QStringLiteral("tsv")));
}

void ExportActions::chooseScreenshot() {
    const PointView* view = m_parts.view;
    ScreenshotDialog dialog(view->size(), m_parts.window);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString path =
        QFileDialog::getSaveFileName(m_parts.window, tr("Export Screenshot"),
                                     QStringLiteral("vecspace.png"), tr("PNG images (*.png)"));
    if (!path.isEmpty())
        exportScreenshot(withSuffix(path, QStringLiteral("png")), dialog.imageSize());
}

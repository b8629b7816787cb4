#include "export_actions.h"

#include "main_window.h"
#include "point_view.h"
#include "screenshot_dialog.h"
#include "vecspace/base/subset.h"
#include "vecspace/io/layout_io.h"
#include "vecspace/io/writer.h"

#include <QBuffer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>
#include <stdexcept>

namespace {

std::filesystem::path toFsPath(const QString& path) {
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

// A file dialog's name, with the suffix of the chosen filter when the user typed none.
QString withSuffix(QString path, const QString& suffix) {
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
    return path;
}

} // namespace

ExportActions::ExportActions(MainWindow* window)
    : QObject(window), m_window(window), m_menu(new QMenu(tr("&Export"), window)) {
    m_menu->setObjectName(QStringLiteral("exportMenu"));
    QAction* layout =
        m_menu->addAction(tr("&Layout Coordinates…"), this, &ExportActions::chooseLayoutFile);
    QAction* selection = m_menu->addAction(tr("&Selection as Projector TSV…"), this,
                                           &ExportActions::chooseSelectionFile);
    QAction* screenshot =
        m_menu->addAction(tr("Screens&hot…"), this, &ExportActions::chooseScreenshot);
    connect(m_menu, &QMenu::aboutToShow, this, [this, layout, selection, screenshot] {
        const auto set = m_window->dataset();
        const PointView* view = m_window->pointView();
        const bool shown = set && view->pointCount() == int(set->rows());
        layout->setEnabled(shown);
        selection->setEnabled(shown && !view->selection().empty());
        screenshot->setEnabled(shown);
    });
}

void ExportActions::exportLayout(const QString& path) {
    const auto set = m_window->dataset();
    const PointView* view = m_window->pointView();
    if (!set || view->pointCount() != int(set->rows())) {
        fail(tr("%1: there is no layout to export yet").arg(path));
        return;
    }
    // What the view shows: in 2D mode, x and y (a 3D layout seen flat has its z dropped).
    const Eigen::Index dims = view->is2DMode() ? 2 : 3;
    const std::vector<float>& xyz = view->positions();
    vecspace::RowMatrix coordinates(Eigen::Index(set->rows()), dims);
    for (Eigen::Index row = 0; row < coordinates.rows(); ++row)
        for (Eigen::Index c = 0; c < dims; ++c)
            coordinates(row, c) = xyz[std::size_t(row * 3 + c)];
    writeInBackground(path, tr("layout"), [set, coordinates = std::move(coordinates), path] {
        const std::filesystem::path file = toFsPath(path);
        vecspace::LayoutWriteOptions options;
        options.header = vecspace::layoutFormatFromPath(file) == vecspace::LayoutFormat::Csv;
        vecspace::writeLayout(file, set->labels, coordinates, options);
    });
}

void ExportActions::exportSelection(const QString& path) {
    const auto set = m_window->dataset();
    const std::vector<int> selection = m_window->pointView()->selection();
    if (!set || selection.empty()) {
        fail(tr("%1: nothing is selected").arg(path));
        return;
    }
    const std::vector<std::size_t> rows(selection.begin(), selection.end());
    writeInBackground(path, tr("selection"), [set, rows, path] {
        vecspace::WriteOptions options;
        options.format = vecspace::Format::ProjectorTsv;
        vecspace::writeEmbeddings(vecspace::subset(*set, rows), toFsPath(path), options);
    });
}

bool ExportActions::exportScreenshot(const QString& path, QSize size) {
    PointView* view = m_window->pointView();
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
    writeInBackground(path, tr("screenshot"), [image, path] {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            throw std::runtime_error(path.toStdString() +
                                     ": the image could not be encoded as PNG");
        vecspace::writeFileAtomically(toFsPath(path),
                                      std::string_view(png.constData(), std::size_t(png.size())));
    });
    return true;
}

void ExportActions::writeInBackground(const QString& path, const QString& what,
                                      std::function<void()> write) {
    m_window->statusBar()->showMessage(tr("Writing %1…").arg(QFileInfo(path).fileName()));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path, what] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            fail(error);
            return;
        }
        m_window->statusBar()->showMessage(tr("Exported the %1 to %2").arg(what, path), 5000);
        emit exported(path);
    });
    watcher->setFuture(QtConcurrent::run([write = std::move(write)]() -> QString {
        try {
            write();
            return {};
        } catch (const std::bad_alloc&) {
            return tr("not enough memory to write the file");
        } catch (const std::exception& error) {
            return QString::fromUtf8(error.what()); // the core's messages name the file
        }
    }));
}

void ExportActions::fail(const QString& message) {
    m_window->statusBar()->showMessage(tr("Export failed: %1").arg(message), 10000);
    emit failed(message);
    if (m_window->isScreenshotMode()) return;
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Export"),
                                tr("The export could not be written."), QMessageBox::Ok, m_window);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void ExportActions::chooseLayoutFile() {
    const QString tsv = tr("Tab-separated (*.tsv)");
    const QString csv = tr("Comma-separated (*.csv)");
    QString filter = tsv;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export Layout Coordinates"),
                                                      QStringLiteral("layout.tsv"),
                                                      tsv + QStringLiteral(";;") + csv, &filter);
    if (!path.isEmpty())
        exportLayout(
            withSuffix(path, filter == csv ? QStringLiteral("csv") : QStringLiteral("tsv")));
}

void ExportActions::chooseSelectionFile() {
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export Selection as Projector TSV"), QStringLiteral("selection.tsv"),
        tr("Projector vectors (*.tsv)"));
    if (!path.isEmpty()) exportSelection(withSuffix(path, QStringLiteral("tsv")));
}

void ExportActions::chooseScreenshot() {
    const PointView* view = m_window->pointView();
    ScreenshotDialog dialog(view->size(), m_window);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString path =
        QFileDialog::getSaveFileName(m_window, tr("Export Screenshot"),
                                     QStringLiteral("vecspace.png"), tr("PNG images (*.png)"));
    if (!path.isEmpty())
        exportScreenshot(withSuffix(path, QStringLiteral("png")), dialog.imageSize());
}

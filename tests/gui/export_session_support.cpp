#include "export_session_support.h"

#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"

#include <QComboBox>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

namespace exportsession {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void open(MainWindow& window, const QString& file) {
    window.setScreenshotMode(true); // failures go to signals, not message boxes
    window.resize(900, 600);
    window.show();
    QSignalSpy ready(&window, &MainWindow::layoutReady);
    if (file.isEmpty())
        window.openDemoSet();
    else
        window.openFile(file);
    QVERIFY(ready.wait(kWaitMs));
}

void runPca2D(MainWindow& window) {
    auto* method = window.findChild<QComboBox*>("projectionMethod");
    auto* dims = window.findChild<QComboBox*>("projectionDims");
    QVERIFY(method && dims);
    method->setCurrentIndex(method->findText("PCA"));
    dims->setCurrentIndex(dims->findText("2D"));
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.findChild<QPushButton*>("projectionRun")->click();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(window.pointView()->is2DMode());
}

} // namespace exportsession

#pragma once

#include "compare_settings.h"
#include "vecspace/layout/projection.h"
#include "window_parts.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <optional>

class Dataset;

// What the command line asks the window to show once its first file is loaded, step by step: a
// projection (run through the Projection dock's controller, to the end), colours, a selected
// label or an analogy's answer, and, for --screenshot, one complete frame of the whole window
// saved to a file. Each step waits for the last to finish, the view's animations included, so
// the picture never catches a layout or a camera half way.
class StartupScript : public QObject {
    Q_OBJECT

public:
    struct Options {
        std::optional<vecspace::ProjectionMethod> method; // none: the PCA overview as loaded
        int dimensions = 0;                               // 2 or 3; 0: 3
        QString colorBy;                                  // "cluster" or a metadata column
        QString select;                                   // a label
        QString analogy;          // "king - man + woman" or "man : king :: woman : ?"
        bool analogyAxes = false; // then lay the analogy out on its axes
        QString compareWith;      // a file B to compare the first file with
        CompareSettings compare;  // and how
        QString screenshotPath;   // empty: the window stays open
    };

    StartupScript(const WindowParts& parts, Options options, QObject* parent = nullptr);

    // Call before the window starts loading its files: the script works on the document of the
    // next file the window's DocumentLoader opens (the first on the command line).
    void start();
    // Instead of start(): on the active document once the session is open.
    void startOnSession(QObject* sessions); // a SessionController
    bool isScreenshot() const { return !m_options.screenshotPath.isEmpty(); }

signals:
    // ok: every step done (and the picture saved); otherwise message says what failed.
    void finished(bool ok, QString message);

private:
    void begin(Dataset* document);
    void waitForLayout();
    void openComparison();
    // Once every document the comparison shows has its layout, the other steps.
    void whenComparisonShown();
    void runProjection();
    void applyColoring();
    void selectLabel();
    void showAnalogy();
    void onAnalogyAnswered(bool ok, const QString& message);
    void layOutOnAxes();
    void takeScreenshot();
    // Calls next() once the view has stopped animating (layout transitions, camera flights).
    void whenViewSettles(void (StartupScript::*next)());
    void fail(const QString& message);
    void finish(bool ok, const QString& message);

    WindowParts m_parts;
    Options m_options;
    QPointer<Dataset> m_document;
    QPointer<Dataset> m_compared; // B
    int m_request = -1;           // the DocumentLoader request whose document the script works on
    QTimer m_settle;
    void (StartupScript::*m_afterSettle)() = nullptr;
    bool m_done = false;
};

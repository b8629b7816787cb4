// Frame rate of the point view while the camera orbits, with level of detail off (every frame
// draws every point) and on (frames in motion draw a uniform sample sized to the frame budget),
// how long after the camera stops every point is back, and the cost of picking after a camera
// move. Clustered random points, as embeddings look.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/frame_bench
//       [--points 100000,341000,1000000] [--frames 30] [--size 1280x800] [--point-size 4]
//       [--budget-ms MS (default: the view's)] [--lines N[,N...]]
//
// A frame is timed from the request (update()) to QOpenGLWidget::frameSwapped, so it includes
// Qt's composition of the widget into the window, as a user would see it. Swap interval 0:
// vsync would cap a fast GPU at the display rate. "full frame, draw only" is the view's own
// estimate (cost per point measured with glFinish, times the points), without composition.
// "All points back" is timed from the last frame in motion reaching the screen: until the
// cached frame holds every point, and until that frame is on screen.
#include "point_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QStringList>
#include <QSurfaceFormat>
#include <QTimer>
#include <cstdio>
#include <random>
#include <vector>

namespace {

struct Options {
    std::vector<int> points{100000, 341000, 1000000};
    int frames = 30;
    QSize size{1280, 800};
    float pointSize = 4.0f;
    double budgetMs = 0.0;  // 0: the view's own
    std::vector<int> lines; // line counts for the second table (a comparison's joint view)
};

struct Timing {
    double msPerFrame = 0;
    double meanDrawn = 0;
};

// Gaussian blobs of different sizes around random centres: dense cores and sparse halos.
std::vector<float> clusteredPoints(int rows) {
    std::mt19937_64 random(42);
    std::normal_distribution<float> normal;
    constexpr int kClusters = 40;
    std::vector<float> centres(kClusters * 3);
    std::vector<float> spread(kClusters);
    for (float& c : centres)
        c = normal(random) * 3.0f;
    std::uniform_real_distribution<float> uniform(0.2f, 1.0f);
    for (float& s : spread)
        s = uniform(random);
    std::uniform_int_distribution<int> pick(0, kClusters - 1);
    std::vector<float> xyz(std::size_t(rows) * 3);
    for (int row = 0; row < rows; ++row) {
        const int c = pick(random);
        for (int i = 0; i < 3; ++i)
            xyz[std::size_t(row) * 3 + std::size_t(i)] =
                centres[std::size_t(c) * 3 + std::size_t(i)] +
                normal(random) * spread[std::size_t(c)];
    }
    return xyz;
}

// Orbits one degree per frame and times each frame until it reaches the screen.
Timing orbitFrames(PointView& view, int frames) {
    QEventLoop loop;
    QObject::connect(&view, &QOpenGLWidget::frameSwapped, &loop, &QEventLoop::quit);
    QTimer guard; // a frame that never comes should end the run, not hang it
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
    Timing timing;
    QElapsedTimer clock;
    clock.start();
    for (int frame = 0; frame < frames; ++frame) {
        view.orbitBy(1.0f, 0.0f); // marks the camera as moving and requests a frame
        guard.start(20000);
        loop.exec();
        timing.meanDrawn += view.lastDrawnCount();
    }
    timing.msPerFrame = double(clock.nsecsElapsed()) / 1e6 / frames;
    timing.meanDrawn /= frames;
    return timing;
}

bool parse(const QStringList& args, Options* options) {
    for (int i = 1; i < args.size(); ++i) {
        const QString& arg = args[i];
        const QString value = i + 1 < args.size() ? args[i + 1] : QString();
        bool ok = true;
        if (arg == "--points") {
            options->points.clear();
            for (const QString& n : value.split(','))
                options->points.push_back(n.toInt(&ok));
        } else if (arg == "--frames") {
            options->frames = value.toInt(&ok);
        } else if (arg == "--size") {
            const QStringList wh = value.split('x');
            ok = wh.size() == 2;
            if (ok) options->size = QSize(wh[0].toInt(), wh[1].toInt());
        } else if (arg == "--point-size") {
            options->pointSize = value.toFloat(&ok);
        } else if (arg == "--lines") {
            for (const QString& n : value.split(','))
                options->lines.push_back(n.toInt(&ok));
        } else if (arg == "--budget-ms") {
            options->budgetMs = value.toDouble(&ok);
        } else {
            return false;
        }
        if (!ok) return false;
        ++i;
    }
    return options->frames > 0 && !options->size.isEmpty();
}

} // namespace

int main(int argc, char** argv) {
    QSurfaceFormat format = PointView::surfaceFormat();
    format.setSwapInterval(0);
    QSurfaceFormat::setDefaultFormat(format);
    QApplication app(argc, argv);
    Options options;
    if (!parse(QApplication::arguments(), &options)) {
        std::fprintf(stderr, "usage: frame_bench [--points N[,N...]] [--frames F] [--size WxH] "
                             "[--point-size PX] [--budget-ms MS] [--lines N[,N...]]\n");
        return 2;
    }

    PointView view;
    view.resize(options.size);
    view.setPointSize(options.pointSize);
    if (options.budgetMs > 0) view.setFrameBudgetMs(options.budgetMs);
    view.show();
    // Until the first frame has been drawn there is no context to ask for its renderer.
    QEventLoop exposed;
    QObject::connect(&view, &QOpenGLWidget::frameSwapped, &exposed, &QEventLoop::quit);
    QTimer::singleShot(20000, &exposed, &QEventLoop::quit);
    exposed.exec();
    view.makeCurrent();
    const auto* renderer =
        reinterpret_cast<const char*>(view.context()->functions()->glGetString(GL_RENDERER));
    const auto* version =
        reinterpret_cast<const char*>(view.context()->functions()->glGetString(GL_VERSION));
    view.doneCurrent();
    std::printf("GL_RENDERER: %s\nGL_VERSION: %s\nviewport %dx%d, point size %.0f px, "
                "%d frames per run, frame budget %s ms\n\n",
                renderer ? renderer : "?", version ? version : "?", options.size.width(),
                options.size.height(), double(options.pointSize), options.frames,
                options.budgetMs > 0 ? qPrintable(QString::number(options.budgetMs))
                                     : "the view's default");
    std::printf(
        "| points | full frame, draw only | LOD off: ms/frame | fps | LOD on: ms/frame | fps "
        "| points drawn in motion | a frame's time besides the points | all points back "
        "after the camera stops: in the cached frame | on screen | first pick after a "
        "move | later picks |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");

    for (int rows : options.points) {
        view.setPositions(clusteredPoints(rows), PointView::Transition{false, 0, true});
        view.setLevelOfDetail(false);
        orbitFrames(view, 3); // warm-up: uploads, shader variants
        const Timing full = orbitFrames(view, options.frames);
        const double fullFrameMs = view.estimatedFullFrameMs();
        view.setLevelOfDetail(true);
        const Timing lod = orbitFrames(view, options.frames);
        const double overheadMs = view.frameOverheadMs();

        // The camera stops: the view fills in the rest after it settles, and shows it.
        bool swapped = false; // a frame with every point reached the screen
        const QMetaObject::Connection onSwap =
            QObject::connect(&view, &QOpenGLWidget::frameSwapped,
                             [&] { swapped = swapped || view.lastDrawnCount() >= rows; });
        QElapsedTimer clock;
        clock.start();
        while (view.lastDrawnCount() < rows && clock.elapsed() < 60000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        const double completeMs = double(clock.nsecsElapsed()) / 1e6;
        while (!swapped && clock.elapsed() < 60000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        const double shownMs = double(clock.nsecsElapsed()) / 1e6;
        QObject::disconnect(onSwap);

        view.orbitBy(1.0f, 0.0f); // the screen grid is rebuilt on the next pick
        clock.restart();
        const QPoint centre(view.width() / 2, view.height() / 2);
        view.pickAt(centre);
        const double firstPickMs = double(clock.nsecsElapsed()) / 1e6;
        clock.restart();
        constexpr int kPicks = 1000;
        for (int i = 0; i < kPicks; ++i)
            view.pickAt(centre + QPoint(i % 200 - 100, (i * 7) % 200 - 100));
        const double pickUs = double(clock.nsecsElapsed()) / 1e3 / kPicks;

        std::printf("| %d | %.0f ms | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f ms | %.0f ms "
                    "| %.0f ms | %.1f ms | %.1f µs |\n",
                    rows, fullFrameMs, full.msPerFrame, 1000.0 / full.msPerFrame, lod.msPerFrame,
                    1000.0 / lod.msPerFrame, lod.meanDrawn, overheadMs, completeMs, shownMs,
                    firstPickMs, pickUs);
        std::fflush(stdout);
        // Let the settle timer of the pick's camera move pass before the next size.
        clock.restart();
        while (clock.elapsed() < 300)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    if (options.lines.empty()) return 0;
    // A comparison's joint view: 2n points (a label in A, the same label in B) and a line
    // between each pair, in 256 colours of a gradient. "far": B's points are other blobs' (a
    // line crosses the screen, the worst case); "near": each B point is its A point moved by 2%
    // of the scene (an aligned pair, the usual case).
    std::printf(
        "\n| lines (2 x as many points) | pairs | no lines: ms/frame | lines: ms/frame | fps "
        "| lines drawn in motion | all lines on screen after the camera stops |\n"
        "|---:|---|---:|---:|---:|---:|---:|\n");
    for (int n : options.lines)
        for (const bool near : {false, true}) {
            std::vector<float> xyz = clusteredPoints(2 * n);
            if (near) {
                std::mt19937_64 random(7);
                std::normal_distribution<float> normal(0.0f, 0.02f);
                for (std::size_t i = 0; i < std::size_t(n) * 3; ++i)
                    xyz[std::size_t(n) * 3 + i] = xyz[i] + normal(random);
            }
            view.setPositions(std::move(xyz), PointView::Transition{false, 0, true});
            view.setLevelOfDetail(true);
            view.setLineSets({});
            orbitFrames(view, 3);
            const Timing bare = orbitFrames(view, options.frames);
            LineSet set;
            set.name = QStringLiteral("displacement");
            set.arrows = false;
            set.width = 1.0f;
            for (int i = 0; i < n; ++i)
                set.segments.push_back({LineEnd::atRow(i), LineEnd::atRow(i + n),
                                        QColor::fromHsv((i * 7) % 256, 200, 230)});
            view.setLineSets({set});
            orbitFrames(view, 3);
            double drawnLines = 0;
            QElapsedTimer clock;
            clock.start();
            QEventLoop loop;
            QObject::connect(&view, &QOpenGLWidget::frameSwapped, &loop, &QEventLoop::quit);
            for (int frame = 0; frame < options.frames; ++frame) {
                view.orbitBy(1.0f, 0.0f);
                QTimer::singleShot(20000, &loop, &QEventLoop::quit);
                loop.exec();
                drawnLines += view.lastDrawnLineCount();
            }
            const double msPerFrame = double(clock.nsecsElapsed()) / 1e6 / options.frames;
            clock.restart();
            while ((view.lastDrawnCount() < 2 * n || view.lastDrawnLineCount() < n) &&
                   clock.elapsed() < 60000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
            const double completeMs = double(clock.nsecsElapsed()) / 1e6;
            std::printf("| %d | %s | %.1f | %.1f | %.1f | %.0f | %.0f ms |\n", n,
                        near ? "near" : "far", bare.msPerFrame, msPerFrame, 1000.0 / msPerFrame,
                        drawnLines / options.frames, completeMs);
            std::fflush(stdout);
        }
    return 0;
}

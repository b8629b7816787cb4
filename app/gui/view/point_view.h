#pragma once

#include "camera.h"
#include "frame_cache.h"
#include "frame_pacer.h"
#include "label_layer.h"
#include "layout_transition.h"
#include "line_layer.h"
#include "line_renderer.h"
#include "point_cloud.h"
#include "point_interaction.h"
#include "point_renderer.h"
#include "screen_picker.h"
#include "view_theme.h"

#include <QElapsedTimer>
#include <QImage>
#include <QOpenGLWidget>
#include <QPointer>
#include <QPolygonF>
#include <QSurfaceFormat>
#include <QTimer>
#include <memory>
#include <string>
#include <vector>

class Dataset;
struct LayoutChange;

// The 3D point view: every row of an embedding set as a round, depth-shaded point.
//
// Bound to a document (setDocument), it shows that document's layout, colours, selection,
// highlights, hidden rows, labels and line sets, redraws when they change, and writes the
// selection gestures back to it; each document keeps its own camera while another is shown.
// Unbound, the owner gives positions (rows x 3) and the rest directly (tests, benchmarks).
// What it draws is a list of layers: the point cloud (on the GPU, into a cached frame), then
// line and arrow sets, then labels. The view draws, picks and reports hover, clicks and
// selection gestures. Input: left drag orbits (pans in 2D), right/middle or
// shift drag pans, the wheel zooms; ctrl-drag selects a rectangle, ctrl+shift-drag a lasso;
// click selects a point, ctrl-click toggles it, double-click frames it with its neighbours,
// right click asks for the point's menu; arrows orbit (shift+arrows pan), +/- zoom, [ and ]
// change the point size, F frames the selection and its neighbours, R resets the view,
// Escape clears the selection.
//
// Frames are drawn only when something changed. The point frame is cached, so hover labels and
// rubber bands repaint without redrawing the points; while the camera moves, large sets draw a
// uniform sample sized to the frame budget, and once it stops the rest is added to the cached
// frame a budget at a time between events (FramePacer).
class PointView : public QOpenGLWidget {
    Q_OBJECT

public:
    struct Transition {
        bool animate = true; // move points from the old layout (same row count only)
        int durationMs = 500;
        bool fitCamera = true; // frame the new layout
    };

    // OpenGL 3.3 core with a depth buffer: set as the default before QApplication is created.
    static QSurfaceFormat surfaceFormat();

    explicit PointView(QWidget* parent = nullptr);
    ~PointView() override;

    // --- the document shown (null: none; the view then shows what it is given directly) ---
    void setDocument(Dataset* document);
    Dataset* document() const;

    // --- layers, in drawing order ---
    QStringList layerNames() const;
    const LineLayer& lineLayer() const { return m_lineLayer; }
    void setLineSets(std::vector<LineSet> sets);

    // --- data (rows are indices into the owner's embedding set); bound to a document, the
    // selection, highlight, hidden and label setters change the document ---
    void setPositions(std::vector<float> xyz, const Transition& transition);
    void setPositions(std::vector<float> xyz) { setPositions(std::move(xyz), Transition{}); }
    void clear();
    int pointCount() const { return m_cloud.size(); }
    const std::vector<float>& positions() const { return m_cloud.positions; }
    void setColors(std::vector<std::uint8_t> rgb); // rows x 3; empty: the theme's colour
    const std::vector<std::uint8_t>& colors() const { return m_cloud.colors; }
    void setLabels(std::shared_ptr<const std::vector<std::string>> labels);
    void setSelection(const std::vector<int>& rows);
    std::vector<int> selection() const { return m_selection; }
    void setHighlighted(const std::vector<int>& rows); // empty: nothing dimmed
    bool isHighlighted(int row) const { return m_cloud.has(row, PointFlag::Highlighted); }
    // The selection's nearest neighbours, ringed and drawn in front (bound: the document's).
    void setNeighborRows(const std::vector<int>& rows);
    bool isNeighbor(int row) const { return m_cloud.has(row, PointFlag::Neighbor); }
    bool isSelected(int row) const { return m_cloud.has(row, PointFlag::Selected); }
    // Everything not highlighted is dimmed (some row is highlighted).
    bool dimsOthers() const { return m_dimOthers; }
    void setHidden(const std::vector<int>& rows);
    std::vector<int> hiddenRows() const;        // ascending
    void setLabeledRows(std::vector<int> rows); // labelled where space allows
    const std::vector<int>& labeledRows() const { return m_labelLayer.labeledRows(); }
    // Labelled before any other row, the selection included (e.g. an analogy's words).
    void setPinnedLabels(std::vector<int> rows);
    const std::vector<int>& pinnedLabels() const { return m_labelLayer.pinnedRows(); }
    // Labelled whatever the clutter, after the pinned rows (the selection and its neighbours).
    void setFocusLabels(std::vector<int> rows);
    const std::vector<int>& focusLabels() const { return m_labelLayer.focusRows(); }
    // The rows whose labels the last frame on screen showed, and the text of each.
    std::vector<int> shownLabelRows() const;
    QString shownLabelText(int row) const;
    // The row whose label shows as hovered (-1: none); set by the mouse, or by the owner to
    // point at a row from elsewhere (e.g. a list). Emits hovered() when it changes.
    void setHoveredRow(int row);
    int hoveredRow() const { return m_hovered; }

    // --- look ---
    void setPointSize(float pixels);
    float pointSize() const { return m_pointSize; }
    void setLabelPointSize(double points); // the labels' font size
    double labelPointSize() const;
    void set2DMode(bool on);
    bool is2DMode() const { return m_camera.is2D(); }
    void setTheme(const ViewTheme& theme);
    const ViewTheme& theme() const { return m_theme; }

    // --- camera ---
    void resetView(bool animate = true);
    void flyTo(int row);
    // Flies to where all the rows are in view together (one row: as flyTo).
    void frameRows(const std::vector<int>& rows);
    // The row and its nearest neighbours (the document's neighbourhood; framed when they come
    // if they are still being searched). Double-click.
    void frameNeighborhood(int row);
    // The selection and its neighbours, or the whole layout without a selection. F.
    void frameSelection();
    void orbitBy(float yawDegrees, float pitchDegrees);
    void panBy(QPointF pixels);
    void zoomBy(float factor); // > 1 moves closer
    const Camera& camera() const { return m_camera; }
    void setCameraPose(const CameraPose& pose); // at once, ending any camera animation
    void glideTo(const CameraPose& pose);       // animated, as a flight to a point is
    Projection projection() const { return m_camera.projection(QSizeF(size())); }

    // --- picking, in widget coordinates ---
    int pickAt(QPoint pos) const; // -1: no point there
    std::vector<int> rowsInRect(const QRect& rect) const;
    std::vector<int> rowsInPolygon(const QPolygonF& polygon) const;

    // --- level of detail and frame timing ---
    // Off: every frame draws every point (screenshots, slow but exact).
    void setLevelOfDetail(bool on);
    bool levelOfDetail() const { return m_pacer.levelOfDetail(); }
    void setFrameBudgetMs(double ms) { m_pacer.setBudgetMs(ms); }
    // Points in the frame on screen: fewer than pointCount() while moving or still filling in.
    int lastDrawnCount() const { return m_drawn; }
    // Plain lines (LineRenderer) in the frame on screen: fewer than all while moving.
    int lastDrawnLineCount() const { return m_linesDrawn; }
    int gpuLineCount() const { return m_lineRenderer.instanceCount(); }
    // Drawing every point at once, from the last measured cost per point; 0 before any frame.
    double estimatedFullFrameMs() const { return m_pacer.msPerPoint() * pointCount(); }
    // What a frame costs besides drawing the points, as measured to the screen (composition,
    // overlay, copies); the budget leaves room for it. 0 before any frame was shown.
    double frameOverheadMs() const { return m_pacer.overheadMs(); }
    bool isAnimating() const;
    bool isCameraMoving() const { return m_pacer.isMoving(); } // moved in the last moments

    // --- output ---
    // The full point set and its labels at `size` pixels (the widget's size when empty),
    // rendered off screen; points and text scale with the height. Null if the GL cannot make
    // an image that large.
    QImage renderImage(QSize size = QSize());
    bool saveScreenshot(const QString& path, QSize size = QSize());

    // --- errors ---
    // Takes effect at once (recompiles when the context exists). For tests and shader work.
    void setShaderSources(const ShaderSources& sources);
    QString errorString() const { return m_error; } // empty while rendering works
    // What the view shows, in its corner ("t-SNE · 2D"): set from the document's layout.
    QString caption() const { return m_caption; }

signals:
    void hovered(int row); // -1 when the mouse leaves every point
    void clicked(int row, Qt::KeyboardModifiers modifiers);
    void contextMenuRequested(int row, QPoint globalPos); // a right click (row -1: no point)
    void selectionChanged();
    void lookChanged();   // point size, 2D mode, theme or level of detail
    void cameraChanged(); // moved, by the user or an animation (for linking views)
    // A document's layout is on screen: `dimensions` of the layout itself (2: flat).
    void layoutShown(int dimensions);
    void renderFailed(QString message);

protected:
    void initializeGL() override;
    void resizeGL(int width, int height) override;
    void paintGL() override;
    // Input goes to PointInteraction, which drives the view through its public API.
    void mousePressEvent(QMouseEvent* event) override { m_input.mousePress(event); }
    void mouseMoveEvent(QMouseEvent* event) override { m_input.mouseMove(event); }
    void mouseReleaseEvent(QMouseEvent* event) override { m_input.mouseRelease(event); }
    void mouseDoubleClickEvent(QMouseEvent* event) override { m_input.mouseDoubleClick(event); }
    void wheelEvent(QWheelEvent* event) override { m_input.wheel(event); }
    void keyPressEvent(QKeyEvent* event) override {
        if (!m_input.keyPress(event)) QOpenGLWidget::keyPressEvent(event);
    }
    void leaveEvent(QEvent* event) override {
        setHoveredRow(-1);
        QOpenGLWidget::leaveEvent(event);
    }

private:
    // point_view_document.cpp: following the bound document.
    void showDocumentLayout(const LayoutChange& change);
    void applyDocumentState();
    void applySelection(const std::vector<int>& rows);
    void applyHighlighted(const std::vector<int>& rows);
    void applyHidden(const std::vector<int>& rows);
    void applyLabels();
    void cleanupGL();
    void fillIn();
    void frameShown();
    void initRenderer();
    void cameraMoved();
    void sceneChanged();
    void animateCamera(const CameraPose& pose, int durationMs);
    bool advanceAnimations();
    void displayedPosition(int row, float* xyz) const;
    CameraPose homePose() const;
    void setFlag(std::uint8_t bit, const std::vector<int>& rows);
    void ensurePicker() const;
    float pickRadius() const { return m_pointSize * 0.5f; }
    // Draws points [first, first + count) of the shuffled order into the bound framebuffer; a
    // frame that starts over clears it and adds the flagged points.
    int renderScene(QSize pixels, float scale, int first, int count, bool startOver);
    void paintOverlay(QPainter& painter, const Projection& projection, float scale,
                      bool interactive) const;
    // Uploads the plain line sets to the GPU when they or their rows changed; false when the
    // overlay must paint them instead (no line renderer).
    bool syncGpuLines();
    // The first `limit` plain lines (-1: all) over the points in the bound framebuffer.
    int drawGpuLines(QSize pixels, float scale, int limit = -1);
    // How many lines a frame in motion draws: a prefix (the sets' first, e.g. the most frequent
    // labels') sized to part of the frame budget, as the points are.
    int linesPerFrame() const;

    PointCloud m_cloud;
    PointRenderer m_renderer;
    LineRenderer m_lineRenderer;
    // What the GPU's line copy was gathered from: the sets, positions and hidden rows.
    struct LinesSource {
        std::uint64_t lines = 0, positions = 0, from = 0, flags = 0;
        bool operator==(const LinesSource&) const = default;
    };
    LinesSource m_linesSource;
    bool m_linesOnGpu = false;   // the frame on screen has its plain lines drawn by the GPU
    bool m_linesInFrame = false; // ... into the cached frame, complete (the camera is still)
    double m_msPerLine = 0.0;    // measured on frames in motion
    int m_linesDrawn = 0;
    Camera m_camera;
    FramePacer m_pacer;
    LayoutTransition m_transition;
    LineLayer m_lineLayer;
    LabelLayer m_labelLayer;
    QPointer<Dataset> m_document;
    PointInteraction m_input{this};
    mutable ScreenPicker m_picker; // built lazily by the const queries
    ViewTheme m_theme = ViewTheme::dark();
    ShaderSources m_shaderSources;
    QString m_error;
    QString m_caption;

    std::vector<int> m_selection; // ascending
    bool m_dimOthers = false;
    int m_hovered = -1;
    int m_frameWhenReady = -1; // a double-clicked row whose neighbours were still searched
    // Camera moves asked for by the user (orbit, pan, zoom, fly, frame), and their count when
    // the document's current layout run began: a run re-frames only a camera left alone.
    quint64 m_userCameraMoves = 0;
    quint64 m_runStartCameraMoves = 0;
    float m_pointSize = 5.0f;

    FrameCache m_frame; // the cached point frame
    bool m_sceneDirty = true;
    QTimer m_animationTimer; // runs only while something animates
    QTimer m_fillTimer;      // adds the points left out while moving, once still
    QElapsedTimer m_lastPresent;
    QElapsedTimer m_paintClock;   // from the start of the last paint to its swap; invalid: none
    double m_paintDrawMs = 0.0;   // of the paint under way, drawing points
    double m_framePointsMs = 0.0; // ... of the last one finished
    int m_drawn = 0;              // points of the shuffled order in the cached frame
};

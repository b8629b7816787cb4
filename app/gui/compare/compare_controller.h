#pragma once

#include "compare_settings.h"
#include "vecspace/cluster/coloring.h"
#include "vecspace/compare/comparison.h"
#include "window_parts.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <memory>
#include <vector>

class Dataset;

// One comparison of two open documents, A and B: computed on the task runner (rerun when its
// settings change), and shown in the documents themselves: their selections and highlights kept
// in step through the shared labels, colours by Jaccard overlap or displacement, and, for the
// joint view, a third document holding A and aligned B with a line from each label's A position
// to its B position. The second point view (side by side) shows the partner of the active
// document, its camera linked to the main view's when asked.
class CompareController : public QObject {
    Q_OBJECT

public:
    CompareController(const WindowParts& parts, PointView* secondView, QObject* parent = nullptr);

    // Compares `a` with `b` (B aligned onto A) with the current settings.
    void compare(Dataset* a, Dataset* b);
    void setSettings(const CompareSettings& settings);
    const CompareSettings& settings() const { return m_settings; }
    void stop(); // forgets the comparison and closes the joint document

    Dataset* documentA() const { return m_a; }
    Dataset* documentB() const { return m_b; }
    Dataset* joint() const { return m_joint; }
    const std::shared_ptr<const vecspace::Comparison>& comparison() const { return m_result; }
    bool isRunning() const;
    bool isActive() const { return m_a && m_b; }
    Dataset* partnerOf(const Dataset* document) const; // A <-> B

    // A row's pair (shared label) in a document of the comparison; -1: none.
    long pairOf(const Dataset* document, int row) const;
    std::vector<int> rowsOf(const Dataset* document, const std::vector<std::size_t>& pairs) const;
    // Selects these labels in every document of the comparison.
    void selectPairs(const std::vector<std::size_t>& pairs);
    void selectJaccardRange(double low, double high);
    // The label whose kept / gained / lost neighbours the dock lists; -1: none.
    long focusPair() const { return m_focus; }
    void setFocusPair(long pair);
    const vecspace::ColorLegend& legend() const { return m_legend; }

    // Sessions: the comparison as indices into the documents saved, and back.
    QJsonObject sessionState(const QList<const Dataset*>& saved) const;
    void restore(const QJsonObject& state, const QList<Dataset*>& documents);

signals:
    void started();
    void ready();
    void stopped(); // no comparison any more (stop(), or a first run cancelled)
    void failed(QString message);
    void focusChanged(long pair);
    void legendChanged();

private:
    void run();
    void onReady(std::shared_ptr<const vecspace::Comparison> result);
    void link(Dataset* document);
    void syncSelection(Dataset* from);
    void syncHighlight(Dataset* from);
    void applyColors();
    void applyView();
    void ensureJoint();
    void updateJointLines();
    void updateSecondView();
    std::vector<std::size_t> pairsOf(const Dataset* document, const std::vector<int>& rows) const;
    std::vector<double> valuesFor(const Dataset* document) const;

    WindowParts m_parts;
    PointView* m_second;
    CompareSettings m_settings;
    QPointer<Dataset> m_a;
    QPointer<Dataset> m_b;
    QPointer<Dataset> m_joint;
    std::shared_ptr<const vecspace::Comparison> m_result;
    std::vector<int> m_pairOfRowA; // per row of A: its pair, -1 for labels B lacks
    std::vector<int> m_pairOfRowB;
    quint64 m_task = 0;
    long m_focus = -1;
    bool m_syncing = false; // guards the documents' change signals while they are kept in step
    bool m_cameraSyncing = false;
    vecspace::ColorLegend m_legend;
};

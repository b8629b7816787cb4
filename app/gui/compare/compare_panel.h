#pragma once

#include "compare_settings.h"

#include <QWidget>

class ColorBar;
class CompareController;
class OverlapHistogram;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

// The Compare dock: which two documents, their shared and unshared counts, the overlap
// histogram (brush a range to select those labels), the most and least changed labels, and for
// the label in focus its neighbours kept, gained and lost with their similarities in both files;
// the comparison's settings and how it is shown (side by side or joint, colours, line filter).
class ComparePanel : public QWidget {
    Q_OBJECT

public:
    explicit ComparePanel(CompareController* controller, QWidget* parent = nullptr);

    QTreeWidget* rankedList() const { return m_ranked; }
    QTreeWidget* changesList() const { return m_changes; }
    OverlapHistogram* histogram() const { return m_histogram; }

signals:
    void compareWithRequested(); // File > Compare With…

private:
    void showSettings(const CompareSettings& settings);
    CompareSettings settingsFromWidgets() const;
    void onSettingsEdited();
    void showComparison();
    void showRanked();
    void showChanges(long pair);
    QTreeWidgetItem* changeGroup(const QString& title, std::size_t count);

    CompareController* m_controller;
    QLabel* m_title;
    QLabel* m_counts;
    QPushButton* m_compareWith;
    QSpinBox* m_k;
    QCheckBox* m_align;
    QSpinBox* m_anchors;
    QCheckBox* m_ignoreCase;
    QButtonGroup* m_view;
    QCheckBox* m_linkCameras;
    QComboBox* m_colorBy;
    ColorBar* m_colorBar;
    QDoubleSpinBox* m_maxJaccard;
    QDoubleSpinBox* m_minDisplacement;
    OverlapHistogram* m_histogram;
    QComboBox* m_rankOrder;
    QTreeWidget* m_ranked;
    QLabel* m_focusTitle;
    QTreeWidget* m_changes;
    bool m_updating = false;
};

#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/cluster/coloring.h"
#include "vecspace/cluster/density_clustering.h"
#include "vecspace/cluster/kmeans.h"

#include <QJsonObject>
#include <QString>
#include <QWidget>

class ColorBar;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTreeWidget;

// What the points are coloured by.
struct ColorChoice {
    enum class Mode { Single, KMeans, Density, Column };
    enum class Values { Auto, Categories, Gradient }; // how a column's values are read
    Mode mode = Mode::Single;
    QString column;
    Values values = Values::Auto;
};

// The Colour dock: what to colour by and its parameters, and the legend (a swatch, name and row
// count per entry; for a gradient a colour bar with ticks). Clicking an entry asks to highlight
// its rows, clicking it again clears that. It only describes colourings; ColorController
// computes them.
class ColorPanel : public QWidget {
    Q_OBJECT

public:
    explicit ColorPanel(QWidget* parent = nullptr);

    // The set's columns in the "Colour by" list, the limits and defaults that depend on its size.
    void setDataset(const vecspace::EmbeddingSet* set);

    ColorChoice choice() const;
    void setChoice(const ColorChoice& choice); // emits nothing
    vecspace::KMeansOptions kMeansOptions() const;
    vecspace::HdbscanOptions hdbscanOptions() const;
    int k() const;
    void setK(int k);
    void setMinClusterSize(int size);

    void setRunning(bool running);
    void showMessage(const QString& message);
    void showLegend(const vecspace::ColorLegend& legend);
    int highlightedEntry() const { return m_highlighted; }
    void clearHighlight(); // emits highlightChanged(-1) if an entry was highlighted
    // Highlights a legend entry as a click on it does (-1: none); false when there is no such
    // entry in the legend shown.
    bool setHighlightedEntry(int entry);

    // The panel's settings as JSON (sessions) and back; unknown keys are ignored.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject& json); // emits nothing

signals:
    void choiceChanged(); // the user picked another colouring or way to read a column
    void runRequested();  // Recolour: run the clustering again with the current parameters
    void highlightChanged(int entry); // legend entry to highlight, -1: none

private:
    QWidget* createKMeansPage();
    QWidget* createDensityPage();
    QWidget* createColumnPage();
    void updatePage();
    void toggleEntry(int entry);

    QComboBox* m_by = nullptr;
    QStackedWidget* m_pages = nullptr;
    QComboBox* m_values = nullptr;
    QSpinBox* m_k = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_metric = nullptr;
    QSpinBox* m_minClusterSize = nullptr;
    QSpinBox* m_minSamples = nullptr;
    QPushButton* m_run = nullptr;
    QLabel* m_status = nullptr;
    QTreeWidget* m_legend = nullptr;
    ColorBar* m_bar = nullptr;
    QPushButton* m_clear = nullptr;
    int m_highlighted = -1;
};

#pragma once

#include <QPoint>
#include <QString>
#include <functional>

class Dataset;
class QMenu;
class QWidget;

// The menu a right click on a point opens: select, show neighbours, isolate, copy the label,
// search for similar labels, use the word as A, B or C of the analogy. It only builds the menu;
// what each entry does is the window's (Actions), so the menu knows no dock.
class PointContextMenu {
public:
    struct Actions {
        std::function<void(int row)> select;
        std::function<void(int row)> showNeighbors; // select, frame with neighbours, Inspector
        std::function<void(int row)> isolate;       // only the point and its neighbours shown
        std::function<void(const QString& text)> searchSimilar;
        std::function<void(int field, const QString& word)> useInAnalogy; // field 0..2: A, B, C
        std::function<void()> showAll;                                    // end an isolate
    };

    // A menu (objectName "pointMenu", deleted when closed) for `row` of `document` (-1: the
    // empty space under the mouse, only "Show All" then), popped up at `globalPos`.
    static QMenu* popup(const Dataset& document, int row, QPoint globalPos, const Actions& actions,
                        QWidget* parent);
};

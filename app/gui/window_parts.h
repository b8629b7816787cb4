#pragma once

#include <functional>

class AnalogyController;
class ColorController;
class CompareController;
class Dataset;
class DocumentLoader;
class InspectorPanel;
class NeighborhoodController;
class Notifier;
class PointView;
class ProjectionController;
class ProjectionPanel;
class QWidget;
class SearchPanel;
class TaskRunner;
class ViewControls;
class Workspace;

// The parts of the window that its controllers (sessions, export, the start-up script) work
// with, handed to them instead of the window itself, so that they depend on documents and
// docks and no part of the window depends on the whole.
struct WindowParts {
    QWidget* window = nullptr; // the parent of dialogs; grabbed for --screenshot
    Workspace* workspace = nullptr;
    TaskRunner* tasks = nullptr;
    Notifier* notifier = nullptr;
    DocumentLoader* loader = nullptr;
    PointView* view = nullptr;
    ViewControls* viewControls = nullptr;
    ProjectionController* projection = nullptr;
    ProjectionPanel* projectionPanel = nullptr;
    ColorController* colors = nullptr;
    SearchPanel* search = nullptr;
    InspectorPanel* inspector = nullptr;
    NeighborhoodController* neighborhood = nullptr;
    AnalogyController* analogy = nullptr;
    CompareController* compare = nullptr;
    PointView* secondView = nullptr; // a comparison's partner document, side by side
    // Selects the row of the active document, shows it in the Inspector and flies to it.
    std::function<void(long row)> showRow;
    // Writes what the view and the docks show of the active document (camera, panel
    // settings) into it, as a switch to another document does.
    std::function<void()> storeActiveState;
};

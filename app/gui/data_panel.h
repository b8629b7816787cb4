#pragma once

#include <QPointer>
#include <QWidget>

class Dataset;
class Workspace;
class QLabel;
class QListWidget;

// The Data dock: the open documents (choosing one makes it active: the view and the docks
// switch to it), and what the active one is: file, format, size, load time, metadata columns,
// and every warning the loader gave, with its line.
class DataPanel : public QWidget {
    Q_OBJECT

public:
    explicit DataPanel(Workspace* workspace, QWidget* parent = nullptr);

    static QString formatSeconds(double seconds);

private:
    void rebuildList();
    void showDocument(Dataset* document);

    Workspace* m_workspace;
    QListWidget* m_documents = nullptr;
    QLabel* m_fileValue = nullptr;
    QLabel* m_formatValue = nullptr;
    QLabel* m_rowsValue = nullptr;
    QLabel* m_dimsValue = nullptr;
    QLabel* m_loadTimeValue = nullptr;
    QLabel* m_metadataValue = nullptr;
    QLabel* m_modelValue = nullptr;
    class QFormLayout* m_form = nullptr;
    QLabel* m_warningsTitle = nullptr;
    QListWidget* m_warningList = nullptr;
};

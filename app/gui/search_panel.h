#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/search/label_search.h"

#include <QJsonObject>
#include <QWidget>
#include <memory>
#include <vector>

class LabelListModel;
class TaskRunner;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;

// The Search dock: a substring or regular expression (core LabelSearch, case-insensitive unless
// asked) over the labels or one metadata column, the match count, and the matches in a list
// whose click asks to go to that row, best first (exact, then prefix matches). Each keystroke
// searches the whole column again (1-12 ms on 341k labels); the index behind it is built on a
// worker (TaskRunner) when the set or the column changes, and a query typed before it is ready is
// answered once it is.
class SearchPanel : public QWidget {
    Q_OBJECT

public:
    explicit SearchPanel(TaskRunner* tasks, QWidget* parent = nullptr);
    ~SearchPanel() override;

    void setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set);
    LabelListModel* model() const { return m_model; }

    // True while a valid, non-empty query is in force; matches() are then its rows, ascending.
    bool isActive() const { return m_active; }
    const std::vector<int>& matches() const { return m_matches; }
    // The same rows as listed: exact matches, then prefix matches, then the rest, each in row
    // order (a regex's in row order); Enter in the field goes to the first.
    const std::vector<int>& rankedMatches() const { return m_ranked; }
    QString errorString() const { return m_error; } // an invalid regular expression, else empty
    bool isIndexReady() const { return m_index != nullptr; }

    void setQuery(const QString& text);
    QString query() const;
    void setRegex(bool on);
    void setCaseSensitive(bool on);
    // -1: the labels; else a metadata column of the set.
    void setColumn(int column);
    int column() const;
    void focusSearch();

    // The panel's settings as JSON (sessions) and back; unknown keys are ignored.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject& json);

signals:
    void matchesChanged();
    void rowActivated(int row); // a match clicked in the list

private:
    using Index = std::shared_ptr<const vecspace::LabelSearch>;
    void buildIndex();
    void search();
    void showCount();

    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    Index m_index;
    TaskRunner* m_tasks;
    bool m_active = false;
    std::vector<int> m_matches;
    std::vector<int> m_ranked;
    QString m_error;

    LabelListModel* m_model = nullptr;
    QLineEdit* m_edit = nullptr;
    QCheckBox* m_regex = nullptr;
    QCheckBox* m_case = nullptr;
    QComboBox* m_column = nullptr;
    QListView* m_list = nullptr;
    QLabel* m_count = nullptr;
};

#pragma once

#include <QCompleter>
#include <QPointer>
#include <memory>

class QLineEdit;
class QStringListModel;
namespace vecspace {
class LabelCompletion;
struct EmbeddingSet;
} // namespace vecspace

// Completes the word under the cursor of a line edit from a set's labels: in a field of one
// word the whole text, in an expression ("king - ma|") or a question the word being typed. The
// matches come from a prefix search over the sorted labels (LabelCompletion), so it keeps up
// with typing on 341k labels; choosing one replaces that word, quoted where the expression
// language needs it.
class WordCompleter : public QCompleter {
    Q_OBJECT

public:
    // `expression`: the field holds an expression or question, not a single word.
    WordCompleter(QLineEdit* edit, bool expression);

    // The labels to complete from, with the set they index (null: no completion).
    void setWords(std::shared_ptr<const vecspace::EmbeddingSet> set,
                  std::shared_ptr<const vecspace::LabelCompletion> completion);
    static constexpr int kMaxShown = 12;

private:
    struct Word {
        int start = 0;
        int length = 0;
    };
    Word currentWord() const;
    void onEdited();
    void insert(const QString& label);

    QPointer<QLineEdit> m_edit;
    bool m_expression;
    bool m_inserting = false; // the edit's own textEdited while a choice is put in
    QStringListModel* m_model;
    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    std::shared_ptr<const vecspace::LabelCompletion> m_completion;
};

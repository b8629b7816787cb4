#include "word_completer.h"

#include "vecspace/base/embedding_set.h"
#include "vecspace/search/label_completion.h"
#include "vecspace/semantic/analogy_question.h"

#include <QAbstractItemView>
#include <QLineEdit>
#include <QStringListModel>

namespace {

// Where a word ends in an expression or a question.
bool isBoundary(QChar c) {
    return c.isSpace() || QStringLiteral("+-*/(),:?\"'").contains(c);
}

} // namespace

WordCompleter::WordCompleter(QLineEdit* edit, bool expression)
    : QCompleter(edit), m_edit(edit), m_expression(expression),
      m_model(new QStringListModel(this)) {
    setModel(m_model);
    setWidget(edit);
    // The model already holds exactly the matches, best first.
    setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    setCaseSensitivity(Qt::CaseInsensitive);
    setMaxVisibleItems(kMaxShown);
    connect(edit, &QLineEdit::textEdited, this, &WordCompleter::onEdited);
    connect(this, qOverload<const QString&>(&QCompleter::activated), this, &WordCompleter::insert);
}

void WordCompleter::setWords(std::shared_ptr<const vecspace::EmbeddingSet> set,
                             std::shared_ptr<const vecspace::LabelCompletion> completion) {
    m_set = std::move(set);
    m_completion = std::move(completion);
    m_model->setStringList({});
}

WordCompleter::Word WordCompleter::currentWord() const {
    const QString text = m_edit->text();
    const int cursor = m_edit->cursorPosition();
    if (!m_expression) return {0, int(text.size())};
    int start = cursor;
    while (start > 0 && !isBoundary(text[start - 1]))
        --start;
    int end = cursor;
    while (end < text.size() && !isBoundary(text[end]))
        ++end;
    return {start, end - start};
}

void WordCompleter::onEdited() {
    if (m_inserting || !m_completion || !m_set || !m_edit) return;
    const Word word = currentWord();
    const QString text = m_edit->text();
    // Only the part before the cursor is the prefix being typed.
    const int typed = m_expression ? m_edit->cursorPosition() - word.start : word.length;
    QString prefix = text.mid(word.start, typed).trimmed();
    // A field opened with a quote is typing a label with its spaces: '" ki' completes " king".
    if (!m_expression && (prefix.startsWith('"') || prefix.startsWith('\'')))
        prefix = text.mid(word.start, typed).section(prefix.front(), 1);
    QStringList matches;
    if (!prefix.isEmpty())
        for (std::size_t row : m_completion->complete(prefix.toStdString(), kMaxShown))
            matches << QString::fromStdString(m_set->labels[row]);
    // Nothing to offer when the word is already complete and the only match.
    if (matches.size() == 1 && matches.front() == prefix) matches.clear();
    m_model->setStringList(matches);
    if (matches.isEmpty()) {
        popup()->hide();
        return;
    }
    complete();
}

void WordCompleter::insert(const QString& label) {
    if (!m_edit) return;
    const Word word = currentWord();
    QString text = m_edit->text();
    const QString replacement =
        QString::fromStdString(m_expression ? vecspace::quoteLabel(label.toStdString())
                                            : vecspace::fieldFromLabel(label.toStdString()));
    text.replace(word.start, word.length, replacement);
    m_edit->setText(text);
    m_edit->setCursorPosition(word.start + int(replacement.size()));
    // As if typed: the panel answers the new text (without completing it again).
    m_inserting = true;
    emit m_edit->textEdited(text);
    m_inserting = false;
}

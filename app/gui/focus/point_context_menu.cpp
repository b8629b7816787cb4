#include "point_context_menu.h"

#include "dataset.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>

namespace {

QAction* addAction(QMenu* menu, const QString& text, const char* name,
                   const std::function<void()>& run) {
    QAction* action = menu->addAction(text);
    action->setObjectName(QLatin1String(name));
    QObject::connect(action, &QAction::triggered, menu, [run] { run(); });
    return action;
}

} // namespace

QMenu* PointContextMenu::popup(const Dataset& document, int row, QPoint globalPos,
                               const Actions& actions, QWidget* parent) {
    auto* menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("pointMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const bool isRow = row >= 0 && std::size_t(row) < document.rows();
    if (isRow) {
        // Shown as the view labels it (label-by column), searched and copied as the word itself.
        const QString word = QString::fromStdString(document.set()->labels[std::size_t(row)]);
        const QString shown = document.labelText(std::size_t(row));
        QAction* title = menu->addSection(shown);
        title->setObjectName(QStringLiteral("pointMenuTitle"));
        addAction(menu, QObject::tr("&Select"), "pointSelect", [=] { actions.select(row); });
        addAction(menu, QObject::tr("Show &Neighbours"), "pointNeighbors",
                  [=] { actions.showNeighbors(row); });
        addAction(menu, QObject::tr("&Isolate with Neighbours"), "pointIsolate",
                  [=] { actions.isolate(row); });
        menu->addSeparator();
        addAction(menu, QObject::tr("&Copy Label"), "pointCopy",
                  [=] { QGuiApplication::clipboard()->setText(shown); });
        addAction(menu, QObject::tr("Search Si&milar Labels"), "pointSearch",
                  [=] { actions.searchSimilar(word); });
        QMenu* analogy = menu->addMenu(QObject::tr("Use in &Analogy"));
        analogy->setObjectName(QStringLiteral("pointAnalogyMenu"));
        const char* names[] = {"pointAsA", "pointAsB", "pointAsC"};
        const QString texts[] = {QObject::tr("As &A (a is to b)"), QObject::tr("As &B"),
                                 QObject::tr("As &C (as c is to ?)")};
        for (int field = 0; field < 3; ++field)
            addAction(analogy, texts[field], names[field],
                      [=] { actions.useInAnalogy(field, word); });
        menu->addSeparator();
    }
    QAction* all = addAction(menu, QObject::tr("Show &All Points"), "pointShowAll",
                             [=] { actions.showAll(); });
    all->setEnabled(!document.hidden().empty());
    menu->popup(globalPos);
    return menu;
}

#include "focus_rules.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>

namespace {

void addFirst(std::vector<int>& to, const std::vector<int>& from, std::size_t limit) {
    to.insert(to.end(), from.begin(), from.begin() + std::ptrdiff_t(std::min(limit, from.size())));
}

QString tr(const char* text) {
    return QCoreApplication::translate("FocusRules", text);
}

} // namespace

Focus composeFocus(const FocusInputs& in, const FocusLimits& limits) {
    Focus focus;
    const std::vector<int>& search = in.searching ? in.searchMatches : std::vector<int>{};
    std::vector<char> lit(in.rows, 0);
    bool any = false;
    for (const std::vector<int>* source :
         {&in.selection, &in.neighbors, &search, &in.legendRows, &in.analogyRows})
        for (int row : *source)
            if (row >= 0 && std::size_t(row) < in.rows) lit[std::size_t(row)] = any = 1;
    if (any)
        for (std::size_t row = 0; row < in.rows; ++row)
            if (lit[row]) focus.lit.push_back(int(row));

    addFirst(focus.focusLabels, in.selection, limits.focusLabels);
    addFirst(focus.focusLabels, in.neighbors, limits.focusLabels - focus.focusLabels.size());
    addFirst(focus.labeled, search, limits.searchLabels);
    addFirst(focus.labeled, in.legendRows, limits.legendLabels);
    if (!any)
        for (std::size_t row = 0; row < std::min(limits.overviewLabels, in.rows); ++row)
            focus.labeled.push_back(int(row));

    QStringList parts;
    if (!in.selection.empty()) {
        QString part = in.selection.size() == 1 ? tr("the selected point")
                                                : tr("%1 selected points").arg(in.selection.size());
        if (!in.neighbors.empty()) part += tr(" and %1 neighbours").arg(in.neighbors.size());
        parts << part;
    }
    if (in.searching) parts << tr("%1 search matches").arg(search.size());
    if (!in.legendRows.empty())
        parts << tr("legend entry “%1” (%2 points)").arg(in.legendName).arg(in.legendRows.size());
    if (!in.analogyRows.empty()) parts << tr("the analogy's %1 words").arg(in.analogyRows.size());
    if (!parts.isEmpty()) focus.summary = tr("Lit: %1").arg(parts.join(QStringLiteral(", ")));
    return focus;
}

#include "compare_settings.h"

#include "vecspace/compare/comparison.h"

#include <algorithm>

QString viewName(CompareSettings::View view) {
    return view == CompareSettings::View::Joint ? QStringLiteral("joint") : QStringLiteral("side");
}

QString colorByName(CompareSettings::ColorBy color) {
    switch (color) {
    case CompareSettings::ColorBy::None:
        return QStringLiteral("none");
    case CompareSettings::ColorBy::Jaccard:
        return QStringLiteral("jaccard");
    case CompareSettings::ColorBy::Displacement:
        return QStringLiteral("displacement");
    }
    return {};
}

QJsonObject CompareSettings::toJson() const {
    return QJsonObject{{"k", k},
                       {"align", align},
                       {"anchors", anchors},
                       {"ignore_case", ignoreCase},
                       {"view", viewName(view)},
                       {"link_cameras", linkCameras},
                       {"color_by", colorByName(colorBy)},
                       {"max_jaccard", maxJaccard},
                       {"min_displacement", minDisplacement}};
}

CompareSettings CompareSettings::fromJson(const QJsonObject& json) {
    CompareSettings s;
    s.k = std::clamp(json.value("k").toInt(s.k), 1, int(vecspace::kMaxCompareK));
    s.align = json.value("align").toBool(s.align);
    s.anchors = std::max(0, json.value("anchors").toInt(0));
    s.ignoreCase = json.value("ignore_case").toBool(false);
    s.view =
        json.value("view").toString() == QLatin1String("joint") ? View::Joint : View::SideBySide;
    s.linkCameras = json.value("link_cameras").toBool(true);
    const QString color = json.value("color_by").toString(QStringLiteral("jaccard"));
    s.colorBy = color == QLatin1String("none")           ? ColorBy::None
                : color == QLatin1String("displacement") ? ColorBy::Displacement
                                                         : ColorBy::Jaccard;
    s.maxJaccard = std::clamp(json.value("max_jaccard").toDouble(1.0), 0.0, 1.0);
    s.minDisplacement = std::clamp(json.value("min_displacement").toDouble(0.0), 0.0, 2.0);
    return s;
}

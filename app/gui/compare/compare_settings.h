#pragma once

#include <QJsonObject>
#include <QString>

// What the Compare dock asks of a comparison and how it shows it; saved in sessions.
struct CompareSettings {
    enum class View { SideBySide, Joint };
    enum class ColorBy { None, Jaccard, Displacement };

    // The comparison itself (a change reruns it).
    int k = 10;
    bool align = true;
    int anchors = 0; // 0: every shared label
    bool ignoreCase = false;
    // How it is shown.
    View view = View::SideBySide;
    bool linkCameras = true;
    ColorBy colorBy = ColorBy::Jaccard;
    // The joint view's lines: only labels at or under this Jaccard and at or over this
    // displacement.
    double maxJaccard = 1.0;
    double minDisplacement = 0.0;

    bool sameComparison(const CompareSettings& other) const {
        return k == other.k && align == other.align && anchors == other.anchors &&
               ignoreCase == other.ignoreCase;
    }
    QJsonObject toJson() const;
    static CompareSettings fromJson(const QJsonObject& json);
};

QString viewName(CompareSettings::View view);        // "side", "joint"
QString colorByName(CompareSettings::ColorBy color); // "none", "jaccard", "displacement"

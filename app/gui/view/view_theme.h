#pragma once

#include <QColor>

// The colours of the point view. Everything the view paints takes its colour from here, so a
// theme switch is one call and never re-uploads point data (the default point colour is a
// shader uniform, used while the owner has set no per-point colours).
struct ViewTheme {
    QColor background;
    QColor defaultPoint;     // points without per-point colours
    QColor selectionOutline; // ring around selected points
    QColor neighborOutline;  // ring around the selection's nearest neighbours
    QColor labelText;
    QColor labelBackground; // translucent box behind each label, so text reads over points
    QColor hoverText;       // the label under the mouse
    QColor hoverBackground;
    QColor rubberBand; // box and lasso outline
    QColor errorText;  // shader/GL failures are drawn in the view, never a black frame

    static ViewTheme light() {
        return {QColor(0xfa, 0xfa, 0xfa), QColor(0x2f, 0x6f, 0xb3),      QColor(0x10, 0x10, 0x10),
                QColor(0xd9, 0x5f, 0x02), QColor(0x20, 0x20, 0x20),      QColor(255, 255, 255, 200),
                QColor(255, 255, 255),    QColor(0x20, 0x20, 0x20, 230), QColor(0x1f, 0x5f, 0xbf),
                QColor(0xb0, 0x00, 0x20)};
    }

    static ViewTheme dark() {
        return {QColor(0x16, 0x18, 0x1d), QColor(0x6c, 0xb4, 0xee),
                QColor(0xff, 0xff, 0xff), QColor(0xff, 0xa6, 0x30),
                QColor(0xe8, 0xe8, 0xe8), QColor(0x16, 0x18, 0x1d, 190),
                QColor(0x10, 0x10, 0x10), QColor(0xf0, 0xf0, 0xf0, 235),
                QColor(0x9c, 0xd0, 0xff), QColor(0xff, 0x6b, 0x6b)};
    }
};

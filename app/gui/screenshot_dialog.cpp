#include "screenshot_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr int kMaxSide = 16384; // what GL implementations commonly allow for a framebuffer

QSpinBox* sideBox(int value, const char* objectName) {
    auto* box = new QSpinBox;
    box->setObjectName(QLatin1String(objectName));
    box->setRange(1, kMaxSide);
    box->setSuffix(QStringLiteral(" px"));
    box->setValue(value);
    return box;
}

} // namespace

ScreenshotDialog::ScreenshotDialog(QSize windowSize, QWidget* parent)
    : QDialog(parent), m_windowSize(windowSize.expandedTo(QSize(1, 1))) {
    setWindowTitle(tr("Export Screenshot"));
    m_width = sideBox(m_windowSize.width(), "screenshotWidth");
    m_height = sideBox(m_windowSize.height(), "screenshotHeight");
    auto* keep = new QCheckBox(tr("Keep aspect ratio"));
    keep->setChecked(m_keepAspect);

    auto* form = new QFormLayout;
    form->addRow(tr("Width:"), m_width);
    form->addRow(tr("Height:"), m_height);
    form->addRow(QString(), keep);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton* windowSizeButton =
        buttons->addButton(tr("Window Size"), QDialogButtonBox::ResetRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(windowSizeButton, &QPushButton::clicked, this, [this] {
        m_updating = true;
        m_width->setValue(m_windowSize.width());
        m_height->setValue(m_windowSize.height());
        m_updating = false;
    });
    connect(keep, &QCheckBox::toggled, this, [this](bool on) { m_keepAspect = on; });
    connect(m_width, &QSpinBox::valueChanged, this, [this] { follow(m_width); });
    connect(m_height, &QSpinBox::valueChanged, this, [this] { follow(m_height); });
}

QSize ScreenshotDialog::imageSize() const {
    return QSize(m_width->value(), m_height->value());
}

void ScreenshotDialog::follow(QSpinBox* changed) {
    if (!m_keepAspect || m_updating) return;
    m_updating = true;
    const double aspect = double(m_windowSize.width()) / m_windowSize.height();
    if (changed == m_width)
        m_height->setValue(qBound(1, qRound(m_width->value() / aspect), kMaxSide));
    else
        m_width->setValue(qBound(1, qRound(m_height->value() * aspect), kMaxSide));
    m_updating = false;
}

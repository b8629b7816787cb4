#include "umap_test_support.h"

#include "test_support.h"

#include <QFile>
#include <QJsonDocument>

namespace umaptest {

QJsonObject reference() {
    QFile file(QString::fromStdString(testsupport::dataPath("reference/umap_reference.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace umaptest

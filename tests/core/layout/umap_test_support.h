#pragma once

// Shared by the UMAP tests: the reference values made by tests/reference/make_umap_reference.py.

#include <QJsonObject>

namespace umaptest {

// tests/data/reference/umap_reference.json, or an empty object when it cannot be read.
QJsonObject reference();

} // namespace umaptest

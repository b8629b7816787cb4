#pragma once

#include <QJsonObject>
#include <QString>

namespace testsupport {

// tests/data/reference/gensim_reference.json: values computed by gensim 4.2 and numpy
// (tests/reference/make_reference.py), one object per model ("glove100", "glove50").
QJsonObject gensimReference(const QString& model);

// Any JSON file of tests/data/reference/ (e.g. "numpy_analogy.json"), whole.
QJsonObject referenceJson(const char* name);

} // namespace testsupport

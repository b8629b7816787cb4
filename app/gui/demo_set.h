#pragma once

#include <QString>

// The bundled demo set's .npy file: $VECSPACE_DEMO when set (an explicit choice is kept even if
// it is wrong, so that the load error names it), else the first copy found in an installed tree,
// a build tree or the source tree. Empty when there is none.
QString findDemoSet();

// A file shipped in resources/FOLDER (e.g. "benchmarks", "questions-words.txt"), looked up the
// same way; empty when there is none.
QString findResource(const QString& folder, const QString& name);

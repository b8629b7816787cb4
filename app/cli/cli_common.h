#pragma once

#include "arguments.h"
#include "vecspace/io/loader.h"

#include <QJsonObject>
#include <QString>
#include <set>
#include <string>

namespace vecspace::cli {

// Options every command that loads a file accepts.
extern const std::set<std::string> kLoadOptions;

Format parseFormatOption(const Arguments& args, const std::string& option);
LoadOptions loadOptions(const Arguments& args);

QString qs(const std::string& text);
double roundedSeconds(double seconds);
void printJson(const QJsonObject& object); // one line on stdout
// A label in a text table: quoted when it begins or ends with a space (GPT-2's " king", which
// would otherwise read as "king"), padded to `width` characters (not bytes).
std::string labelColumn(const std::string& label, std::size_t width);

struct TimedLoad {
    EmbeddingSet set;
    double seconds = 0;
};

// Loads with a progress line on stderr unless quiet.
TimedLoad timedLoad(const std::string& path, LoadOptions options, bool quiet);

} // namespace vecspace::cli

#pragma once

#include <string>
#include <vector>

namespace vecspace::cli {

// Each returns the process exit code; they throw UsageError, LoadError or std::runtime_error.
int runInfo(const std::vector<std::string>& args);
int runConvert(const std::vector<std::string>& args);

extern const char* const kInfoUsage;
extern const char* const kConvertUsage;

} // namespace vecspace::cli

#pragma once

#include <string>
#include <vector>

namespace vecspace::cli {

// Each returns the process exit code; they throw UsageError, LoadError or std::runtime_error.
int runInfo(const std::vector<std::string>& args);
int runConvert(const std::vector<std::string>& args);
int runNeighbors(const std::vector<std::string>& args);
int runAnalogy(const std::vector<std::string>& args);
int runSimilarity(const std::vector<std::string>& args);
int runOddOneOut(const std::vector<std::string>& args);
int runCluster(const std::vector<std::string>& args);
int runProject(const std::vector<std::string>& args);
int runEvaluateAnalogies(const std::vector<std::string>& args);
int runEvaluateSimilarity(const std::vector<std::string>& args);
int runCompare(const std::vector<std::string>& args);
int runGenerate(const std::vector<std::string>& args);

extern const char* const kInfoUsage;
extern const char* const kConvertUsage;
extern const char* const kNeighborsUsage;
extern const char* const kAnalogyUsage;
extern const char* const kSimilarityUsage;
extern const char* const kOddOneOutUsage;
extern const char* const kClusterUsage;
extern const char* const kProjectUsage;
extern const char* const kEvaluateAnalogiesUsage;
extern const char* const kEvaluateSimilarityUsage;
extern const char* const kCompareUsage;
extern const char* const kGenerateUsage;

} // namespace vecspace::cli

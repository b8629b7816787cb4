#include "vecspace/io/sidecar_files.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace vecspace {

namespace {

// "x.ext[.gz]" -> "x" + suffix + [".gz"]
std::filesystem::path withSuffix(const std::filesystem::path& path, const std::string& suffix) {
    std::filesystem::path name = path;
    const bool gz = endsWithGz(name);
    if (gz) name.replace_extension();
    name.replace_extension();
    return name.string() + suffix + (gz ? ".gz" : "");
}

} // namespace

bool endsWithGz(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext == ".gz";
}

std::filesystem::path npyLabelsPath(const std::filesystem::path& npyPath) {
    return withSuffix(npyPath, ".labels.txt");
}

std::filesystem::path tsvMetadataPath(const std::filesystem::path& vectorsPath) {
    return withSuffix(vectorsPath, ".metadata.tsv");
}

std::vector<std::filesystem::path> npyLabelsCandidates(const std::filesystem::path& npyPath) {
    std::filesystem::path vocab = npyPath;
    vocab.replace_extension(".vocab");
    return {npyLabelsPath(npyPath), vocab};
}

std::vector<std::filesystem::path> tsvMetadataCandidates(const std::filesystem::path& vectorsPath) {
    const std::string name = vectorsPath.filename().string();
    std::vector<std::filesystem::path> candidates;
    if (const std::size_t at = name.find("vectors"); at != std::string::npos)
        candidates.push_back(vectorsPath.parent_path() /
                             (name.substr(0, at) + "metadata" + name.substr(at + 7)));
    candidates.push_back(tsvMetadataPath(vectorsPath));
    std::filesystem::path stem = vectorsPath;
    stem.replace_extension();
    candidates.push_back(stem.string() + "_metadata.tsv");
    return candidates;
}

std::filesystem::path findSidecar(const std::vector<std::filesystem::path>& candidates,
                                  const std::filesystem::path& data) {
    for (const auto& candidate : candidates)
        if (candidate != data && std::filesystem::is_regular_file(candidate)) return candidate;
    return {};
}

} // namespace vecspace

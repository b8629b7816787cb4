#pragma once

#include <filesystem>
#include <vector>

namespace vecspace {

// The files that travel beside a data file, named in one place: the writers make the first
// name of each list, the loaders look for every name in order, so what Vecspace writes it reads
// back and the names other tools use are found too.

// The labels file that goes with an .npy file: "name.npy" -> "name.labels.txt".
std::filesystem::path npyLabelsPath(const std::filesystem::path& npyPath);
// The metadata file written with a vectors TSV: "x.tsv" -> "x.metadata.tsv" (and for .tsv.gz).
std::filesystem::path tsvMetadataPath(const std::filesystem::path& vectorsPath);

// Where a loader looks for an .npy's labels: npyLabelsPath, then "name.vocab".
std::vector<std::filesystem::path> npyLabelsCandidates(const std::filesystem::path& npyPath);
// Where it looks for a Projector TSV's metadata: "…vectors…" with "metadata" in its place (the
// Projector's own naming), tsvMetadataPath, then "name_metadata.tsv".
std::vector<std::filesystem::path> tsvMetadataCandidates(const std::filesystem::path& vectorsPath);

// The first candidate that is a regular file other than `data` itself; empty when none is.
std::filesystem::path findSidecar(const std::vector<std::filesystem::path>& candidates,
                                  const std::filesystem::path& data);

// Whether the name ends in .gz (any case).
bool endsWithGz(const std::filesystem::path& path);

} // namespace vecspace

#pragma once

// A metadata table for a loaded set (the Projector's metadata.tsv, a cluster export, any
// tab-separated table): rows in the set's order, or joined by label.

#include "io/warning_collector.h"
#include "vecspace/base/embedding_set.h"

#include <filesystem>

namespace vecspace {

// Reads `path` and sets set.metadata. The table is joined by label when its first column holds
// labels of the set, each once (every data line's first field is a row's label): rows the table
// does not name get empty values, and a warning says how many. Otherwise its lines are the
// rows in order: as many as the set has (at least as many when the load was limited). A first
// line is a header when the table has several columns, or one column and one line more than
// there are rows. Throws LoadError (file, line, expected, found) for a missing or empty file, a
// row count that matches neither rule, or a line with a different number of fields.
void attachMetadata(EmbeddingSet& set, const std::filesystem::path& path, bool limited,
                    WarningCollector& warnings);

// The column that holds the labels: named label, word, name or token (any case), else the first.
std::size_t labelColumnIndex(const std::vector<MetadataColumn>& table);

} // namespace vecspace

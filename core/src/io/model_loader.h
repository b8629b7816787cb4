#pragma once

#include "io/model_source.h"
#include "io/warning_collector.h"
#include "vecspace/io/loader.h"

namespace vecspace {

// The chosen 2-D tensor of a checkpoint as float32 rows (converted or dequantised in parallel),
// labelled by the vocabulary: decoded text as labels; the raw token, the id and the kind as
// metadata columns; rows past the vocabulary labelled "<pad N>". Throws LoadError when no
// tensor fits (naming what is there), for an unsupported dtype, a vocabulary longer than the
// matrix, or a value that is not finite.
EmbeddingSet loadModel(const ModelSource& source, const LoadOptions& options,
                       WarningCollector& warnings);

} // namespace vecspace

// vecspace-cli generate: tables made from a formula rather than read, written as any format we
// write. sinusoidal: the Transformer's fixed positional encodings, whose rows in order trace the
// curve a learned positional table (GPT-2's wpe.weight) can be compared with.
#include "arguments.h"
#include "cli_common.h"
#include "commands.h"
#include "vecspace/base/sinusoidal_table.h"
#include "vecspace/io/writer.h"

#include <QJsonObject>
#include <iostream>
#include <stdexcept>

namespace vecspace::cli {

const char* const kGenerateUsage =
    "vecspace-cli generate sinusoidal --positions N --dims D [--base B] OUT [--json]";

int runGenerate(const std::vector<std::string>& argv) {
    const Arguments args(argv, {"--positions", "--dims", "--base"}, {"--json", "--quiet"});
    args.expectPositional(2, "KIND and OUT");
    if (args.positional()[0] != "sinusoidal")
        throw UsageError("generate makes 'sinusoidal' tables, not '" + args.positional()[0] + "'");
    if (!args.value("--positions") || !args.value("--dims"))
        throw UsageError("generate sinusoidal needs --positions N and --dims D");
    const std::size_t positions = args.number("--positions", 0, 1);
    const std::size_t dims = args.number("--dims", 0, 1);
    double base = 10000.0;
    if (const auto text = args.value("--base")) {
        std::size_t used = 0;
        try {
            base = std::stod(*text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text->size() || !(base > 1))
            throw UsageError("--base must be a number above 1, not '" + *text + "'");
    }
    const std::string& out = args.positional()[1];
    const EmbeddingSet set = sinusoidalPositions(positions, dims, base);
    writeEmbeddings(set, out, WriteOptions{});
    if (args.flag("--json")) {
        printJson(QJsonObject{{"out", qs(out)},
                              {"positions", qint64(positions)},
                              {"dims", qint64(dims)},
                              {"base", base}});
        return 0;
    }
    std::cerr << "wrote " << positions << " x " << dims << " sinusoidal positions to " << out
              << '\n';
    return 0;
}

} // namespace vecspace::cli

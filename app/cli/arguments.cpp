#include "arguments.h"

#include <charconv>

namespace vecspace::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                     const std::set<std::string>& flags) {
    bool optionsEnded = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (optionsEnded || arg.size() < 2 || arg[0] != '-' || (arg[1] != '-' && arg.size() != 2)) {
            m_positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            optionsEnded = true;
            continue;
        }
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            inlineValue = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        if (valued.count(arg)) {
            if (!inlineValue && i + 1 >= args.size())
                throw UsageError("option " + arg + " needs a value");
            m_values[arg] = inlineValue ? *inlineValue : args[++i];
        } else if (flags.count(arg) && !inlineValue) {
            m_flags.insert(arg);
        } else {
            throw UsageError("unknown option " + arg);
        }
    }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::size_t Arguments::number(const std::string& name, std::size_t fallback,
                              std::size_t minimum) const {
    const auto text = value(name);
    if (!text) return fallback;
    std::size_t result = 0;
    const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), result);
    if (ec != std::errc() || ptr != text->data() + text->size() || result < minimum)
        throw UsageError(name + " needs a whole number" +
                         (minimum > 0 ? " of at least " + std::to_string(minimum) : std::string()) +
                         ", not '" + *text + "'");
    return result;
}

void Arguments::expectPositional(std::size_t count, const std::string& names) const {
    if (m_positional.size() < count) throw UsageError("missing " + names);
    if (m_positional.size() > count)
        throw UsageError("unexpected argument '" + m_positional[count] + "'");
}

} // namespace vecspace::cli

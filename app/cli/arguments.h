#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace vecspace::cli {

// A usage mistake: reported with the command's usage and exit code 2.
class UsageError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parsed "COMMAND POSITIONAL... --option VALUE --flag" command lines.
class Arguments {
public:
    // `valued` lists the options that take a value, `flags` those that do not.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
              const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    // A whole number >= minimum, or fallback when the option is absent.
    std::size_t number(const std::string& name, std::size_t fallback,
                       std::size_t minimum = 0) const;
    void expectPositional(std::size_t count, const std::string& names) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

} // namespace vecspace::cli

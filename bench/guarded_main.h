#pragma once

#include <cstdio>
#include <exception>

// A bench program's main: a bad file or flag value ends with its message and exit code 1, not
// an uncaught exception.
inline int guardedMain(int argc, char** argv, int (*run)(int, char**)) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}

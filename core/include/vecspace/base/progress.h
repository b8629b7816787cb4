#pragma once

#include <exception>
#include <functional>

namespace vecspace {

// Called from the thread that started the operation with a fraction in [0, 1]. Returning false
// asks the operation to stop; it then throws Cancelled at the next safe point.
using ProgressFn = std::function<bool(double fraction)>;

// Called from the thread running a multi-stage operation as it enters each stage ("neighbours",
// "epochs", ...), so that a long run can say what it is doing beside its progress bar.
using PhaseFn = std::function<void(const char* phase)>;

class Cancelled : public std::exception {
public:
    const char* what() const noexcept override { return "cancelled"; }
};

} // namespace vecspace

#include "vecspace/layout/umap.h"

#include <Eigen/Dense>
#include <array>
#include <cmath>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr int kSamples = 300; // umap-learn: numpy.linspace(0, 3 * spread, 300)

struct Samples {
    std::array<double, kSamples> x{};
    std::array<double, kSamples> y{};
};

Samples targetCurve(double minDist, double spread) {
    Samples s;
    for (int i = 0; i < kSamples; ++i) {
        const double x = 3.0 * spread * i / (kSamples - 1);
        s.x[i] = x;
        s.y[i] = x < minDist ? 1.0 : std::exp(-(x - minDist) / spread);
    }
    return s;
}

// Residuals 1 / (1 + a x^(2b)) - y and their Jacobian; x = 0 gives 1 with zero derivatives,
// as numpy's 0 ** (2b) = 0 does.
double residuals(const Samples& s, double a, double b, Eigen::VectorXd& r, Eigen::MatrixXd& jac) {
    r.resize(kSamples);
    jac.resize(kSamples, 2);
    for (int i = 0; i < kSamples; ++i) {
        const double x = s.x[i];
        if (x <= 0) {
            r[i] = 1.0 - s.y[i];
            jac(i, 0) = jac(i, 1) = 0;
            continue;
        }
        const double p = std::pow(x, 2 * b);
        const double d = 1 + a * p;
        r[i] = 1 / d - s.y[i];
        jac(i, 0) = -p / (d * d);
        jac(i, 1) = -a * p * 2 * std::log(x) / (d * d);
    }
    return r.squaredNorm();
}

} // namespace

// scipy's curve_fit runs MINPACK's Levenberg-Marquardt from (a, b) = (1, 1); the problem has a
// single well-defined minimum there, so the same damped Gauss-Newton steps from the same start,
// iterated to a tighter tolerance, land on the same a and b.
UmapCurve fitUmapCurve(double minDist, double spread) {
    if (!(spread > 0) || !(minDist >= 0) || !std::isfinite(minDist) || !std::isfinite(spread))
        throw std::invalid_argument("UMAP: spread must be positive and minDist non-negative");
    const Samples s = targetCurve(minDist, spread);
    double a = 1.0;
    double b = 1.0;
    double lambda = 1e-3;
    Eigen::VectorXd r;
    Eigen::MatrixXd jac;
    double cost = residuals(s, a, b, r, jac);
    for (int iteration = 0; iteration < 500; ++iteration) {
        const Eigen::Matrix2d jtj = jac.transpose() * jac;
        const Eigen::Vector2d jtr = jac.transpose() * r;
        bool improved = false;
        while (lambda < 1e12) {
            Eigen::Matrix2d damped = jtj;
            damped.diagonal() *= 1 + lambda;
            const Eigen::Vector2d step = damped.ldlt().solve(-jtr);
            const double na = a + step[0];
            const double nb = b + step[1];
            Eigen::VectorXd nr;
            Eigen::MatrixXd njac;
            const double ncost = nb > 0 ? residuals(s, na, nb, nr, njac) : INFINITY;
            if (ncost < cost) {
                const double change = std::abs(step[0]) / std::max(1.0, std::abs(a)) +
                                      std::abs(step[1]) / std::max(1.0, std::abs(b));
                a = na;
                b = nb;
                r = std::move(nr);
                jac = std::move(njac);
                const double gain = cost - ncost;
                cost = ncost;
                lambda = std::max(lambda / 10, 1e-12);
                improved = change > 1e-14 && gain > 1e-18 * cost;
                break;
            }
            lambda *= 10;
        }
        if (!improved) break;
    }
    return {a, b};
}

} // namespace vecspace

#pragma once

#include <cmath>

namespace vecspace {

// The repulsion's kernel K(u) = w b = (1 + u / a)^-(a + 1) of u = |y_i - y_j|^2, for a degrees of
// freedom (a = 1: the squared Cauchy kernel (1 + u)^-2), split at u_c = r_c^2 into a smooth part
// S, which the FFT grid interpolates well, and a short-range rest K - S, which is zero from r_c
// on and is summed pair by pair. Below u_c, S is the Taylor polynomial of K about u_c up to u^3:
// S and its first three derivatives in u are continuous, and, as every derivative of K
// alternates in sign (K is completely monotone for any a), S stays positive and decreasing.
// Interpolating K itself with 3 nodes per unit length errs by several percent for pairs less
// than a unit apart, where K changes fastest; S changes slowly everywhere.
class KernelSplit {
public:
    explicit KernelSplit(double radius, double alpha = 1) : m_cut(radius * radius), m_alpha(alpha) {
        const double a = 1.0 / (1.0 + m_cut / alpha);
        if (alpha == 1) { // the Cauchy kernel's own products: the bits of standard t-SNE
            m_c0 = a * a;
            m_c1 = -2 * a * a * a;
            m_c2 = 3 * a * a * a * a;      // K''/2
            m_c3 = -4 * a * a * a * a * a; // K'''/6
            return;
        }
        // The k-th derivative is (-1)^k (a+1)...(a+k) / a^k (1 + u / a)^-(a+1+k).
        const double e = alpha + 1;
        m_c0 = std::pow(a, e);
        m_c1 = -e / alpha * std::pow(a, e + 1);
        m_c2 = e * (e + 1) / (2 * alpha * alpha) * std::pow(a, e + 2);
        m_c3 = -e * (e + 1) * (e + 2) / (6 * alpha * alpha * alpha) * std::pow(a, e + 3);
    }
    double cut() const { return m_cut; }
    double alpha() const { return m_alpha; }
    double kernel(double u) const {
        const double a = 1.0 / (1.0 + u / m_alpha);
        return m_alpha == 1 ? a * a : std::pow(a, m_alpha + 1);
    }
    double smooth(double u) const {
        if (u >= m_cut) return kernel(u);
        const double t = u - m_cut;
        return m_c0 + t * (m_c1 + t * (m_c2 + t * m_c3));
    }
    // The polynomial's coefficients, for loops that evaluate K - S themselves.
    double coefficient(int k) const { return k == 0 ? m_c0 : k == 1 ? m_c1 : k == 2 ? m_c2 : m_c3; }

private:
    double m_cut, m_alpha, m_c0, m_c1, m_c2, m_c3;
};

} // namespace vecspace

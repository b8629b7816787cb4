#pragma once

namespace vecspace {

// The squared Cauchy kernel K(u) = (1 + u)^-2 of u = |y_i - y_j|^2 split at u_c = r_c^2 into a
// smooth part S, which the FFT grid interpolates well, and a short-range rest K - S, which is
// zero from r_c on and is summed pair by pair. Below u_c, S is the Taylor polynomial of K about
// u_c up to u^3: S and its first three derivatives in u are continuous, and S stays positive and
// decreasing. Interpolating K itself with 3 nodes per unit length errs by several percent for
// pairs less than a unit apart, where K changes fastest; S changes slowly everywhere.
class KernelSplit {
public:
    explicit KernelSplit(double radius) : m_cut(radius * radius) {
        const double a = 1.0 / (1.0 + m_cut);
        m_c0 = a * a;
        m_c1 = -2 * a * a * a;
        m_c2 = 3 * a * a * a * a;      // K''/2
        m_c3 = -4 * a * a * a * a * a; // K'''/6
    }
    double cut() const { return m_cut; }
    double smooth(double u) const {
        if (u >= m_cut) {
            const double a = 1.0 / (1.0 + u);
            return a * a;
        }
        const double t = u - m_cut;
        return m_c0 + t * (m_c1 + t * (m_c2 + t * m_c3));
    }
    // The polynomial's coefficients, for loops that evaluate K - S themselves.
    double coefficient(int k) const { return k == 0 ? m_c0 : k == 1 ? m_c1 : k == 2 ? m_c2 : m_c3; }

private:
    double m_cut, m_c0, m_c1, m_c2, m_c3;
};

} // namespace vecspace

r"""How fast GD, heavy ball and Nesterov converge on a quadratic: the theory.

On a quadratic loss L(θ) = L(θ̄) + ½ (θ − θ̄)ᵀ H (θ − θ̄) (the linear neuron's,
with H = ``linear.hessian(X)``) the gradient is g = H(θ − θ̄). In the basis of
H's eigenvectors every coordinate e = θ_i − θ̄_i moves on its own, with its
eigenvalue λ, so full-batch descent is a 2×2 linear map per eigenvalue acting on
(v, e), the velocity and the error:

* GD:          e ← (1 − αλ) e
* heavy ball:  v ← βv + λe,  e ← e − αv                 M = [[β, λ], [−αβ, 1 − αλ]]
* Nesterov:    v ← βv + λe,  e ← e − α(λe + βv)        M = [[β, λ], [−αβ², 1 − αλ(1 + β)]]

After t updates the error is Mᵗ applied to its start, so it shrinks like ρᵗ with
ρ = the spectral radius of M (its largest |eigenvalue|); the slowest eigenvalue
sets the rate of the whole run, ρ = max over λ of ρ(M_λ), and the excess loss
L(θ^[t]) − L(θ̄), a square of the error, like ρ^{2t}. ρ < 1: convergence;
ρ ≥ 1: divergence.
"""
from __future__ import annotations

import numpy as np

from . import linear


def iteration_matrix(lam, lr, beta=0.0, nesterov=False):
    r"""M_λ: one full-batch update of (v, e) along an eigenvector of eigenvalue λ.

    Heavy ball: [[β, λ], [−αβ, 1 − αλ]]; Nesterov: [[β, λ], [−αβ², 1 − αλ(1 + β)]];
    β = 0 is GD (eigenvalues 0 and 1 − αλ). Broadcasts over arrays of λ, α, β:
    the result has shape (*broadcast shape, 2, 2).
    """
    lam, lr, beta = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (lam, lr, beta)))
    M = np.empty(lam.shape + (2, 2))
    M[..., 0, 0], M[..., 0, 1] = beta, lam                     # v ← βv + λe
    if nesterov:                                               # e ← e − α(λe + βv)
        M[..., 1, 0], M[..., 1, 1] = -lr * beta ** 2, 1.0 - lr * lam * (1.0 + beta)
    else:                                                      # e ← e − αv
        M[..., 1, 0], M[..., 1, 1] = -lr * beta, 1.0 - lr * lam
    return M


def spectral_radius(M):
    """The largest |eigenvalue| of each 2×2 matrix in M (shape (..., 2, 2))."""
    return np.abs(np.linalg.eigvals(M)).max(axis=-1)


def rate(eigenvalues, lr, beta=0.0, nesterov=False):
    r"""ρ = max_λ ρ(M_λ): the factor by which the error shrinks per update (at worst).

    ``eigenvalues`` are H's (all of them, or just λ_min and λ_max: for these three
    methods the extremes are the slowest). ``lr`` and ``beta`` may be arrays (a
    curve of ρ against α, say); the result has their broadcast shape.
    """
    lam = np.asarray(eigenvalues, dtype=float)
    lr, beta = np.broadcast_arrays(np.asarray(lr, dtype=float), np.asarray(beta, dtype=float))
    M = iteration_matrix(lam, lr[..., None], beta[..., None], nesterov)
    return spectral_radius(M).max(axis=-1)


def condition_number(eigenvalues):
    """κ = λ_max / λ_min."""
    lam = np.asarray(eigenvalues, dtype=float)
    return float(lam.max() / lam.min())


def optimal_gd(eigenvalues):
    r"""GD's best constant α and its rate: α* = 2 / (λ_min + λ_max), ρ* = (κ − 1)/(κ + 1)."""
    lam = np.asarray(eigenvalues, dtype=float)
    kappa = condition_number(lam)
    return 2.0 / (lam.min() + lam.max()), (kappa - 1.0) / (kappa + 1.0)


def optimal_momentum(eigenvalues):
    r"""Heavy ball's best α, β and rate (Polyak):

    α* = (2 / (√λ_max + √λ_min))²,  β* = ((√κ − 1)/(√κ + 1))²,  ρ* = (√κ − 1)/(√κ + 1) = √β*.
    """
    lam = np.asarray(eigenvalues, dtype=float)
    root = np.sqrt(condition_number(lam))
    lr = (2.0 / (np.sqrt(lam.max()) + np.sqrt(lam.min()))) ** 2
    rho = (root - 1.0) / (root + 1.0)
    return lr, rho ** 2, rho


def excess_loss_envelope(initial_excess, rho, updates):
    r"""The theory curve (L(θ⁰) − L(θ̄)) ρ^{2t} for t = 0 … updates: the slope a run follows."""
    t = np.arange(updates + 1)
    with np.errstate(over="ignore", under="ignore"):
        return initial_excess * float(rho) ** (2.0 * t)


def measured_rate(excess, first, last, window=10):
    r"""The rate a run achieved from update ``first`` to ``last``, from its excess loss
    E_t = L(θ^[t]) − L(θ̄): (Ê_last / Ê_first)^{1/(2(last − first))}, where Ê_t is the
    largest E over the ``window`` updates from t on (the envelope: with momentum E
    oscillates, and its peaks, not every value, shrink like ρ^{2t})."""
    E = np.asarray(excess, dtype=float)
    envelope = lambda t: E[t:t + window].max()
    return float((envelope(last) / envelope(first)) ** (1.0 / (2 * (last - first))))


def mode_rates(eigenvalues, lr, beta=0.0, nesterov=False):
    r"""ρ(M_λ) for each eigenvalue λ of H: how fast the error along *its* eigenvector shrinks.

    ``rate`` is the largest of these. They differ a lot: at α = 0.05, β = 0.95 on the
    narrow valley, heavy ball damps both modes at √β ≈ 0.975, while Nesterov damps the
    steep one at about √(β(1 − αλ_max)) ≈ 0.61 and only the slow one at ≈ 0.972.
    """
    lam = np.asarray(eigenvalues, dtype=float)
    return spectral_radius(iteration_matrix(lam, lr, beta, nesterov))


def largest_stable_lr(lam_max, beta=0.0, nesterov=False):
    r"""The stability edge: ρ(M_λmax) < 1 for α below it, = 1 at it (M gets the eigenvalue −1).

    Heavy ball 2(1 + β)/λ_max (β = 0: GD's 2/λ_max), Nesterov 2(1 + β)/(λ_max (1 + 2β)).
    """
    lam_max, beta = float(lam_max), float(beta)
    if not (lam_max > 0 and 0 <= beta < 1):
        raise ValueError(f"largest_stable_lr needs λ_max > 0 and 0 ≤ β < 1; got λ_max = "
                         f"{lam_max:g}, β = {beta:g}.")
    return 2 * (1 + beta) / (lam_max * ((1 + 2 * beta) if nesterov else 1.0))


def errors_along_eigenvectors(thetas, theta_bar, H):
    r"""|e_i^[t]|: the error θ^[t] − θ̄ along each eigenvector of H (columns, λ ascending).

    ``thetas`` has one row θ^[t] per update. Along an eigenvector each method is the 2×2
    map M_λ, so column i shrinks like ρ(M_λi)^t (times t at critical damping).
    """
    _lam, V = np.linalg.eigh(np.asarray(H, dtype=float))
    return np.abs((np.asarray(thetas, dtype=float) - np.asarray(theta_bar, dtype=float)) @ V)


#: Excess losses are kept down to this fraction of the first one (below it: round-off).
FLOOR = 1e-12


def valley(X, y):
    """What the figures need of a one-feature linear neuron: θ̄, L(θ̄) and H's eigenvalues."""
    optimum = w_bar, b_bar = linear.optimum(X, y)
    lam = np.linalg.eigvalsh(linear.hessian(X))
    return optimum, linear.loss(X, y, [w_bar], b_bar), lam


def excess(history, loss_bar):
    """L(θ^[t]) − L(θ̄), kept above FLOOR · its start (round-off) and finite (divergence)."""
    E = np.asarray(history.losses, dtype=float) - loss_bar
    E = E[np.isfinite(E)]
    return np.maximum(E, FLOOR * E[0])


def theory_line(E, rho, reanchor=True, critical=False):
    """(t, (L⁰ − L̄) ρ^{2t}) to draw next to a measured excess loss E: the theory's slope.

    Anchored at E's start; when the run ends above that line (a slow start), through its
    last point above round-off instead (unless ``reanchor=False``, e.g. for SGD, whose
    noise floor is no slope): the slope is the theory, the height depends on the start.
    ``critical=True`` (critical damping, as at Polyak's (α*, β*): M_λ has a double
    eigenvalue and the error decays like t·ρᵗ) draws t²ρ^{2t} through that last point.
    Only the part between round-off and twice the highest loss is kept.
    """
    t = np.arange(len(E))
    env = excess_loss_envelope(E[0], rho, len(E) - 1)
    above = np.nonzero(E > FLOOR * E[0] * 10)[0]
    last = above[-1] if len(above) else 0
    if critical and last > 0:               # a double eigenvalue: the loss decays like t²ρ^{2t}
        env = env * t ** 2.0
        env = env * (E[last] / env[last])
    elif reanchor and E[last] > env[last]:
        env = env * (E[last] / env[last])
    keep = (env >= FLOOR * E[0]) & (env <= 2 * E.max()) & ((t > 0) | (not critical))
    return t[keep], env[keep]

"""The optimizer explorer's JavaScript (js/optimizers.js) gives gdlib's numbers, in Chromium.

Its runs and status line equal the Python explorer's ``result`` / ``status`` for every
optimizer, β at 0 and 0.99, the smallest and the largest (diverging) α, |B| = 1 and n, the
most epochs, on both bowls (1e-9 relative, divergence at the same update); its ρ(α, β) equals
``quadratic.rate`` on a grid of α, β and eigenvalues, and its ρ curves, excess loss and theory
line equal gdlib's. The page is fed the kernel's own ``problem`` and ``texts``.
"""
from __future__ import annotations

import numpy as np
import pytest

from gdlib import data, quadratic, widgets
from gdlib.widgets.optimizers import CHOICES

from .test_parity import RTOL, assert_same_run, js, packed  # noqa: F401  (js: the fixture)

pytestmark = pytest.mark.e2e

DEFAULTS = {"optimizer": "momentum", "lr": 10 ** -1.3, "beta": 0.9, "batch_size": 40, "epochs": 100,
            "bowl": "narrow"}


@pytest.fixture(scope="module")
def explorer():
    return widgets.optimizer_explorer(*data.make_line(n=40, seed=0, x_range=(1, 5)))


def lean(problem):
    """The kernel's problem as the page gets it, without the pictures (not needed here)."""
    bowls = {name: {k: v for k, v in b.items() if k != "backdrop"}
             for name, b in problem["bowls"].items()}
    return packed({**problem, "bowls": bowls})


def _set(ex, values):
    """The controls at ``values`` (|B| before epochs: |B| may lower the epochs' maximum)."""
    for key in sorted(values, key=lambda k: k != "batch_size"):
        ex.controls[key].value = values[key]


def cases(ex):
    lr, epochs, n = ex.controls["lr"], ex.controls["epochs"], ex.controls["batch_size"].max
    out = {}
    for bowl in ("narrow", "round"):
        for name in CHOICES:
            base = {**DEFAULTS, "optimizer": name, "bowl": bowl}
            out |= {
                f"{bowl}, {name}, default": base,
                f"{bowl}, {name}, β = 0": {**base, "beta": 0.0},
                f"{bowl}, {name}, β = 0.99": {**base, "beta": 0.99},
                f"{bowl}, {name}, smallest α": {**base, "lr": 10 ** lr.min},
                f"{bowl}, {name}, largest α": {**base, "lr": 10 ** lr.max},
                f"{bowl}, {name}, most epochs": {**base, "epochs": epochs.max},
                f"{bowl}, {name}, |B| = 1, most epochs (capped)": {**base, "batch_size": 1,
                                                                   "epochs": epochs.max},
                f"{bowl}, {name}, |B| = n, β = 0.99, most epochs": {
                    **base, "batch_size": n, "beta": 0.99, "epochs": epochs.max},
                f"{bowl}, {name}, |B| = 7, largest α": {**base, "batch_size": 7,
                                                        "lr": 10 ** lr.max},
            }
    return out


_RUN = """([problem, texts, values]) => {
  problem = gd.prepare(unpack(problem));
  const bowl = problem.bowls[values.bowl];
  const run = gd.run(problem, bowl, values);
  const E = gd.excess(run.losses, bowl.loss_bar);
  const rho = gd.theoryRate(problem, bowl, values);
  return {run: plain(run), status: gd.describe(texts, problem, bowl, values, run), rho,
          excess: Array.from(E),
          theory: rho === null ? null : gd.theoryLine(E, rho, run.batchSize === problem.n)};
}"""


def test_every_optimizer_runs_and_reports_as_gdlib_does(js, explorer):
    page, ex = js("optimizers"), explorer
    problem, texts = lean(ex.figure.problem), ex.figure.texts
    diverged = set()
    for what, values in cases(ex).items():
        _set(ex, DEFAULTS)
        _set(ex, values)
        shown = ex.values()
        got = page.evaluate(_RUN, [problem, texts, shown])
        h = ex.result
        assert_same_run(got["run"], h, what)
        assert got["status"] == ex.status, f"{what}: the page's status line differs"
        rho = ex.rho
        if rho is None:
            assert got["rho"] is None, what
        else:
            np.testing.assert_allclose(got["rho"], rho, rtol=RTOL, err_msg=what)
        E = quadratic.excess(h, ex.bowl.loss_bar)
        # E = L − L(θ̄) is a difference: it keeps the losses' error, 1e-9 of L, not of E
        np.testing.assert_allclose(got["excess"], E, rtol=RTOL, atol=RTOL * h.losses[0],
                                   err_msg=f"{what}: excess loss")
        if rho is not None:
            t, env = quadratic.theory_line(E, rho, reanchor=h.batch_size == h.n)
            np.testing.assert_array_equal(got["theory"][0], t, err_msg=f"{what}: theory line")
            np.testing.assert_allclose(got["theory"][1], env, rtol=1e-6, err_msg=what)
        if h.diverged:
            diverged.add((values["bowl"], values["optimizer"]))
    # the largest α diverges for the methods with a rate theory, on both bowls
    assert {(b, o) for b in ("narrow", "round") for o in ("GD", "momentum", "Nesterov")} <= diverged
    assert not page.errors, page.errors


def test_the_rate_equals_quadratic_rate_on_a_grid(js):
    page = js("optimizers")
    alphas = np.logspace(-3, 0.8, 37)
    betas = [0.0, 0.1, 0.5, 0.9, 0.99]
    spectra = [[1.0, 1.0], [0.0097, 1.0], [0.05, 3.7], [0.2, 20.0], [1e-3, 0.4, 9.0]]
    for nesterov in (False, True):
        got = page.evaluate(
            """([spectra, alphas, betas, nesterov]) => spectra.map((lam) =>
                 betas.map((b) => alphas.map((a) => gd.rate(lam, a, b, nesterov))))""",
            [spectra, alphas.tolist(), betas, nesterov])
        for lam, rows in zip(spectra, got):
            want = quadratic.rate(lam, alphas[None, :], np.array(betas)[:, None], nesterov)
            np.testing.assert_allclose(rows, want, rtol=RTOL,
                                       err_msg=f"λ = {lam}, Nesterov {nesterov}")


def test_the_rate_curves_are_the_theory(js, explorer):
    page, ex = js("optimizers"), explorer
    for bowl in ("narrow", "round"):
        for beta in (0.0, 0.5, 0.99):
            got = page.evaluate(
                """([problem, bowl, beta]) => {
                     problem = gd.prepare(unpack(problem));
                     const c = gd.curves(problem, problem.bowls[bowl], beta);
                     return {momentum: Array.from(c.momentum), Nesterov: Array.from(c.Nesterov),
                             alphas: Array.from(problem.alphas)};
                   }""",
                [lean(ex.figure.problem), bowl, beta])
            np.testing.assert_array_equal(got["alphas"], ex.alphas)
            lam = ex.bowls[bowl].lam
            for name, nesterov in (("momentum", False), ("Nesterov", True)):
                np.testing.assert_allclose(got[name], quadratic.rate(lam, ex.alphas, beta, nesterov),
                                           rtol=RTOL, err_msg=f"{bowl}, β = {beta}, {name}")

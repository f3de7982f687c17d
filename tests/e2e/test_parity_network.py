"""The network explorer's JavaScript (js/network.js) gives gdlib's numbers, in a real Chromium.

Two things are checked. numpy's shuffles: the page's PCG64 + ``Generator.permutation``, started
from the state the kernel sends, gives numpy's permutations, bit for bit. The runs: at the
explorer's default and at the extremes of every control, the page's losses, validation losses
and final θ equal the kernel's ``.result``, with the same number of updates and divergence at the
same update, and the same status line.

How close "equal" can be is measured, not assumed. At α near 1.5 the network's GD and SGD are
chaotic: gdlib itself, started one ulp away (W₁ moved to the next float), ends up to 100 % away
after 150–500 updates (numpy's BLAS and the page's arithmetic differ by such ulps: JavaScript has
no fused multiply-add, np.tanh is not Math.tanh). So each case is held to 1e-9 relative, or, where
gdlib's own one-ulp spread is larger, to (ten times) that spread, and in every case the losses must agree to
1e-9 over the stretch where gdlib agrees with itself to 1e-12 (a bug would show at once); the
status lines must be the same wherever the run is not chaotic.
"""
from __future__ import annotations

import numpy as np
import pytest

from gdlib import data, descent, network, widgets

from .test_parity import RTOL, js, packed  # noqa: F401  (js: the fixture)

pytestmark = pytest.mark.e2e


def _moons():
    """Notebook 08's explorer: the moons, standardised, 70 % to train."""
    moons = data.make_moons(n=200, noise=0.15, seed=0)
    X, _, _ = data.standardize(moons.X)
    X_tr, X_val, y_tr, y_val = data.train_test_split(X, moons.y, test_fraction=0.3, seed=0)
    return X_tr, y_tr, X_val, y_val, moons.target_names


@pytest.fixture(scope="module")
def make():
    X_tr, y_tr, X_val, y_val, names = _moons()
    return lambda: widgets.network_explorer(X_tr, y_tr, X_val, y_val, names=names)


def _state(rng):
    state = rng.bit_generator.state
    return {"state": {k: str(v) for k, v in state["state"].items()},
            "has_uint32": int(state["has_uint32"]), "uinteger": int(state["uinteger"])}


def test_the_page_shuffles_as_numpy_does(js):
    """PCG64 (128-bit LCG, XSL-RR output, 32-bit draws in halves) and Generator.permutation
    (Fisher–Yates with masked rejection), from any state: numpy's orders, every one."""
    page = js("network")
    cases = []
    for seed in [*range(21), 12345, 2**63 + 7]:
        for n in [1, 2, 3, 7, 64, 140, 1000, 3000]:
            rng = np.random.default_rng(seed)
            rng.standard_normal(seed % 11)               # a start of some size ...
            if seed % 2:
                rng.integers(0, 2**32, dtype=np.uint32)  # ... leaving half a 64-bit draw kept
            state = _state(rng)
            cases.append({"state": state, "n": n,
                          "orders": [rng.permutation(n).tolist() for _ in range(3)]})
    assert {c["state"]["has_uint32"] for c in cases} == {0, 1}
    got = page.evaluate("""(cases) => cases.map((c) => {
        const rng = new gd.PCG64(c.state);
        return c.orders.map(() => Array.from(rng.permutation(c.n)));
      })""", cases)
    for case, orders in zip(cases, got):
        assert orders == case["orders"], f"n = {case['n']}, state {case['state']}"
    assert not page.errors, page.errors


def _cases(ex):
    lr = ex.controls["lr"]
    n = ex.controls["batch_size"].max
    return {
        "default": {},
        "smallest α": {"lr": 10 ** lr.min},
        "diverging α": {"lr": 10 ** lr.max},
        "|B| = 1": {"batch_size": 1},
        "|B| = 1, smallest α": {"batch_size": 1, "lr": 10 ** lr.min},
        "|B| = 1, α = 0.15, most epochs": {"batch_size": 1, "lr": 0.15, "epochs": 500},
        "|B| = n": {"batch_size": n},
        "|B| = 7, diverging α": {"batch_size": 7, "lr": 10 ** lr.max},
        "|B| = 7, h = 32, seed 20, most epochs": {"batch_size": 7, "hidden": 32, "seed": 20,
                                                 "epochs": 500},
        "most epochs": {"epochs": 500},
        "most epochs, α = 0.5": {"epochs": 500, "lr": 0.5},
        "h = 1": {"hidden": 1},
        "h = 32": {"hidden": 32},
        "h = 32, most epochs": {"hidden": 32, "epochs": 500},
        "seed 0, h = 32, α = 0.3": {"seed": 0, "hidden": 32, "lr": 0.3},
        "seed 20": {"seed": 20},
        "seed 20, α = 0.3": {"seed": 20, "lr": 0.3},
    }


def _set(ex, values):
    for key in sorted(values, key=lambda k: k != "batch_size"):   # |B| first: it caps epochs
        ex.controls[key].value = values[key]


def _rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    both_nan = np.isnan(a) & np.isnan(b)
    d = np.where(both_nan, 0.0, np.abs(a - b) / np.maximum(np.abs(b), 1e-300))
    return float(np.max(d, initial=0.0)) if not np.any(np.isnan(d)) else np.inf


def _one_ulp_away(ex, which, direction):
    """gdlib's run with one array of the start (W₁ or W₂) moved one ulp up or down: how far
    gdlib is from itself."""
    v = ex.values()
    start = network.init_params(ex.X, ex.y, np.random.default_rng(v["seed"]), hidden=v["hidden"])
    start[which] = np.nextafter(start[which], direction * np.inf)
    epochs = min(v["epochs"], ex.epochs_cap())      # the kernel's run is capped as the page's
    return descent.descend(network, ex.X, ex.y, lr=v["lr"], epochs=epochs, seed=v["seed"],
                           hidden=v["hidden"], params0=start,
                           batch_size=None if v["batch_size"] == len(ex.y) else v["batch_size"])


def _spread(ex, h, val):
    """The largest relative change of the losses, validation losses and final θ over three
    starts one ulp away (W₁ up, W₁ down, W₂ up), and the updates until the first loss that
    moved by more than 1e-12."""
    spread, horizon = {"losses": 0.0, "val": 0.0, "θ": 0.0}, len(h.losses)
    for which, direction in [(0, 1), (0, -1), (2, 1)]:
        other = _one_ulp_away(ex, which, direction)
        other_val = (np.full(len(other.losses), np.nan) if other.diverged
                     else network.loss_path(ex.X_val, ex.y_val, other.trajectory))
        same = other.updates == h.updates
        spread["losses"] = max(spread["losses"], _rel(other.losses, h.losses) if same else np.inf)
        spread["val"] = max(spread["val"], _rel(other_val, val) if same else np.inf)
        spread["θ"] = max(spread["θ"], max(_rel(p, q) for p, q in zip(other.params, h.params)))
        m = min(len(other.losses), len(h.losses))
        moved = np.abs(other.losses[:m] - h.losses[:m]) > 1e-12 * np.abs(h.losses[:m])
        horizon = min(horizon, int(np.argmax(moved)) if moved.any() else m)
    return spread, horizon


#: "The same order as gdlib from itself": a chaotic run is held to this many times its spread.
ORDER = 10.0


def test_the_page_trains_the_network_as_gdlib_does(js, make):
    page = js("network")
    ex = make()
    report = []
    for what, values in _cases(ex).items():
        ex = make()
        _set(ex, values)
        h, val = ex.result
        got = page.evaluate(
            """([problem, texts, values]) => {
                 problem = unpack(problem);
                 const prep = gd.prepare(problem);
                 const run = gd.runs(problem, prep, values);
                 return {losses: Array.from(run.losses), val: Array.from(run.val, (x) => Number.isNaN(x) ? null : x),
                         params: run.params.map((p) => Array.from(p)), updates: run.updates,
                         epochsRun: run.epochsRun, diverged: run.diverged,
                         status: gd.describe(texts, problem, prep, run)};
               }""",
            [packed(ex.figure.problem), ex.figure.texts, ex.values()])
        assert got["updates"] == h.updates, f"{what}: {got['updates']} updates, gdlib {h.updates}"
        assert got["diverged"] == h.diverged, f"{what}: diverged {got['diverged']}, gdlib {h.diverged}"
        assert got["epochsRun"] == h.epochs_run, what
        page_val = np.array([np.nan if x is None else x for x in got["val"]])
        errors = {"losses": _rel(got["losses"], h.losses), "val": _rel(page_val, val),
                  "θ": max(_rel(np.ravel(p), np.ravel(q)) for p, q in zip(got["params"], h.params))}
        spread, horizon = _spread(ex, h, val)
        for key, error in errors.items():
            assert error <= max(RTOL, ORDER * spread[key]), (
                f"{what}: {key} differ by {error:.2g} relative, gdlib from itself one ulp "
                f"away by {spread[key]:.2g}")
        # where gdlib agrees with itself to 1e-12, the page agrees with it to 1e-9
        assert horizon >= min(len(h.losses), 10), f"{what}: gdlib chaotic from update {horizon}"
        np.testing.assert_allclose(got["losses"][:horizon], h.losses[:horizon], rtol=RTOL,
                                   err_msg=f"{what}: losses before the chaos sets in")
        chaotic = max(spread.values()) > RTOL
        same_status = got["status"] == ex.status
        if max(spread.values()) < 1e-7:              # the status shows at most 5 digits
            assert same_status, f"{what}: the page's status line differs"
        else:                                        # chaotic: the same updates and epochs
            assert got["status"].split("·")[0] == ex.status.split("·")[0], what
        report.append(f"{what:40s} updates {h.updates:5d} | page − gdlib: "
                      + ", ".join(f"{k} {e:.1e}" for k, e in errors.items())
                      + " | gdlib one ulp away: "
                      + ", ".join(f"{k} {e:.1e}" for k, e in spread.items())
                      + f" | horizon {horizon}, status {'same' if same_status else 'differs'}"
                      + (" CHAOTIC" if chaotic else ""))
    print("\n" + "\n".join(report))
    chaotic = [line for line in report if line.endswith("CHAOTIC")]
    assert len(chaotic) < len(report) // 2, "most cases should be held to 1e-9"
    assert not page.errors, page.errors

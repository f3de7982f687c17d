#!/usr/bin/env python
"""How fast is gdlib? One run, one table of ratios measured side by side.

    python benchmarks/run.py                   # the full run (~4 minutes, ~1.5 GB of RAM)
    python benchmarks/run.py --quick           # tiny sizes: checks that everything runs
    python benchmarks/run.py --only peers      # one section (repeat --only for more)
    python benchmarks/run.py --record docs/benchmarks.md   # also write the results there
    python benchmarks/run.py --only browser --record docs/benchmarks.md   # `make bench-latency`

Sections (docs/benchmarks.md says what each row means and holds the last recorded run):

  latency        one picture of every explorer, rerun + drawn by its own module in a blank
                 Chromium page (no Jupyter), at its defaults and at its heaviest settings
  browser        end to end in JupyterLab + Chromium, measured in the page
                 (tests/e2e/harness.py): every slider of every course notebook, key press
                 → new pixels, where the time goes, and fast drags
  vectorisation  gdlib's full-batch gradient next to a per-example loop over the Σ formula
  hardware       one full-batch GD update on a big problem next to Xw and Xᵀr alone
  peers          the same problem and epochs in PyTorch (CPU) and scikit-learn
  minibatch      SGD at |B| = 1: µs per update
  optimizers     µs per update of each gdlib.optimizers rule next to plain GD, and next
                 to torch.optim on the same work

This is not a test: timings on shared machines are noisy, so nothing here fails on a
slow number. A missed target is printed as "NO" in the table. The peers (PyTorch,
scikit-learn) are optional, from the ``bench`` extra; missing ones are skipped and named.
The output is Markdown, ready for docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import io
import math
import os
import platform
import re
import statistics
import sys
import warnings
from pathlib import Path
from time import perf_counter

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))        # gdlib from this checkout; tests.e2e for the browser part

import gdlib                                       # noqa: E402
from gdlib import data, linear, logistic, network, softmax, widgets  # noqa: E402

SECTIONS = ("latency", "browser", "vectorisation", "hardware", "peers", "minibatch", "optimizers")
BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"
#: `--only browser --record` writes here instead, so the other sections' results stay.
BROWSER_BEGIN, BROWSER_END = "<!-- browser:begin -->", "<!-- browser:end -->"


@dataclasses.dataclass(frozen=True)
class Config:
    quick: bool
    repeat: int            # timings per measurement (the median is reported)
    min_time: float        # a timing loops a fast call until it takes at least this long (s)
    warmup: int            # untimed calls before timing
    updates: int           # slider updates per explorer
    vec_n: int             # vectorisation problem: n × 10
    hw_n: int              # hardware-limit problem: n × hw_d
    hw_d: int
    hw_updates: int        # GD updates timed on it
    hw_repeat: int
    gd_epochs: int         # peers, full batch
    sgd_epochs: int        # peers, |B| = 1
    presses: int = 10      # browser: key presses each way per slider
    threads: int = 0       # for numpy's BLAS and torch (set in main)


FULL = Config(quick=False, repeat=7, min_time=0.05, warmup=1, updates=30, vec_n=10_000,
              hw_n=1_000_000, hw_d=100, hw_updates=5, hw_repeat=5, gd_epochs=100, sgd_epochs=5)
QUICK = Config(quick=True, repeat=1, min_time=0.0, warmup=0, updates=1, vec_n=300,
               hw_n=50_000, hw_d=20, hw_updates=4, hw_repeat=2, gd_epochs=5, sgd_epochs=1)


# --- timing ------------------------------------------------------------------------------------

def race(*fns, repeat, min_time=0.0, warmup=1, best=False):
    """Median seconds per call of each function, timed in turns (a, b, a, b, …).

    Taking turns spreads the machine's drift over all of them alike. A call faster
    than ``min_time`` is looped (the same number of times in every round) and the
    loop's time divided, as ``timeit`` does. The garbage collector is off meanwhile.
    ``best``: the fastest time instead of the median (what the hardware can do).
    """
    numbers = []
    for fn in fns:
        for _ in range(warmup):
            fn()
        once = min_time
        if min_time > 0:
            t0 = perf_counter()
            fn()
            once = perf_counter() - t0
        numbers.append(max(1, math.ceil(min_time / max(once, 1e-9))))
    times = [[] for _ in fns]
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            for fn, number, ts in zip(fns, numbers, times):
                t0 = perf_counter()
                for _ in range(number):
                    fn()
                ts.append((perf_counter() - t0) / number)
    finally:
        gc.enable()
    return [(min if best else statistics.median)(ts) for ts in times]


def fmt_time(s):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if s >= scale:
            break
    v = s / scale
    return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"


def faster(reference, ours):
    """How many times faster gdlib is (or slower)."""
    r = reference / ours
    return f"{r:.3g}× faster" if r >= 1 else f"{1 / r:.3g}× slower"


# --- the report --------------------------------------------------------------------------------

COLUMNS = ("section", "what", "gdlib", "reference", "ratio", "target", "met?", "check")


class Report:
    """The rows of the table, the notes under it and what was skipped, as Markdown."""

    def __init__(self, header):
        self.header, self.rows, self.notes, self.skipped = header, [], [], []
        self.extras = []

    def extra(self, text):
        """A block of Markdown printed under the table."""
        self.extras.append(text)

    def row(self, section, what, ours="—", reference="—", ratio="—", target="—", met="—",
            check="—"):
        if isinstance(met, (bool, np.bool_)):
            met = "yes" if met else "NO"
        self.rows.append((section, what, ours, reference, ratio, target, met, check))

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def skip(self, what, why):
        self.skipped.append(f"{what} ({why})")

    def markdown(self):
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(COLUMNS)]
        line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
        missed = [f"{r[0]}: {r[1]}" for r in self.rows if r[6] == "NO"]
        out = self.header + ["", line(COLUMNS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        out += [line(r) for r in self.rows]
        out += ["", f"Targets missed: {len(missed)}"] + [f"- {m}" for m in missed]
        out += ["", "Skipped: " + ("; ".join(self.skipped) if self.skipped else "nothing")]
        for text in self.extras:
            out += ["", text]
        if self.notes:
            out += ["", "Notes:", ""] + [f"{i}. {text}" for i, text in enumerate(self.notes, 1)]
        return "\n".join(out) + "\n"


def record(path, text, begin=BEGIN, end=END):
    """Put ``text`` between the ``begin`` and ``end`` markers of the Markdown file ``path``."""
    doc = Path(path).read_text()
    if begin not in doc or end not in doc:
        raise SystemExit(f"{path} has no {begin} … {end} block to write the results into.")
    head, rest = doc.split(begin, 1)
    Path(path).write_text(head + begin + "\n" + text + end + rest.split(end, 1)[1])


# --- the machine -------------------------------------------------------------------------------

def _blas():
    """numpy's BLAS as threadpoolctl sees it (None if it cannot), and threadpoolctl."""
    try:
        import threadpoolctl
    except ImportError:
        return None, None
    for info in threadpoolctl.threadpool_info():
        if info["user_api"] == "blas" and "numpy" in info["filepath"]:
            return info, threadpoolctl
    return None, threadpoolctl


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory():
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "?"


def _version(module):
    try:
        return __import__(module).__version__
    except Exception:
        return None


def machine(threads):
    """The lines that say where and with what the numbers were measured."""
    blas, _ = _blas()
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = f", load average {os.getloadavg()[0]:.1f} at the start" if hasattr(
        os, "getloadavg") else ""
    packages = [f"{name} {v}" for name, v in [("gdlib", gdlib.__version__),
                                              ("matplotlib", _version("matplotlib")),
                                              ("pillow", _version("PIL")),
                                              ("ipywidgets", _version("ipywidgets")),
                                              ("torch", _version("torch")),
                                              ("scikit-learn", _version("sklearn"))] if v]
    blas_text = (f"{blas['internal_api']} {blas.get('version')} ({blas.get('architecture')})"
                 if blas else "unknown (install threadpoolctl to see it)")
    return [
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- cpu: {_cpu_model()}, {cores} logical cores ({usable} usable){load}",
        f"- memory: {_memory()}",
        f"- os: {platform.platform()}; python {platform.python_version()}",
        f"- numpy {np.__version__}, BLAS {blas_text}; threads for numpy and torch: {threads}",
        "- packages: " + ", ".join(packages),
    ]


_blas_limit = None      # keeps threadpoolctl's limit in force for the whole run


def set_threads(requested):
    """Use the same number of threads for numpy's BLAS and torch; return it."""
    global _blas_limit
    blas, threadpoolctl = _blas()
    threads = requested or (blas["num_threads"] if blas else os.cpu_count())
    if threadpoolctl is not None:
        _blas_limit = threadpoolctl.threadpool_limits(limits=threads, user_api="blas")
    elif requested:
        print(f"(threadpoolctl is missing: numpy keeps its own thread count, not {threads})",
              file=sys.stderr)
    return threads


# --- 1. slider latency -------------------------------------------------------------------------

def _standardized(dataset):
    return data.standardize(dataset.X)[0], dataset.y


#: The data each explorer is benchmarked on: the course's, as the notebooks pass it.
#: (tests/e2e/harness.py builds its explorers from this too.)
EXPLORER_DATA = {
    "surface": lambda: data.make_line(n=40, seed=0),
    "gd": lambda: data.make_line(n=40, seed=0),
    "sgd": lambda: data.make_line(n=40, seed=0),
    "regression": lambda: data.load_diabetes(features=("bmi",)),
    "logistic": lambda: _standardized(data.load_breast_cancer(
        features=("mean radius", "mean texture"))),
    "softmax": lambda: _standardized(data.load_iris(
        features=("petal length (cm)", "petal width (cm)"))),
    "optimizers": lambda: data.make_line(n=40, seed=0, x_range=(1, 5)),
    # notebook 08 passes a 140 / 60 split of these 200 points; the explorer makes the same
    "network": lambda: _standardized(data.make_moons(n=200, noise=0.15, seed=0)),
}


def _slider(ex):
    """The control a student moves most (α where there is one) and two values to alternate.

    The values are the default and its neighbour one slider step away.
    """
    name = "lr" if "lr" in ex.controls else next(
        k for k, c in ex.controls.items() if isinstance(c.value, float))
    c = ex.controls[name]
    v0 = c.value
    if type(c).__name__ == "FloatLogSlider":
        v1 = v0 * c.base ** c.step
        v1 = v1 if v1 <= c.base ** c.max else v0 * c.base ** -c.step
    else:
        v1 = v0 + c.step
        v1 = v1 if v1 <= c.max else v0 - c.step
    return name, c, (v1, v0)


def page_latency(page, ex, updates, warmup, fixed=None):
    """Median ms of one picture of an explorer drawn in the browser: its own module, alone in
    a blank Chromium page (tests/e2e/standalone.py), reruns and draws while the slider a
    student moves most alternates between two values, the others at ``fixed``; the largest
    time too. (The network's module spreads a long run over frames: its time is that of the
    first frame's share, the picture the hand sees at once.)"""
    from tests.e2e import standalone

    standalone.render(page, ex)
    name, control, values = _slider(ex)
    times = standalone.time_draws(page, name, values, repeat=warmup + updates,
                                  fixed=fixed)[warmup:]
    return statistics.median(times), max(times), name


def heaviest(ex):
    """The settings that make the most work: the most updates (|B| = 1 at the most epochs it
    allows) and the widest network."""
    out = {}
    if "batch_size" in ex.controls:
        out["batch_size"] = 1
    if "epochs" in ex.controls:
        size = ex.controls["batch_size"].max if "batch_size" in ex.controls else 1
        out["epochs"] = max(1, min(ex.max_epochs, widgets.MAX_UPDATES // size))
    if "hidden" in ex.controls:
        out["hidden"] = ex.controls["hidden"].max
    return out


def bench_latency(cfg, report):
    import matplotlib
    matplotlib.use("Agg")

    browser = _blank_page()
    try:
        for name, make in widgets.EXPLORERS.items():
            if name not in EXPLORER_DATA:
                report.skip(f"latency of {name}", "no benchmark data for it in EXPLORER_DATA")
                continue
            X, y = EXPLORER_DATA[name]()
            ex = make(X, y)
            if isinstance(browser, str):
                report.row("latency", f"{name}: one picture, rerun + draw in the page", "skipped",
                           met="skipped")
                report.skip(f"latency of {name}", browser)
            else:
                median, worst, control = page_latency(browser[1], ex, cfg.updates, cfg.warmup)
                report.row("latency", f"{name}: one picture ({control}), rerun + draw in the page "
                           f"(JS), n={len(y)}", fmt_time(median / 1000), target="≤ 16 ms (a frame)",
                           met=median <= 16, check=f"slowest {worst:.1f} ms")
                fixed = heaviest(ex)
                if fixed:
                    median, worst, control = page_latency(browser[1], ex, cfg.updates, cfg.warmup,
                                                          fixed)
                    shown = ", ".join(f"{k} = {v}" for k, v in fixed.items())
                    report.row("latency", f"{name}: one picture at the most work ({shown}), "
                               "rerun + draw in the page (JS)", fmt_time(median / 1000),
                               target="≤ 50 ms", met=median <= 50, check=f"slowest {worst:.1f} ms")
    finally:
        if not isinstance(browser, str):
            browser[0]()
    report.note("latency: the explorer's own ES module, alone in a blank headless Chromium page "
                "with the problem the kernel sends (no Jupyter), reruns the descent and draws one "
                "picture while the slider a student moves most (α) alternates between its default "
                "and the next slider step; the median of those pictures, on the notebooks' data, "
                "at the explorer's defaults and at its heaviest settings (|B| = 1 at the most "
                "epochs the explorer allows, the widest network).")


def _blank_page():
    """(close, page) of a headless Chromium page, or why there is none."""
    try:
        from playwright.sync_api import sync_playwright

        from tests.e2e.e2e_server import CHROMIUM_ARGS, browser_unavailable, find_chromium
    except Exception as error:                      # its dependencies are missing
        return f"the browser harness is not importable: {error}"
    reason = browser_unavailable()
    if reason:
        return reason
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
    page = browser.new_page()

    def close():
        browser.close()
        pw.stop()
    return close, page


# --- 1b. end to end, in the browser -------------------------------------------------------------

def bench_browser(cfg, report):
    """Every slider of every course notebook in JupyterLab + Chromium (tests/e2e/harness.py):
    key press → new pixels, per notebook, the stages, and fast drags."""
    if cfg.quick:
        report.row("browser", "every notebook: key press → new pixels", "skipped", met="skipped")
        report.skip("browser", "--quick leaves the browser out")
        return
    try:
        from tests.e2e import harness
    except Exception as error:                      # its dependencies are missing
        report.row("browser", "every notebook: key press → new pixels", "skipped", met="skipped")
        report.skip("browser", f"the browser harness (tests/e2e/harness.py) is not importable: {error}")
        return
    results = {}
    try:
        for nb in sorted(p.stem[:2] for p in (ROOT / "notebooks" / "en").glob("[0-9][0-9]_*.ipynb")):   # the explorers are the same in es
            results[nb] = harness.notebook_latency(nb, presses=cfg.presses)
            print(f"[browser: {nb} done]", file=sys.stderr, flush=True)
    except Exception as error:                      # no browser here, or it failed
        report.row("browser", "every notebook: key press → new pixels", "skipped", met="skipped")
        report.skip("browser", f"{type(error).__name__}: {error}")
        return
    finally:
        harness.close()
    all_times = []
    for nb, rs in results.items():
        times = [t for r in rs for t in r.times]
        all_times += times
        med = statistics.median(times)
        worst = max(rs, key=lambda r: r.median_ms)
        before = BEFORE.get(nb, {})
        report.row("browser", f"{nb}: key press → new pixels, median over its {len(rs)} sliders",
                   fmt_time(med), before.get("key", "—"), target="≤ 50 ms", met=med <= 0.050)
        report.row("browser", f"{nb}: the slowest slider's median ({worst.control})",
                   fmt_time(worst.median_ms / 1000), before.get("slowest", "—"), target="≤ 80 ms",
                   met=worst.median_ms <= 80)
        drags = [r.drag for r in rs]
        thin = min(drags, key=lambda d: d["coverage"])
        late = max(drags, key=harness._late)
        report.row("browser", f"{nb}: fast drag, a new figure per mouse event that moved the slider "
                   f"(lowest: {thin['control']})",
                   f"{thin['coverage']:.0%} ({thin['figures_per_second']:.0f}/s)",
                   before.get("fps", "—"), target="≥ 80 %", met=thin["coverage"] >= 0.8,
                   check="final value sent" if all(d["last_value_sent_is_shown"] for d in drags)
                   else "NO: a drag's last value was not sent")
        report.row("browser", f"{nb}: fast drag, last figure after the mouse-up (worst: {late['control']})",
                   harness._ms(late["after_mouse_up_ms"]), before.get("late", "—"), target="≤ 50 ms",
                   met=harness._late(late) <= 50)
    report.row("browser", f"all {sum(len(rs) for rs in results.values())} sliders: key press → new pixels",
               fmt_time(statistics.median(all_times)), "107 ms (before #19)", target="≤ 50 ms",
               met=statistics.median(all_times) <= 0.050)
    report.extra("Where the time goes, and every slider (`python -m tests.e2e.harness` prints the same):\n\n"
                 + harness.report(results))
    report.note("browser: each course notebook is run (Run All) in JupyterLab + headless Chromium; "
                f"every slider of its explorer gets {cfg.presses} key presses to the right and as many "
                "back (one slider step each, the next one once the kernel is idle), at the explorer's "
                "default settings. A time is taken in the page, from the keydown event to the first "
                "animation frame after the new figure is on the canvas (drawn in the page) or decoded "
                "(a PNG from the kernel) (tests/e2e/probe.py). A drag takes the handle across 80 % of "
                "its track in about one second, one mouse event per animation frame, then lets go; "
                "its coverage is the new figures on screen per mouse event that moved the slider "
                "to a new value (a slider of few steps, such as |B| from 1 to 40, stays on one "
                "value for several events, and there is nothing new to draw for those).")


#: The same measurements on 2026-12-01, a quiet machine, before the explorers were drawn in the
#: browser (issue #19): each new picture was a PNG the kernel drew.
BEFORE = {nb: {key: f"{value} (before #19)" for key, value in numbers.items()} for nb, numbers in {
    "01": {"key": "88 ms", "slowest": "88.1 ms", "fps": "10/s", "late": "173 ms"},
    "02": {"key": "93 ms", "slowest": "105 ms", "fps": "6/s", "late": "160 ms"},
    "03": {"key": "93.3 ms", "slowest": "133 ms", "fps": "4/s", "late": "398 ms"},
    "04": {"key": "98.2 ms", "slowest": "107 ms", "fps": "6/s", "late": "293 ms"},
    "05": {"key": "99.2 ms", "slowest": "110 ms", "fps": "4/s", "late": "265 ms"},
    "06": {"key": "116 ms", "slowest": "123 ms", "fps": "3/s", "late": "397 ms"},
    "07": {"key": "108 ms", "slowest": "116 ms", "fps": "4/s", "late": "341 ms"},
    "08": {"key": "160 ms", "slowest": "220 ms", "fps": "0/s", "late": "1444 ms"}}.items()}


# --- 2. vectorisation --------------------------------------------------------------------------

def sigma_loop_gradient(X, y, w, b):
    """The lecture's formulas, one example and one feature at a time (Python lists):
    ∂L/∂w_j = 1/n Σ_i (ŷ⁽ⁱ⁾ - y⁽ⁱ⁾) x_j⁽ⁱ⁾,  ∂L/∂b = 1/n Σ_i (ŷ⁽ⁱ⁾ - y⁽ⁱ⁾)."""
    n, d = len(X), len(w)
    gw, gb = [0.0] * d, 0.0
    for i in range(n):
        xi = X[i]
        y_hat = b
        for j in range(d):
            y_hat += w[j] * xi[j]
        r = y_hat - y[i]
        for j in range(d):
            gw[j] += r * xi[j]
        gb += r
    return [g / n for g in gw], gb / n


def row_loop_gradient(X, y, w, b):
    """One example at a time, each a numpy row: Σ_i (x⁽ⁱ⁾·w + b - y⁽ⁱ⁾) x⁽ⁱ⁾ / n."""
    n = len(y)
    gw, gb = np.zeros_like(w), 0.0
    for i in range(n):
        r = X[i] @ w + b - y[i]
        gw += r * X[i]
        gb += r
    return gw / n, gb / n


def bench_vectorisation(cfg, report):
    n, d = cfg.vec_n, 10
    X, y = data.make_regression(n=n, d=d, seed=1)
    w, b = np.random.default_rng(2).standard_normal(d), 0.5
    Xl, yl, wl = X.tolist(), y.tolist(), w.tolist()
    public = lambda: linear.gradient(X, y, w, b)
    kernel = lambda: linear.gradient_from_logits(X, linear.logits(X, w, b), y)
    gw, gb = public()
    for loop, args in [(sigma_loop_gradient, (Xl, yl, wl, b)), (row_loop_gradient, (X, y, w, b)),
                       (kernel, ())]:
        lw, lb = loop(*args)
        assert np.allclose(lw, gw) and np.isclose(lb, gb), f"{loop.__name__} disagrees"
    ours, inside, lists, rows = race(public, kernel,
                                     lambda: sigma_loop_gradient(Xl, yl, wl, b),
                                     lambda: row_loop_gradient(X, y, w, b),
                                     repeat=cfg.repeat, min_time=cfg.min_time, warmup=cfg.warmup)
    for t, ref, how in [(ours, lists, "linear.gradient vs Σ loop over Python lists"),
                        (ours, rows, "linear.gradient vs loop over numpy rows"),
                        (inside, lists, "unchecked, as in descend, vs Σ loop over lists")]:
        report.row("vectorisation", f"∇L linear, n={n:,} d={d}: {how}", fmt_time(t),
                   fmt_time(ref), faster(ref, t), "≥ 100× faster", ref / t >= 100, "same ∇L")
    report.note("vectorisation: linear.gradient(X, y, w, b) is the public function, its input "
                "checks included (they read X once more, as the two products do); descend "
                "checks its inputs once and then calls the unchecked kernel every update. The "
                "loops get their inputs ready-made (lists / arrays) and untimed.")


# --- 3. hardware limit -------------------------------------------------------------------------

def bench_hardware(cfg, report):
    n, d, k = cfg.hw_n, cfg.hw_d, cfg.hw_updates
    rng = np.random.default_rng(3)
    X = rng.standard_normal((n, d))
    y = X @ rng.standard_normal(d) + 0.1 * rng.standard_normal(n)
    w0, r = np.zeros(d), rng.standard_normal(n)
    run = lambda epochs: gdlib.descend(linear, X, y, lr=0.1, epochs=epochs, w0=w0, b0=0.0)
    floor, one, more = race(lambda: (X @ w0, X.T @ r), lambda: run(1), lambda: run(1 + k),
                            repeat=cfg.hw_repeat, warmup=cfg.warmup, best=True)
    per_update = (more - one) / k
    what = f"one GD update, n={n:,} d={d} float64 vs Xw + Xᵀr"
    if per_update <= 0:                                  # noise larger than the signal
        report.row("hardware", what, "too noisy", fmt_time(floor), target="≤ 1.3× floor")
        return
    report.row("hardware", what, fmt_time(per_update), fmt_time(floor),
               f"{per_update / floor:.2f}× floor", "≤ 1.3× floor", per_update <= 1.3 * floor)
    report.note(f"hardware: an update is timed as (descend with {1 + k} epochs − descend with 1) "
                f"/ {k}, so the one-time start (input checks, first forward pass, "
                f"{fmt_time(one - per_update)} here) is left out; it includes what gdlib records "
                f"(the loss, θ). The floor is X @ w plus X.T @ r alone. Each is the fastest "
                f"of {cfg.hw_repeat} runs (noise only adds). X is "
                f"{X.nbytes / 2**30:.2g} GiB: both products are memory-bound.")


# --- 4. peers ----------------------------------------------------------------------------------

def _problems(quick):
    """(label, model, X, y, lr, course size?) on the course's data, standardised."""
    out = [("linear, line 40×1", linear, *data.make_line(), 0.1, True)]
    if not quick:
        out.append(("linear, diabetes 442×10", linear, *_standardized(data.load_diabetes()),
                    0.1, True))
    out += [("logistic, breast cancer 569×30", logistic,
             *_standardized(data.load_breast_cancer()), 0.1, True),
            ("softmax, digits 1797×64 K=10", softmax, *_standardized(data.load_digits()),
             0.1, True)]
    if not quick:
        out.append(("linear, 100,000×100 (not course size)", linear,
                    *data.make_regression(n=100_000, d=100, seed=4), 0.1, False))
    return out


def _start(model, X, y):
    """The same θ⁰ for gdlib and every peer."""
    rng = np.random.default_rng(5)
    if model is softmax:
        K = int(y.max()) + 1
        return 0.1 * rng.standard_normal((X.shape[1], K)), 0.1 * rng.standard_normal(K)
    return 0.1 * rng.standard_normal(X.shape[1]), float(0.1 * rng.standard_normal())


def torch_peers(torch):
    """PyTorch on the CPU, float64, the same loop as gdlib: manual gradients and autograd."""
    F = torch.nn.functional

    def tensors(model, X, y, w0, b0):
        y = torch.from_numpy(y.astype(np.int64 if model is softmax else np.float64))
        return (torch.from_numpy(X), y, torch.tensor(w0, dtype=torch.float64),
                torch.tensor(b0, dtype=torch.float64))

    def batches(X, y, n, B, gen):
        if B is None:
            yield X, y
            return
        order = torch.randperm(n, generator=gen)
        Xs, ys = X[order], y[order]                       # one copy per epoch, as gdlib
        for s in range(0, n, B):
            yield Xs[s:s + B], ys[s:s + B]

    def manual(model, X, y, lr, epochs, batch_size, w0, b0):
        X, y, w, b = tensors(model, X, y, w0, b0)
        n, gen = len(y), torch.Generator().manual_seed(0)
        for _ in range(epochs):
            for XB, yB in batches(X, y, n, batch_size, gen):
                z = XB @ w + b
                if model is softmax:
                    R = torch.softmax(z, dim=1)
                    R[torch.arange(len(yB)), yB] -= 1.0
                else:
                    R = torch.sigmoid(z) - yB if model is logistic else z - yB
                w = w - lr * (XB.T @ R / len(yB))
                b = b - lr * R.mean(dim=0)
        return w.numpy(), b.numpy()

    losses = {linear: lambda z, y: 0.5 * F.mse_loss(z, y),
              logistic: F.binary_cross_entropy_with_logits, softmax: F.cross_entropy}

    def autograd(model, X, y, lr, epochs, batch_size, w0, b0):
        X, y, w, b = tensors(model, X, y, w0, b0)
        w.requires_grad_(), b.requires_grad_()
        n, gen = len(y), torch.Generator().manual_seed(0)
        optimiser, loss = torch.optim.SGD([w, b], lr=lr), losses[model]
        for _ in range(epochs):
            for XB, yB in batches(X, y, n, batch_size, gen):
                optimiser.zero_grad()
                loss(XB @ w + b, yB).backward()
                optimiser.step()
        return w.detach().numpy(), b.detach().numpy()

    return {"torch manual": manual, "torch autograd": autograd}


def sklearn_peers(sklearn_linear_model):
    """scikit-learn where it applies: SGD at |B| = 1, and LogisticRegression (lbfgs).

    Each returns (w, b) in gdlib's shapes, as the torch peers do (L-BFGS adds how many
    iterations it ran: it stops early once it cannot lower the loss any more).
    """
    lm = sklearn_linear_model
    import inspect
    no_penalty = ({"C": np.inf} if inspect.signature(lm.LogisticRegression).parameters[
        "penalty"].default == "deprecated" else {"penalty": None})
    sgd_args = lambda lr, epochs: dict(penalty=None, learning_rate="constant", eta0=lr,
                                       max_iter=epochs, tol=None, shuffle=True, random_state=0)

    def sgd(model, X, y, lr, epochs, batch_size, w0, b0):
        if model is linear:
            est = lm.SGDRegressor(loss="squared_error", **sgd_args(lr, epochs))
            est.fit(X, y, coef_init=w0, intercept_init=b0)
        else:
            est = lm.SGDClassifier(loss="log_loss", **sgd_args(lr, epochs))
            est.fit(X, y, coef_init=w0[None, :], intercept_init=[b0])
        return est.coef_.ravel(), float(est.intercept_[0])

    def lbfgs(model, X, y, lr, epochs, batch_size, w0, b0):
        est = lm.LogisticRegression(solver="lbfgs", max_iter=epochs, tol=0.0, **no_penalty)
        est.fit(X, y)
        iterations = f"{est.n_iter_[0]} iterations"
        if model is softmax:                              # sklearn's coef_ is (K, d)
            return est.coef_.T, est.intercept_, iterations
        return est.coef_.ravel(), float(est.intercept_[0]), iterations

    # name -> (fit, the models it applies to, the batch size it runs: None = full batch)
    return {"sklearn SGDRegressor": (sgd, {linear}, 1),
            "sklearn SGDClassifier": (sgd, {logistic}, 1),
            "sklearn LogisticRegression": (lbfgs, {logistic, softmax}, None)}


def agreement(name, B, model, X, y, h, answer):
    """Does a peer's answer agree with gdlib's run h? Short text for the table's check column.

    Full batch is the same arithmetic: the same θ is expected. At |B| = 1 the shuffles
    differ, so only the final training loss can be compared; L-BFGS is another algorithm.
    """
    w, b, *more = answer                                  # in gdlib's shapes
    if name.startswith("torch") and B is None:
        same = np.allclose(w, h.w, rtol=1e-6, atol=1e-9) and np.allclose(b, h.b, rtol=1e-6,
                                                                         atol=1e-9)
        return "same θ" if same else "NO: θ differs"
    ratio = model.loss(X, y, w, b) / h.losses[-1]
    if "LogisticRegression" in name:
        return f"L-BFGS, {more[0]}: loss {ratio:.2g}× gdlib's"
    return f"loss {ratio:.2g}× gdlib's" + ("" if 1 / 3 <= ratio <= 3 else " (NO: far off)")


def bench_peers(cfg, report):
    torch = sklearn_lm = None
    try:
        import torch
    except ImportError as error:
        report.skip("PyTorch peers", f"torch not installed: {error}")
    try:
        import sklearn.linear_model as sklearn_lm
        from sklearn.exceptions import ConvergenceWarning
        warnings.simplefilter("ignore", ConvergenceWarning)
    except ImportError as error:
        report.skip("scikit-learn peers", f"scikit-learn not installed: {error}")
    # name -> (fit, the models it applies to, the batch size it runs: "both" = GD and SGD)
    peers = {}
    if torch is not None:
        torch.set_num_threads(cfg.threads)
        for name, fit in torch_peers(torch).items():
            peers[name] = (fit, {linear, logistic, softmax}, "both")
    if sklearn_lm is not None:
        peers.update(sklearn_peers(sklearn_lm))
    if not peers:
        report.row("peers", "PyTorch and scikit-learn", "skipped", met="skipped")
        return
    for label, model, X, y, lr, course in _problems(cfg.quick):
        w0, b0 = _start(model, X, y)
        modes = [("GD", None, cfg.gd_epochs)]
        if model is not softmax and course:
            modes.append(("SGD |B|=1", 1, cfg.sgd_epochs))
        for mode, B, epochs in modes:
            fits = [(name, fit) for name, (fit, models, batch) in peers.items()
                    if model in models and batch in ("both", B)]
            ours = lambda: gdlib.descend(model, X, y, lr=lr, epochs=epochs, batch_size=B,
                                         w0=w0, b0=b0)
            runs = [lambda fit=fit: fit(model, X, y, lr, epochs, B, w0, b0) for _, fit in fits]
            times = race(ours, *runs, repeat=cfg.repeat, min_time=cfg.min_time,
                         warmup=cfg.warmup)
            h = ours()
            for (name, _), run, t in zip(fits, runs, times[1:]):
                report.row("peers", f"{mode} {label}, {epochs} epoch{'s' * (epochs > 1)} "
                           f"vs {name}", fmt_time(times[0]), fmt_time(t), faster(t, times[0]),
                           "≥ 1× (as fast)" if course else "—",
                           t >= times[0] if course else "—",
                           agreement(name, B, model, X, y, h, run()))
    report.note("peers: same data, same start θ⁰, same α and epochs; float64 everywhere; "
                "numpy's BLAS and torch use the same number of threads. gdlib is "
                "gdlib.descend as the course uses it: it also records the full-training-set "
                "loss and θ after every update (the course's contract), which no peer does.")
    report.note("peers: torch manual is gdlib's loop written in torch (forward, Xᵀr/n, "
                "simultaneous update); torch autograd is loss.backward() + torch.optim.SGD. "
                "Full batch, both must end at gdlib's θ (check: same θ).")
    report.note("peers: sklearn's SGDRegressor / SGDClassifier are per-example SGD (|B| = 1) "
                "in compiled code (constant eta0 = α, penalty=None, tol=None, shuffle), the "
                "same update as gdlib's |B| = 1 (sklearn's squared loss is ½(ŷ - y)², "
                "as gdlib's); the shuffles differ, so only the final training losses are "
                "compared (check: the peer's loss over gdlib's). LogisticRegression is "
                "another algorithm (L-BFGS, no penalty, max_iter = epochs, tol=0): an "
                "iteration costs about one gradient, but it gets much further per "
                "iteration; it is here as what a practitioner would call, not as the same "
                "update.")


# --- 5. minibatch overhead ---------------------------------------------------------------------

def bare_sgd(X, y, lr, epochs, w, b, rng):
    """|B| = 1 SGD with nothing else: shuffle, slice, gradient, update (no loss recorded)."""
    n = len(y)
    for _ in range(epochs):
        order = rng.permutation(n)
        Xs, ys = X[order], y[order]
        for i in range(n):
            XB, yB = Xs[i:i + 1], ys[i:i + 1]
            r = XB @ w + b - yB
            w, b = w - lr * (XB.T @ r), b - lr * float(r[0])
    return w, b


def bench_minibatch(cfg, report):
    problems = [("line 40×1", *data.make_line(), 50),
                ("diabetes 442×10", *_standardized(data.load_diabetes()), 5)]
    if not cfg.quick:
        problems.append(("regression 2000×64", *data.make_regression(n=2000, d=64, seed=6), 1))
    for label, X, y, epochs in problems:
        epochs = 1 if cfg.quick else epochs
        updates = epochs * len(y)
        w0, b0 = np.zeros(X.shape[1]), 0.0
        ours, bare = race(
            lambda: gdlib.descend(linear, X, y, lr=0.01, epochs=epochs, batch_size=1, w0=w0,
                                  b0=b0),
            lambda: bare_sgd(X, y, 0.01, epochs, w0, b0, np.random.default_rng(0)),
            repeat=cfg.repeat, warmup=cfg.warmup)
        report.row("minibatch", f"SGD |B|=1 linear, {label}: time per update",
                   f"{ours / updates * 1e6:.3g} µs", f"bare step {bare / updates * 1e6:.3g} µs",
                   f"{ours / bare:.2g}× bare", "— (none set)")
    report.note("minibatch: µs per update = time of descend(batch_size=1) / number of updates. "
                "The bare step is the least Python can do per update (slice, Xᵀr, update); "
                "gdlib adds the full-training-set loss after every update (O(n·d), so it grows "
                "with n) and θ for the trajectory.")


# --- 6. optimizers ------------------------------------------------------------------------------

def _optimizers():
    from gdlib.optimizers import AdaGrad, Adam, Momentum, RMSProp
    return {"Momentum": Momentum(), "Nesterov": Momentum(nesterov=True), "AdaGrad": AdaGrad(),
            "RMSProp": RMSProp(), "Adam": Adam()}


def torch_optimizer(torch, opt, params, lr):
    """The torch.optim twin of a gdlib optimizer (tests/test_optimizers.py checks they agree)."""
    from gdlib.optimizers import AdaGrad, Momentum, RMSProp
    if isinstance(opt, Momentum):
        return torch.optim.SGD(params, lr=lr, momentum=opt.beta, nesterov=opt.nesterov)
    if isinstance(opt, AdaGrad):
        return torch.optim.Adagrad(params, lr=lr, eps=opt.eps)
    if isinstance(opt, RMSProp):
        return torch.optim.RMSprop(params, lr=lr, alpha=opt.rho, eps=opt.eps)
    return torch.optim.Adam(params, lr=lr, betas=(opt.beta1, opt.beta2), eps=opt.eps)


def torch_optim_run(torch, opt, X, y, lr, epochs, w0, b0):
    """Full-batch logistic regression with autograd and torch.optim: the same work as descend."""
    F = torch.nn.functional
    X, y = torch.from_numpy(X), torch.from_numpy(y.astype(np.float64))
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    optimiser = torch_optimizer(torch, opt, [w, b], lr)
    for _ in range(epochs):
        optimiser.zero_grad()
        F.binary_cross_entropy_with_logits(X @ w + b, y).backward()
        optimiser.step()
    return w.detach().numpy(), float(b.detach())


def bench_optimizers(cfg, report):
    try:
        import torch
        torch.set_num_threads(cfg.threads)
    except ImportError as error:
        torch = None
        report.skip("torch.optim", f"torch not installed: {error}")
    X, y = _standardized(data.load_breast_cancer())
    w0, b0 = _start(logistic, X, y)
    epochs, lr = cfg.gd_epochs, 0.01
    run = lambda opt: gdlib.descend(logistic, X, y, lr=lr, epochs=epochs, w0=w0, b0=b0,
                                    optimizer=opt)
    for name, opt in _optimizers().items():
        fns = [lambda: run(None), lambda: run(opt)]
        if torch is not None:
            fns.append(lambda: torch_optim_run(torch, opt, X, y, lr, epochs, w0, b0))
        times = [t / epochs for t in race(*fns, repeat=cfg.repeat, min_time=cfg.min_time,
                                          warmup=cfg.warmup)]
        gd, ours = times[:2]
        reference, check = f"GD {fmt_time(gd)}", "—"
        ratio = f"{ours / gd:.2g}× GD ({(ours - gd) * 1e6:+.0f} µs)"
        if torch is not None:
            reference += f" · torch.optim {fmt_time(times[2])}"
            ratio += f" · {faster(times[2], ours)} than torch"
            h, (w, b) = run(opt), torch_optim_run(torch, opt, X, y, lr, epochs, w0, b0)
            same = np.allclose(w, h.w, rtol=0, atol=1e-10) and abs(b - h.b) < 1e-10
            check = "same θ as torch.optim" if same else "NO: θ differs from torch.optim"
        report.row("optimizers", f"{name}, logistic breast cancer 569×30, GD: time per update",
                   fmt_time(ours), reference, ratio, "≤ 1.5× GD", ours <= 1.5 * gd,
                   check)
    report.note("optimizers: µs per update = time of descend(optimizer=…) for "
                f"{epochs} full-batch updates / {epochs}, on the 30 standardised breast-cancer "
                "features (α = 0.01), next to descend without an optimizer (plain GD) and "
                "next to torch.optim with autograd on the same loss, start and α (float64). "
                "An optimizer adds a few vector operations on θ per update (31 numbers here), "
                "nothing per example; the check is the final θ, to 1e-10.")


# --- main --------------------------------------------------------------------------------------

BENCHES = {"latency": bench_latency, "browser": bench_browser, "vectorisation": bench_vectorisation,
           "hardware": bench_hardware, "peers": bench_peers, "minibatch": bench_minibatch,
           "optimizers": bench_optimizers}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and few repeats: only checks that it all runs")
    parser.add_argument("--only", action="append", choices=SECTIONS, metavar="SECTION",
                        help=f"run only this section (repeatable): {', '.join(SECTIONS)}")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for numpy's BLAS and torch (default: numpy's own)")
    parser.add_argument("--record", metavar="FILE.md",
                        help=f"also write the results between {BEGIN} and {END} in FILE.md")
    args = parser.parse_args(argv)
    cfg = dataclasses.replace(QUICK if args.quick else FULL, threads=set_threads(args.threads))
    sections = [s for s in SECTIONS if not args.only or s in args.only]
    kind = ("--quick: tiny sizes, the numbers mean nothing" if args.quick else
            "full run" if len(sections) == len(SECTIONS) else f"sections: {', '.join(sections)}")
    report = Report([f"Measured by `python benchmarks/run.py` ({kind}) on:", ""]
                    + machine(cfg.threads))
    for section in sections:
        t0 = perf_counter()
        BENCHES[section](cfg, report)
        print(f"[{section}: {perf_counter() - t0:.1f} s]", file=sys.stderr, flush=True)
    if hasattr(os, "getloadavg"):
        report.header.append(f"- load average at the end: {os.getloadavg()[0]:.1f} "
                             f"(a quiet 2-core machine stays below ~1)")
    text = report.markdown()
    print(text, end="")
    if args.record:
        markers = (BROWSER_BEGIN, BROWSER_END) if sections == ["browser"] else (BEGIN, END)
        record(args.record, text, *markers)
        print(f"(written to {args.record})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Section ``latency``: one picture of every explorer, rerun and drawn by its own ES module
alone in a blank Chromium page (no Jupyter), at its defaults and at its heaviest settings."""
from __future__ import annotations

import statistics

from browserkit import standalone
from browserkit.explorer_data import EXPLORER_DATA
from gdlib import widgets

from .timing import fmt_time


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
    a blank Chromium page (browserkit/standalone.py), reruns and draws while the slider a
    student moves most alternates between two values, the others at ``fixed``; the largest
    time too. (The network's module spreads a long run over frames: its time is that of the
    first frame's share, the picture the hand sees at once.)"""
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

        from browserkit.server import CHROMIUM_ARGS, browser_unavailable, find_chromium
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

"""End-to-end latency of the explorers: key press → new pixels, in a real browser.

    from tests.e2e import harness               # from the repository root
    harness.slider_latency("gd", updates=30)    # -> [seconds, ...]

    python -m tests.e2e.harness [surface gd ...] [--updates 30] [--naive]

``slider_latency`` starts (once per process, stopped at exit or by
``close()``) the same JupyterLab server and headless Chromium as the browser
tests, writes a tiny notebook that shows one explorer built on the data
benchmarks/run.py uses (its ``EXPLORER_DATA``), runs it, then presses the
arrow keys on the explorer's α slider (``.gd-control-lr``; the surface
explorer has none: its first control), alternating between two neighbouring
values as the kernel benchmark does.  Each time is measured in the page:
from the keydown event's timestamp to the first animation frame after the
new PNG in ``.gd-figure`` has been decoded (a MutationObserver on the img's
``src``), so Playwright's own overhead is not counted.

``naive=True`` measures the same with the explorer's redraw replaced by the
benchmark's naive one (``_naive_png``: recompute, a new pyplot figure,
contourf, savefig).  Raises ``HarnessUnavailable`` where no browser can run.
"""
from __future__ import annotations

import atexit
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .e2e_driver import (
    PANEL,
    HarnessError,
    check_outputs,
    notebook_facts,
    open_notebook,
    run_all_cells,
    slider_value,
)
from .e2e_server import Lab, browser_unavailable, find_chromium

ROOT = Path(__file__).resolve().parents[2]
BENCHMARK = ROOT / "benchmarks" / "run.py"
UPDATE_TIMEOUT_MS = 30_000


class HarnessUnavailable(RuntimeError):
    """No browser (or no Playwright) here; the message says how to enable it."""


_shared: dict = {}


def _lab() -> Lab:
    """The process's Lab, started on first use."""
    if "lab" not in _shared:
        reason = browser_unavailable()
        if reason:
            raise HarnessUnavailable(reason)
        root = Path(tempfile.mkdtemp(prefix="gd-e2e-latency-"))
        _shared["root"] = root
        try:
            _shared["lab"] = Lab(root, find_chromium()).start()
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            _shared.clear()
            raise
        atexit.register(close)
    return _shared["lab"]


def close() -> None:
    """Stop the server, its kernels and the browser started by slider_latency."""
    lab, root = _shared.pop("lab", None), _shared.pop("root", None)
    if lab is not None:
        lab.close()
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


_SETUP = """\
import importlib.util
import sys

import matplotlib
matplotlib.use("Agg")  # the naive redraw uses pyplot; nothing is shown inline
from gdlib import widgets

# the benchmark's data, from benchmarks/run.py itself
spec = importlib.util.spec_from_file_location("gd_benchmarks_run", {benchmark!r})
bench = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # dataclasses need it there
spec.loader.exec_module(bench)
X, y = bench.EXPLORER_DATA[{name!r}]()
ex = widgets.EXPLORERS[{name!r}](X, y)
if {naive!r}:
    def naive_update():  # recompute + a new pyplot figure + savefig, as without blitting
        ex.image.value = bench._naive_png({name!r}, ex, X, y)
    ex.update = naive_update
"""


def write_latency_notebook(path: Path, explorer: str, *, naive: bool = False) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    setup = _SETUP.format(benchmark=str(BENCHMARK), name=explorer, naive=naive)
    nb.cells = [nbformat.v4.new_code_cell(setup), nbformat.v4.new_code_cell("ex")]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


# Installed once per page: records, for every key press on the handle, the
# time until the first frame that can show the next figure.
_INSTALL_JS = """
([img, handle]) => {
  const state = window.__gdLatency = {pressed: null, times: []};
  handle.addEventListener('keydown', e => { state.pressed = e.timeStamp; }, true);
  new MutationObserver(() => {
    const t0 = state.pressed;
    if (t0 === null) return;      // not ours (no key pressed since the last figure)
    state.pressed = null;
    const painted = () => requestAnimationFrame(() => state.times.push(performance.now() - t0));
    img.decode().then(painted, painted);
  }).observe(img, {attributes: true, attributeFilter: ['src']});
}
"""


def _measure(page, explorer: str, updates: int, warmup: int) -> list[float]:
    box = page.locator(f"{PANEL} .gd-explorer").first
    box.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    control = box.locator(".gd-control-lr")
    if control.count() == 0:
        control = box.locator(".gd-control").first
    handle = control.locator(".noUi-handle").first
    img = box.locator("img.gd-figure, .gd-figure img").first
    img.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    box.scroll_into_view_if_needed()
    page.evaluate(_INSTALL_JS, [img.element_handle(), handle.element_handle()])
    handle.focus()
    keys = ["ArrowRight", "ArrowLeft"]
    if handle.get_attribute("aria-valuetext") == handle.get_attribute("aria-valuemax"):
        keys.reverse()  # at its right end
    times = []
    for i in range(warmup + updates):
        before = slider_value(control)
        n = page.evaluate("window.__gdLatency.times.length")
        page.keyboard.press(keys[i % 2])
        try:
            page.wait_for_function("n => window.__gdLatency.times.length > n", arg=n, timeout=UPDATE_TIMEOUT_MS)
        except Exception:
            raise HarnessError(
                f"{explorer}: no new figure within {UPDATE_TIMEOUT_MS / 1000:.0f}s of pressing {keys[i % 2]} "
                f"(slider {before} -> {slider_value(control)})"
            ) from None
        if slider_value(control) == before:
            raise HarnessError(f"{explorer}: the slider did not move with {keys[i % 2]}")
        if i >= warmup:
            times.append(page.evaluate("n => window.__gdLatency.times[n]", n) / 1000)
        # let the kernel go idle before the next key, so updates do not queue up
        page.wait_for_function(
            "sel => document.querySelector(sel + ' .jp-Notebook-ExecutionIndicator')?.dataset.status !== 'busy'",
            arg=PANEL, timeout=UPDATE_TIMEOUT_MS,
        )
        time.sleep(0.05)
    return times


def slider_latency(explorer: str, updates: int = 30, *, naive: bool = False, warmup: int = 2,
                   lab: Lab | None = None) -> list[float]:
    """Seconds from a key press on the explorer's α slider to new pixels in its figure.

    ``explorer`` is a name in ``gdlib.widgets.EXPLORERS``; ``updates`` times
    are returned, after ``warmup`` untimed ones.  ``lab`` is an already
    started e2e_server.Lab (the tests pass theirs); by default one is started
    for the process and reused by later calls.
    """
    from gdlib import widgets

    if explorer not in widgets.EXPLORERS:
        raise ValueError(f"no explorer {explorer!r}; gdlib.widgets.EXPLORERS has {sorted(widgets.EXPLORERS)}")
    lab = lab or _lab()
    nb_file = write_latency_notebook(
        Path(tempfile.mkdtemp(prefix="latency-", dir=lab.root_dir)) / f"{explorer}.ipynb", explorer, naive=naive
    )
    api_path = lab.api_path(nb_file)
    page = lab.context.new_page()
    try:
        facts = notebook_facts(nb_file)
        open_notebook(page, lab.url(api_path))
        run_all_cells(page, facts)
        problems = check_outputs(page, facts)
        if problems:
            raise HarnessError(f"the {explorer} latency notebook failed:\n" + "\n".join(problems))
        return _measure(page, explorer, updates, warmup)
    finally:
        try:
            lab.server.shutdown_kernels_for(api_path)
        finally:
            page.close()
            shutil.rmtree(nb_file.parent, ignore_errors=True)


def main(argv=None) -> int:
    import argparse

    from gdlib import widgets

    parser = argparse.ArgumentParser(description="Key press -> new pixels, per explorer, in Chromium.")
    parser.add_argument("explorers", nargs="*", default=list(widgets.EXPLORERS))
    parser.add_argument("--updates", type=int, default=30)
    parser.add_argument("--naive", action="store_true", help="also time the naive redraw")
    args = parser.parse_args(argv)
    try:
        for name in args.explorers:
            for naive in (False, True) if args.naive else (False,):
                t = slider_latency(name, args.updates, naive=naive)
                label = f"{name}{' (naive)' if naive else ''}"
                print(f"{label:18s} median {statistics.median(t) * 1000:7.1f} ms   "
                      f"min {min(t) * 1000:7.1f}   max {max(t) * 1000:7.1f}   n={len(t)}", flush=True)
    finally:
        close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

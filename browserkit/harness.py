"""End-to-end latency of the explorers, measured in the page: key press → new pixels, and drags.

    from browserkit import harness                    # from the repository root
    harness.notebook_latency("02_gradient_descent")   # every slider of a course notebook
    harness.slider_latency("gd", updates=30)          # one explorer, alone in a notebook

    python -m browserkit.harness [01 02 ...] [--presses 10] [--no-drag]   # per notebook
    python -m browserkit.harness --explorers [surface gd ...] [--updates 30]

Every time is taken in the page, on its own clock (``probe.PROBE_JS``, installed before
JupyterLab loads), so the driver's (Playwright's) round trips are not counted:

* a key press: from the ``keydown`` event to the first animation frame after the new
  figure (the next ``src`` of ``img.gd-figure``) has been decoded (``img.decode()``);
  the probe also records the kernel's WebSocket messages, so each press splits into
  stages (``probe.STAGES``: front end, server hop, kernel, server hop, widget manager,
  decode, frame);
* a drag: the mouse takes the slider's handle across most of its track in about one
  second (``DRAG_SECONDS``), one move per animation frame, each dispatched between two
  frames as real input arrives, then lets go, ``DRAGS`` times (the median is reported).
  Reported: new figures on screen per second while the mouse moves, how long after the
  mouse-up the final value's first figure appears (a long run in 08 is drawn as it goes:
  when its last slice is on screen is reported too, as "complete"), how many values the
  front end sent to the kernel, and whether the last value sent is the value the slider
  shows.

``notebook_latency`` opens a course notebook (Run All), then presses every slider of
every explorer ``presses`` times to the right and as many back to the left (each press
is one slider step; the next press waits until the kernel is idle), at the explorer's
default settings, then drags each slider.  ``slider_latency`` is the same key press on
one explorer built on the data the benchmarks use (``explorer_data.EXPLORER_DATA``).  Both start (once per process,
stopped at exit or by ``close()``) the same JupyterLab server and headless Chromium as
the browser tests, or use the ``lab`` they are given.  ``HarnessUnavailable`` is raised
where no browser can run.
"""
from __future__ import annotations

import atexit
import dataclasses
import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .driver import (
    FIGURE,
    PANEL,
    HarnessError,
    check_outputs,
    notebook_facts,
    open_notebook,
    run_all_cells,
    slider_value,
)
from .explorer_data import EXPLORER_DATA
from .server import Lab, browser_unavailable, find_chromium
from .probe import PROBE_JS, median_stages, press_timeline

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
UPDATE_TIMEOUT_MS = 30_000
DRAG_SECONDS = 1.0          # the handle crosses DRAG_SPAN of the track in this time
DRAG_SPAN = 0.8
DRAGS = 3                   # drags per slider (right, back, right): the median is reported


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
        (root / "notebooks").symlink_to(NOTEBOOKS, target_is_directory=True)
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
import sys

sys.path.insert(0, {root!r})          # this checkout: browserkit and gdlib
from browserkit.explorer_data import EXPLORER_DATA
from gdlib import widgets

X, y = EXPLORER_DATA[{name!r}]()
ex = widgets.EXPLORERS[{name!r}](X, y)
"""


def benchmark_data(explorer: str):
    """(X, y) the benchmarks (and ``slider_latency``) build that explorer on."""
    return EXPLORER_DATA[explorer]()


def write_latency_notebook(path: Path, explorer: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    setup = _SETUP.format(root=str(ROOT), name=explorer)
    nb.cells = [nbformat.v4.new_code_cell(setup), nbformat.v4.new_code_cell("ex")]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def _idle(page) -> None:
    page.wait_for_function(
        "sel => document.querySelector(sel + ' .jp-Notebook-ExecutionIndicator')?.dataset.status !== 'busy'",
        arg=PANEL, timeout=UPDATE_TIMEOUT_MS,
    )


def _frames(page, k: int) -> int:
    return page.evaluate("k => window.__gdProbe.events.filter(e => e.type === 'frame' && e.k === k).length", k)


_PENDING_JS = """() => {
  const w = window.__gdProbe.wire;
  const answered = new Set(w.filter(m => m.dir === 'in' && m.state === 'idle').map(m => m.parent));
  return w.filter(m => m.dir === 'out' && m.type === 'comm_msg' && !answered.has(m.id)).length;
}"""


def _settle(page, k: int, quiet_s: float = 0.5) -> None:
    """Until every widget message sent has been answered (the kernel went idle for it),
    and explorer k has shown no new figure for quiet_s."""
    deadline = time.monotonic() + UPDATE_TIMEOUT_MS / 1000
    n = -1
    while time.monotonic() < deadline:
        _idle(page)
        page.wait_for_function(f"({_PENDING_JS})() === 0", timeout=UPDATE_TIMEOUT_MS)
        now = _frames(page, k)
        if now == n:
            return
        n = now
        time.sleep(quiet_s)
    raise HarnessError(f"explorer {k + 1}: the figure kept changing for {UPDATE_TIMEOUT_MS / 1000:.0f}s")


def _control_label(control) -> str:
    classes = (control.get_attribute("class") or "").split()
    return next((c[len("gd-control-"):] for c in classes if c.startswith("gd-control-")), "?")


def press_keys(page, k: int, control, keys: list[str], warmup: int = 0) -> list[dict]:
    """Press ``keys`` on the slider's handle one at a time, each after the previous figure
    and an idle kernel; the timelines (``probe.press_timeline``) of the presses after
    ``warmup``."""
    handle = control.locator(".noUi-handle").first
    handle.focus()
    page.evaluate("window.__gdProbe.clear()")
    for i, key in enumerate(keys):
        before, n = slider_value(control), _frames(page, k)
        page.keyboard.press(key)
        try:
            page.wait_for_function("([k, n]) => window.__gdProbe.events.filter("
                                   "e => e.type === 'frame' && e.k === k).length > n",
                                   arg=[k, n], timeout=UPDATE_TIMEOUT_MS)
        except Exception:
            raise HarnessError(
                f"explorer {k + 1}: no new figure within {UPDATE_TIMEOUT_MS / 1000:.0f}s of pressing {key} "
                f"(slider {before} -> {slider_value(control)})"
            ) from None
        if slider_value(control) == before:
            raise HarnessError(f"explorer {k + 1}: the slider did not move with {key}")
        _idle(page)          # so that presses do not queue up behind each other
        time.sleep(0.05)
    records = page.evaluate("window.__gdProbe.take()")
    presses = [e["t"] for e in records["events"] if e["type"] == "keydown"]
    timelines = [press_timeline(records, t, k) for t in presses[warmup:]]
    if any(t is None for t in timelines):
        raise HarnessError(f"explorer {k + 1}: a key press left no trace of a new figure")
    return timelines


def _keys(control, presses: int) -> list[str]:
    """Right then back left (left then right where the handle is near its right end)."""
    handle = control.locator(".noUi-handle").first
    now, high = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    low = float(handle.get_attribute("aria-valuemin"))
    first, back = ("ArrowLeft", "ArrowRight") if now > low + 0.7 * (high - low) else ("ArrowRight", "ArrowLeft")
    return [first] * presses + [back] * presses


# noUiSlider follows mousedown on the handle, then mousemove / mouseup on the document.
_DRAG_JS = """async ([handle, x0, x1, y, ms]) => {
  const at = (type, x, target) => target.dispatchEvent(new MouseEvent(type, {
    bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0,
    buttons: type === 'mouseup' ? 0 : 1}));
  // A mouse event reaches the page between two frames: a move is dispatched in the task after
  // a frame has been drawn (a move dispatched inside the frame's own animation callbacks would
  // ask for its picture only in the frame after next, a frame later than real input).
  const frame = () => new Promise(requestAnimationFrame)
    .then((t) => new Promise((done) => setTimeout(() => done(t), 0)));
  let changes = 0, changed = 0;    // mouse events that moved the slider to a new value; the last
  const watch = new MutationObserver((records) => { changes += records.length; changed = performance.now(); });
  watch.observe(handle, {attributes: true, attributeFilter: ['aria-valuetext']});
  await frame();
  const down = performance.now();
  at('mousedown', x0, handle);
  let moves = 0, now;
  while ((now = await frame()) - down < ms) {
    at('mousemove', x0 + (x1 - x0) * (now - down) / ms, document.documentElement);
    moves++;
  }
  at('mousemove', x1, document.documentElement);
  const up = performance.now();
  at('mouseup', x1, document.documentElement);
  const late = watch.takeRecords().length;       // the last moves' changes, not yet delivered
  if (late) { changes += late; changed = up; }
  watch.disconnect();
  return [down, up, moves + 1, changes, changed];
}"""


def drag(page, k: int, control, seconds: float = DRAG_SECONDS, span: float = DRAG_SPAN) -> dict:
    """Take the handle across ``span`` of the track in about ``seconds``, let go, wait until
    the figure settles; what the student saw (see the module's docstring)."""
    handle = control.locator(".noUi-handle").first
    track = control.locator(".noUi-target").first
    hb, tb = handle.bounding_box(), track.bounding_box()
    x0, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    right = x0 < tb["x"] + tb["width"] / 2
    x1 = x0 + (1 if right else -1) * span * tb["width"]
    _settle(page, k)
    page.evaluate("window.__gdProbe.clear()")
    # The moves are made in the page, one per animation frame (~60 per second), each in the
    # task after a frame, where real input arrives: from the driver, each one would be a round
    # trip, and too few to drag at display speed (Playwright's mouse waits for each event's
    # acknowledgement: 20-30 moves a second here).
    down, up, moves, changes, changed = page.evaluate(
        _DRAG_JS, [handle.element_handle(), x0, x1, y, seconds * 1000])
    _settle(page, k)
    final = float(handle.get_attribute("aria-valuetext"))
    records = page.evaluate("window.__gdProbe.take()")
    events = records["events"]
    frames = [e["t"] for e in events if e["type"] == "frame" and e["k"] == k]
    during = [t for t in frames if down <= t <= up]
    # the first figure of the final value: the first picture begun after the last change
    begun = {e["src"]: e["t"] for e in events if e["type"] == "src" and e["k"] == k}
    of_final = [e["t"] for e in events if e["type"] == "frame" and e["k"] == k
                and begun.get(e["src"], -math.inf) >= changed]
    sent = [w for w in records["wire"] if w["dir"] == "out" and w.get("type") == "comm_msg"
            and w.get("value") is not None]
    last = sent[-1]["value"] if sent else None
    close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
    shown = last is not None and (close(last, final) or close(last, 10 ** final))  # log slider: 10^exponent
    return {
        "control": _control_label(control),
        "seconds": (up - down) / 1000,
        "figures_per_second": len(during) / ((up - down) / 1000),
        # the final value's first figure after the mouse-up (0: it came before; None: there
        # was none), and the last new figure (later for a run drawn as it goes, as in 08)
        "after_mouse_up_ms": (max(min(of_final) - up, 0.0) if of_final else
                              max(max(frames) - up, 0.0) if frames else None),
        "complete_ms": (max(max(frames) - up, 0.0) if frames else None),
        "mouse_moves": moves,
        # the mouse events that moved the slider to a new value (on a slider of few steps,
        # several events fall within one step: there is no new figure to draw for them)
        "value_changes": changes,
        # new figures on screen per mouse event that changed the value, while the mouse
        # moved (events come once per frame here: 1.0 is a new figure for every one of them,
        # at the display rate)
        "coverage": min(len(during), changes) / max(changes, 1),
        "values_sent": len(sent),
        "figures": len(frames),
        "dropped": sum(e["type"] == "dropped" and e["k"] == k for e in events),
        "last_value_sent_is_shown": shown,
    }


@dataclasses.dataclass
class SliderResult:
    explorer: int                 # 0-based, in the notebook's order
    control: str
    timelines: list               # one per key press (probe.press_timeline)
    drag: dict | None = None      # the drag of median lateness after the mouse-up
    drags: list = dataclasses.field(default_factory=list)   # all of them (DRAGS)

    @property
    def times(self) -> list[float]:
        """Seconds from key press to new pixels, one per press."""
        return [(t["frame"] - t["key"]) / 1000 for t in self.timelines]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000


def _open_and_run(page, lab: Lab, nb_file: Path, api_path: str) -> None:
    page.add_init_script(PROBE_JS)
    facts = notebook_facts(nb_file)
    open_notebook(page, lab.url(api_path))
    run_all_cells(page, facts)
    problems = check_outputs(page, facts)
    if problems:
        raise HarnessError(f"{nb_file.name} failed:\n" + "\n".join(problems))


def notebook_latency(notebook: str, presses: int = 10, *, with_drag: bool = True,
                     lab: Lab | None = None, edition: str = "en") -> list[SliderResult]:
    """Every slider of every explorer of a course notebook (``"02"`` or its file stem) of
    one edition (``"en"``, ``"es"``: the same explorers, other words):
    ``presses`` key presses right and as many back, then a drag (see the module docstring)."""
    folder = NOTEBOOKS / edition
    matches = sorted(folder.glob(f"{notebook}*.ipynb"))
    if len(matches) != 1:
        raise ValueError(f"{notebook!r} names {len(matches)} notebooks in {folder}: give its number, e.g. '02'")
    nb_file = matches[0]
    lab = lab or _lab()
    api_path = f"notebooks/{edition}/{nb_file.name}"
    if not (lab.root_dir / "notebooks").exists():
        raise HarnessError(f"the lab's root {lab.root_dir} has no notebooks/ (link it to {NOTEBOOKS})")
    page = lab.context.new_page()
    results = []
    try:
        _open_and_run(page, lab, nb_file, api_path)
        boxes = page.locator(f"{PANEL} .gd-explorer")
        for k in range(boxes.count()):
            box = boxes.nth(k)
            box.scroll_into_view_if_needed()
            box.locator(FIGURE).first.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
            controls = box.locator(".gd-control")
            for i in range(controls.count()):
                control = controls.nth(i)
                if not control.locator(".noUi-handle").count() or control.locator(".noUi-target[disabled]").count():
                    continue
                _settle(page, k)
                timelines = press_keys(page, k, control, _keys(control, presses), warmup=0)
                results.append(SliderResult(k, _control_label(control), timelines))
            if with_drag:     # the last control first: a drag of α ends where the run diverges,
                for i in reversed(range(controls.count())):   # and then epochs change nothing
                    control = controls.nth(i)
                    if not control.locator(".noUi-handle").count():
                        continue
                    label = _control_label(control)
                    result = next(r for r in results if r.explorer == k and r.control == label)
                    result.drags = [drag(page, k, control) for _ in range(DRAGS)]
                    result.drag = sorted(result.drags, key=_late)[len(result.drags) // 2]
    finally:
        try:
            lab.server.shutdown_kernels_for(api_path)
        finally:
            page.close()
    return results


def _measure(page, explorer: str, updates: int, warmup: int) -> list[float]:
    box = page.locator(f"{PANEL} .gd-explorer").first
    box.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    control = box.locator(".gd-control-lr")
    if control.count() == 0:
        control = box.locator(".gd-control").first
    box.locator(FIGURE).first.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    box.scroll_into_view_if_needed()
    handle = control.locator(".noUi-handle").first
    keys = ["ArrowRight", "ArrowLeft"]
    if handle.get_attribute("aria-valuetext") == handle.get_attribute("aria-valuemax"):
        keys.reverse()  # at its right end
    _settle(page, 0)
    timelines = press_keys(page, 0, control, [keys[i % 2] for i in range(warmup + updates)], warmup=warmup)
    return [(t["frame"] - t["key"]) / 1000 for t in timelines]


def slider_latency(explorer: str, updates: int = 30, *, warmup: int = 2,
                   lab: Lab | None = None) -> list[float]:
    """Seconds from a key press on the explorer's α slider to new pixels in its figure.

    ``explorer`` is a name in ``gdlib.widgets.EXPLORERS``; ``updates`` times
    are returned, after ``warmup`` untimed ones.  ``lab`` is an already
    started server.Lab (the tests pass theirs); by default one is started
    for the process and reused by later calls.
    """
    from gdlib import widgets

    if explorer not in widgets.EXPLORERS:
        raise ValueError(f"no explorer {explorer!r}; gdlib.widgets.EXPLORERS has {sorted(widgets.EXPLORERS)}")
    lab = lab or _lab()
    nb_file = write_latency_notebook(
        Path(tempfile.mkdtemp(prefix="latency-", dir=lab.root_dir)) / f"{explorer}.ipynb", explorer
    )
    api_path = lab.api_path(nb_file)
    page = lab.context.new_page()
    try:
        _open_and_run(page, lab, nb_file, api_path)
        return _measure(page, explorer, updates, warmup)
    finally:
        try:
            lab.server.shutdown_kernels_for(api_path)
        finally:
            page.close()
            shutil.rmtree(nb_file.parent, ignore_errors=True)


def _late(drag: dict) -> float:
    """A drag's final value's figure after the mouse-up, ms (none at all: infinitely late)."""
    return float("inf") if drag["after_mouse_up_ms"] is None else drag["after_mouse_up_ms"]


def _ms(value) -> str:
    return "no figure" if value is None else f"{value:.0f} ms"


def report(results: dict[str, list[SliderResult]]) -> str:
    """Markdown: per notebook, key press → new pixels (median over every press of every
    slider, and the slowest slider's median), where the time goes, and the drags."""
    lines = ["| notebook | sliders | median key → pixels | slowest slider (median) | "
             "figure message | drag: figures/s, coverage (lowest) | drag: the final value's figure after mouse-up (worst) |",
             "|---|---|---|---|---|---|---|"]
    for nb, rs in results.items():
        times = [t for r in rs for t in r.times]
        worst = max(rs, key=lambda r: r.median_ms)
        sizes = [t["image_bytes"] for r in rs for t in r.timelines if t["image_bytes"]]
        size = f"{statistics.median(sizes) / 1000:.0f} kB" if sizes else "none (drawn in the page)"
        drags = [r.drag for r in rs if r.drag]
        fps = min(drags, key=lambda d: d["figures_per_second"]) if drags else None
        late = max(drags, key=lambda d: _late(d)) if drags else None
        lines.append(
            f"| {nb} | {len(rs)} | {statistics.median(times) * 1000:.0f} ms | "
            f"{worst.median_ms:.0f} ms ({worst.control}) | {size} | "
            + (f"{fps['figures_per_second']:.0f}, {fps['coverage']:.0%} of the mouse moves ({fps['control']}) | "
               f"{_ms(late['after_mouse_up_ms'])} ({late['control']}) |"
               if drags else "— | — |"))
    stage_names = list(median_stages([t for rs in results.values() for r in rs for t in r.timelines]))
    lines += ["", "Where the time goes (median ms of each stage over every press, and its share of the "
              "median total; the stages' medians need not add up to the total):", "",
              "| stage | " + " | ".join(results) + " |", "|---|" + "---|" * len(results)]
    per = {nb: median_stages([t for r in rs for t in r.timelines]) for nb, rs in results.items()}
    total = "total: key → new pixels"
    for stage in stage_names:
        lines.append(f"| {stage} | " + " | ".join(
            f"{per[nb].get(stage, float('nan')):.1f}" + ("" if stage == total else
                                                         f" ({per[nb].get(stage, 0) / per[nb][total]:.0%})")
            for nb in results) + " |")
    lines += ["", "Per slider (layout shifts and long tasks: between the key presses and their new pixels, "
              "summed over the presses):", "",
              "| notebook | slider | median key → pixels | kernel or JS drawing (median) | layout shifts | long tasks | "
              "drag: figures/s | after mouse-up: final value's figure (complete) | figures / value changes / values sent / mouse moves | last value sent is shown |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for nb, rs in results.items():
        for r in rs:
            stages_ = median_stages(r.timelines)       # the kernel's work, or the page's drawing
            kernel = stages_.get("kernel: run + redraw + PNG", stages_.get("drawing (JS)", float("nan")))
            shifts = sum(t["layout_shifts"] for t in r.timelines)
            long_ms = sum(t["long_tasks_ms"] for t in r.timelines)
            d = r.drag
            lines.append(f"| {nb} | {r.control} | {r.median_ms:.0f} ms | {kernel:.0f} ms | {shifts} | "
                         f"{long_ms:.0f} ms | " + (
                f"{d['figures_per_second']:.0f} | {_ms(d['after_mouse_up_ms'])}"
                + (f" ({_ms(d['complete_ms'])})" if d["complete_ms"] != d["after_mouse_up_ms"] else "")
                + " | "
                f"{d['figures']} / {d['value_changes']} / {d['values_sent']} / {d['mouse_moves']} | "
                f"{'yes' if d['last_value_sent_is_shown'] else 'NO'} |" if d else "— | — | — | — |"))
    return "\n".join(lines)


def main(argv=None) -> int:
    import argparse

    from gdlib import widgets

    parser = argparse.ArgumentParser(description="Key press -> new pixels and drags, in Chromium, measured in the page.")
    parser.add_argument("notebooks", nargs="*", help="course notebooks by number (default: all)")
    parser.add_argument("--edition", choices=["en", "es"], default="en",
                        help="which edition's notebooks (the same explorers; default en)")
    parser.add_argument("--presses", type=int, default=10, help="key presses each way per slider")
    parser.add_argument("--no-drag", action="store_true", help="leave the drags out")
    parser.add_argument("--explorers", nargs="*", metavar="NAME",
                        help="instead: one explorer alone in a notebook (gdlib.widgets.EXPLORERS)")
    parser.add_argument("--updates", type=int, default=30, help="--explorers: key presses")
    args = parser.parse_args(argv)
    try:
        if args.explorers is not None:
            for name in args.explorers or list(widgets.EXPLORERS):
                t = slider_latency(name, args.updates)
                print(f"{name:18s} median {statistics.median(t) * 1000:7.1f} ms   "
                      f"min {min(t) * 1000:7.1f}   max {max(t) * 1000:7.1f}   n={len(t)}", flush=True)
            return 0
        stems = args.notebooks or sorted(p.stem[:2] for p in (NOTEBOOKS / args.edition).glob("[0-9][0-9]_*.ipynb"))
        results = {}
        for nb in stems:
            results[nb] = notebook_latency(nb, args.presses, with_drag=not args.no_drag,
                                           edition=args.edition)
            print(f"[{nb}: {len(results[nb])} sliders measured]", file=sys.stderr, flush=True)
        print(report(results))
    finally:
        close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

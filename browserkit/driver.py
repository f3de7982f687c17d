"""Drive a notebook in JupyterLab 4 through Playwright and check its explorers.

DOM facts this relies on (JupyterLab 4.x, ipywidgets 8 / jupyterlab_widgets 3):

* the notebook on screen: ``.jp-NotebookPanel:not(.lm-mod-hidden)``; its
  kernel state: ``.jp-Notebook-ExecutionIndicator[data-status]`` (``idle`` /
  ``busy``) in the panel toolbar; a code cell's prompt:
  ``.jp-CodeCell .jp-InputPrompt`` (``[ ]:``, ``[*]:``, ``[7]:``).
* menus are Lumino menus whose items carry the command id:
  ``.lm-Menu-item[data-command="runmenu:run-all"]`` (Run > Run All Cells),
  ``.lm-Menu-item[data-command="editmenu:clear-all"]`` (Edit > Clear Outputs
  of All Cells).
* a widget output is ``.jp-OutputArea-output`` holding a ``.jupyter-widgets``
  view (no ``data-mime-type`` attribute on it, unlike text outputs); a failed
  one shows the text "Error displaying widget".
* ``widget.add_class("x")`` puts class ``x`` on the view's root element, so
  ``.gd-control-lr`` *is* the ``.widget-slider`` div.  ipywidgets 8 sliders
  are noUiSlider: ``.gd-control-lr .noUi-handle`` (``tabindex=0``,
  ``role=slider``, ``aria-valuenow``/``aria-valuemin``/``aria-valuemax``,
  rounded to one decimal, and ``aria-valuetext`` at full precision; for a
  FloatLogSlider these are exponents) moves with ArrowLeft/ArrowRight (one
  step), PageUp/PageDown, Home/End when focused; the slider's readout
  (``.widget-readout``) shows the value as the student reads it.  A Checkbox is
  ``.gd-control-standardize input[type=checkbox]``; a Dropdown a ``<select>`` inside
  its control (``change`` events reach the kernel); ToggleButtons are ``<button>``
  elements, the chosen one with class ``mod-active``.
* an ``ipywidgets.Image`` renders as ``<img class="... gd-figure" src="blob:...">``;
  every new value gets a new blob URL (the old one is revoked).
"""
from __future__ import annotations

import ast
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


class HarnessError(AssertionError):
    """A check on the notebook in the browser failed."""


# --------------------------------------------------------------------------
# What the .ipynb file says
# --------------------------------------------------------------------------
@dataclass
class NotebookFacts:
    code_cells: int  # code cells with non-empty source (they get a prompt number)
    explorers: int  # explorers the notebook displays, read from its source
    explorer_cells: list[int]  # their code cells (0-based among all cells)


def _explorer_call(node) -> bool:
    """node is a call of some ``*_explorer`` function (``widgets.gd_explorer(X, y)``)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name.endswith("_explorer")


def _python_source(source: str) -> str:
    """Cell source with IPython magics and shell escapes blanked out, so ast can read it."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _explorers_shown(source: str, bound: set[str]) -> int:
    """How many explorers running this cell displays.

    The course shows an explorer as the last expression of its cell
    (``widgets.gd_explorer(X, y)``, as tests/test_notebooks.py requires), or
    with ``display(...)``; ``ex = widgets.gd_explorer(...)`` followed by a
    last line ``ex`` counts too.  ``bound`` collects such names across cells.
    Committed outputs cannot tell: `make notebooks` strips widget views.
    """
    try:
        tree = ast.parse(_python_source(source))
    except SyntaxError:  # fall back to the convention of test_notebooks.py
        lines = [ln for ln in source.strip().splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        last = lines[-1] if lines else ""
        return int(bool(re.match(r"\s*[\w.]*_explorer\(", last)))
    shown = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _explorer_call(node.value):
            bound.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "display":
            shown += sum(_explorer_call(a) or (isinstance(a, ast.Name) and a.id in bound) for a in node.args)
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr):
        values = last.value.elts if isinstance(last.value, ast.Tuple) else [last.value]
        shown += sum(_explorer_call(v) or (isinstance(v, ast.Name) and v.id in bound) for v in values)
    return shown


def notebook_facts(path: Path) -> NotebookFacts:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    code_cells = explorers = 0
    cells = []
    bound: set[str] = set()
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if not source.strip():
            continue
        code_cells += 1
        n = _explorers_shown(source, bound)
        if n:
            explorers += n
            cells.append(i)
    return NotebookFacts(code_cells, explorers, cells)


# --------------------------------------------------------------------------
# Browser side
# --------------------------------------------------------------------------
# Run All has started once a prompt shows [*] or a number (the outputs were
# cleared first, so every prompt read [ ]); it has ended when none shows [*]
# and the kernel is idle: the cells queued behind a failing one go back to [ ].
#: Seconds after Run All Cells within which a cell's prompt must show [*] or [n].
START_S = 20
_RUN_STARTED_JS = """
(panelSel) => [...document.querySelectorAll(panelSel + ' .jp-CodeCell .jp-InputPrompt')]
  .some(p => /\\[[\\d*]+\\]/.test(p.textContent))
"""

_RUN_DONE_JS = """
(panelSel) => {
  const panel = document.querySelector(panelSel);
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
  if (prompts.some(t => t.includes('*'))) return false;
  const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return !ind || ind.dataset.status === 'idle';
}
"""

_IMG_DIGEST_JS = """
async (img) => {
  if (img.tagName === 'CANVAS') {   // drawn in the browser: its frame count, its pixels
    const url = img.toDataURL('image/png');
    const buf = new TextEncoder().encode(url);
    const digest = await crypto.subtle.digest('SHA-256', buf);
    const hex = [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
    return [img.dataset.frames || '', hex + ':' + url.length];
  }
  const src = img.currentSrc || img.src;
  if (!src) return [src, null];
  const resp = await fetch(src);
  const buf = await resp.arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', buf);
  const hex = [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
  return [src, hex + ':' + buf.byteLength];
}
"""

#: What changes when the figure has been redrawn: a canvas' frame count, an image's src.
_STAMP_JS = "el => el.tagName === 'CANVAS' ? (el.dataset.frames || '') : (el.currentSrc || el.src)"
_STAMP_CHANGED_JS = ("([el, stamp]) => (el.tagName === 'CANVAS' ? (el.dataset.frames || '') "
                     ": (el.currentSrc || el.src)) !== stamp")
#: An explorer's figure: the canvas drawn in the browser (or an image sent by the kernel).
FIGURE = "canvas.gd-figure, img.gd-figure, .gd-figure img"

_KERNEL_IDLE_JS = """
(panelSel) => {
  const ind = document.querySelector(panelSel + ' .jp-Notebook-ExecutionIndicator');
  return !ind || ind.dataset.status === 'idle';
}
"""


@dataclass
class ConsoleLog:
    """Browser console errors and uncaught page errors."""

    errors: list[str] = field(default_factory=list)

    # Filters: each one is provably unrelated to the course.  Keep it short.
    IGNORED = (
        # The browser asks every site for /favicon.ico; Jupyter serves its own
        # favicon under /static, so a 404 here says nothing about the course.
        re.compile(r"favicon\.ico"),
    )

    def attach(self, page) -> None:
        def on_console(msg):
            if msg.type == "error":
                loc = msg.location or {}
                where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc.get("url") else ""
                self._add(f"console.error: {msg.text}{where}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self._add(f"pageerror: {exc}"))

    def _add(self, text: str) -> None:
        if not any(p.search(text) for p in self.IGNORED):
            self.errors.append(text)


def _menu_command(page, menu_label: str, commands: tuple[str, ...], timeout: float) -> None:
    """Click menu_label in the menu bar, then the first visible item running one of commands.

    JupyterLab 4 puts its own "runmenu:"/"editmenu:" commands in the main menu
    (they forward to the notebook's); the notebook ones are the fallback.
    """
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^\s*{re.escape(menu_label)}\s*$")).first.click()
    selector = ", ".join(f'.lm-Menu-item[data-command="{c}"]' for c in commands)
    item = page.locator(selector).first
    try:
        item.wait_for(state="visible", timeout=timeout)
    except Exception:
        shown = page.locator(".lm-Menu-item").evaluate_all("els => els.map(e => e.dataset.command).filter(Boolean)")
        raise HarnessError(f"no {' / '.join(commands)} in the {menu_label} menu (it has: {', '.join(shown)})") from None
    item.click()


def open_notebook(page, url: str, timeout_ms: float = 60_000) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.locator(PANEL).wait_for(state="visible", timeout=timeout_ms)
    # the kernel is started and idle before we run anything
    page.locator(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(
        state="attached", timeout=timeout_ms
    )


def run_all_cells(page, facts: NotebookFacts, timeout_ms: float = 120_000) -> None:
    """Clear outputs, Run > Run All Cells, wait until every code cell ran (or one failed)."""
    panel = page.locator(PANEL)
    panel.locator(".jp-Notebook").first.click(position={"x": 2, "y": 2})  # focus the notebook
    # Clearing first resets the prompts to [ ] so committed execution counts
    # cannot pass for a finished run.
    _menu_command(page, "Edit", ("editmenu:clear-all", "notebook:clear-all-cell-outputs"), 15_000)
    page.wait_for_function(
        "sel => ![...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')]"
        ".some(p => /\\[[\\d*]+\\]/.test(p.textContent))",
        arg=PANEL,
        timeout=timeout_ms,
    )
    in_dom = panel.locator(".jp-CodeCell").count()
    deadline = time.monotonic() + timeout_ms / 1000
    try:
        _run_all(page, panel, deadline)
        deadline = time.monotonic() + timeout_ms / 1000
        while True:  # done, and still done a moment later (no cell between two others)
            left = max(deadline - time.monotonic(), 1.0) * 1000
            page.wait_for_function(_RUN_DONE_JS, arg=PANEL, timeout=left, polling=250)
            time.sleep(0.5)
            if page.evaluate(_RUN_DONE_JS, PANEL):
                break
    except Exception as exc:
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
        raise HarnessError(
            f"the notebook did not finish running within {timeout_ms / 1000:.0f}s "
            f"(prompts: {' '.join(p.strip() for p in prompts)}; code cells in the DOM: {in_dom})"
        ) from exc


def _run_all(page, panel, deadline: float, tries: int = 3) -> None:
    """Run > Run All Cells until a cell's prompt shows that it is queued or ran. A queued cell
    shows [*] as soon as the command runs, so none within START_S means that the command did
    not reach the notebook (seen twice, under load, with every prompt still [ ]; why is not
    known). Then focus the notebook and choose the command again; at most ``tries`` times."""
    for attempt in range(1, tries + 1):
        _menu_command(page, "Run", ("runmenu:run-all", "notebook:run-all-cells"), 15_000)
        wait = max(deadline - time.monotonic(), 1.0) if attempt == tries else START_S
        try:
            page.wait_for_function(_RUN_STARTED_JS, arg=PANEL, timeout=wait * 1000, polling=100)
            return
        except Exception:
            if attempt == tries:
                raise
            panel.locator(".jp-Notebook").first.click(position={"x": 2, "y": 2})


def check_outputs(page, facts: NotebookFacts, timeout_ms: float = 30_000) -> list[str]:
    """Errors shown in the notebook itself; [] when clean.

    textContent, not innerText: cells outside the viewport may be skipped by
    the browser's rendering (JupyterLab's content-visibility windowing), and
    innerText leaves out what is not rendered.
    """
    panel = page.locator(PANEL)
    problems = []
    prompts = [p.strip() for p in panel.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()]
    numbered = sum(bool(re.search(r"\[\d+\]", p)) for p in prompts)
    if numbered < facts.code_cells:
        problems.append(f"only {numbered} of {facts.code_cells} code cells ran (prompts: {' '.join(prompts)})")
    # JupyterLab 4 renders an exception as stderr text; older ones as the error mime type.
    for text in panel.locator(f"{ERROR_OUTPUT}, {STDERR_OUTPUT}").all_text_contents():
        kind = "error output" if "Traceback" in text or "Error" in text else "output on stderr"
        problems.append(f"{kind}:\n" + text.strip()[-2000:])
    # Widgets render asynchronously after their cell finished.
    try:
        page.wait_for_function(
            "sel => !document.querySelector(sel).textContent.includes('Loading widget...')",
            arg=PANEL,
            timeout=timeout_ms,
        )
    except Exception:
        problems.append("a widget stayed at 'Loading widget...' (is the ipywidgets lab extension found?)")
    for text in panel.locator(".jp-OutputArea-output").all_text_contents():
        if "Error displaying widget" in text:
            problems.append(f"widget not rendered: {text.strip()[:300]!r}")
    return problems


def check_explorer_count(page, facts: NotebookFacts) -> list[str]:
    """As many explorers on screen as the notebook's source displays."""
    on_screen = page.locator(f"{PANEL} .gd-explorer").count()
    if on_screen != facts.explorers:
        return [
            f"{on_screen} explorers (.gd-explorer) rendered, the notebook's source displays "
            f"{facts.explorers} (code cells {facts.explorer_cells})"
        ]
    return []


def log_console_messages(page, timeout_ms: float = 10_000) -> list[str]:
    """Warnings and errors JupyterLab logged for the notebook outside its cells.

    Output of widget callbacks (a traceback in an explorer's update, a
    RuntimeWarning while it diverges) belongs to no cell: JupyterLab sends it
    to the log console and flashes a counter in the status bar.  Reading the
    messages opens the log console, so call this last (after screenshots).
    """
    item = page.locator(".jp-LogConsoleStatusItem")
    if not item.count() or not item.first.is_visible():
        return []
    match = re.search(r"\d+", item.first.text_content() or "")
    if not match or int(match.group()) == 0:
        return []
    item.first.click()
    entries = page.locator(".jp-LogConsolePanel .jp-OutputArea-child")
    try:
        entries.first.wait_for(state="attached", timeout=timeout_ms)
        texts = [t.strip() for t in entries.all_text_contents()]
    except Exception:
        texts = []
    return texts or [f"{match.group()} message(s) (could not read the log console)"]


# --------------------------------------------------------------------------
# Explorers
# --------------------------------------------------------------------------
def _wait_kernel_idle(page, timeout_ms: float) -> None:
    page.wait_for_function(_KERNEL_IDLE_JS, arg=PANEL, timeout=timeout_ms, polling=100)


def figure_digest(img) -> tuple[str, str]:
    """(src, sha256:len) of the figure's current bytes; retries if the blob was revoked meanwhile."""
    last = None
    for _ in range(5):
        try:
            return tuple(img.evaluate(_IMG_DIGEST_JS))
        except Exception as exc:  # blob revoked by a newer value between reading src and fetching
            last = exc
            time.sleep(0.2)
    raise HarnessError(f"could not read the figure's bytes: {last}")


#: Has the figure kept the stamp it had when it last settled, with no frame requested?
_STILL_SETTLED_JS = ("(el, stamp) => el.gdSettled === stamp "
                     "&& !(el.gdPicture && el.gdPicture.pending)")


def _settled_digest(page, img, timeout_ms: float) -> tuple[str, str]:
    """Digest once the kernel is idle and the src has stopped changing (0.4 s).

    A figure that has not changed since it last settled here, with the kernel idle and no
    frame requested, is still settled: the digest is taken at once (each control's "before"
    follows the previous control's "after")."""
    src = img.evaluate(_STAMP_JS)
    if img.evaluate(_STILL_SETTLED_JS, src) and page.evaluate(_KERNEL_IDLE_JS, PANEL):
        return figure_digest(img)
    deadline = time.monotonic() + timeout_ms / 1000
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        _wait_kernel_idle(page, timeout_ms)
        time.sleep(0.15)
        now = img.evaluate(_STAMP_JS)
        if now != src:
            src, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= 0.4:
            img.evaluate("(el, stamp) => { el.gdSettled = stamp; }", src)
            break
    return figure_digest(img)


@dataclass
class ControlReport:
    name: str
    kind: str
    before: str
    after: str
    value_before: str | None = None
    value_after: str | None = None


def _control_name(classes: str) -> str | None:
    for cls in classes.split():
        if cls.startswith("gd-control-"):
            return cls[len("gd-control-"):]
    return None


def _press_slider(handle, keys: list[str]) -> None:
    handle.focus()
    for key in keys:
        handle.press(key)


def slider_value(control) -> str:
    """What the slider shows: aria-valuetext (full precision) and its readout.

    aria-valuenow is rounded to one decimal, too coarse to see one step."""
    handle = control.locator(".noUi-handle").first
    readout = control.locator(".widget-readout").first
    text = readout.text_content() if readout.count() else ""
    return f"{handle.get_attribute('aria-valuetext')} ({text.strip()})"


def move_slider(control, steps: int = 3) -> tuple[str, str]:
    """Press ArrowRight ``steps`` times (ArrowLeft where the slider is at its end); (before, after)."""
    handle = control.locator(".noUi-handle").first
    before = slider_value(control)
    for key in ("ArrowRight", "ArrowLeft"):
        _press_slider(handle, [key] * steps)
        after = slider_value(control)
        if after != before:
            return before, after
    raise HarnessError(f"slider did not move with the keyboard (it stayed at {before})")


def choose_next_option(control) -> tuple[str, str]:
    """Pick the option after the current one (the first after the last) of a dropdown."""
    select = control.locator("select").first
    options = select.locator("option").all_text_contents()
    before = select.evaluate("s => s.options[s.selectedIndex].text")
    select.select_option(index=(options.index(before) + 1) % len(options))
    after = select.evaluate("s => s.options[s.selectedIndex].text")
    if after == before:
        raise HarnessError(f"dropdown did not change (it stayed at {before!r})")
    return before, after


def press_next_button(control) -> tuple[str, str]:
    """Press the toggle button after the active one (the first after the last)."""
    buttons = control.locator("button")
    names = [t.strip() for t in buttons.all_text_contents()]
    active = control.locator("button.mod-active").first
    before = (active.text_content() or "").strip() if active.count() else ""
    nxt = (names.index(before) + 1) % len(names) if before in names else 0
    buttons.nth(nxt).click()
    after = (control.locator("button.mod-active").first.text_content() or "").strip()
    if after == before:
        raise HarnessError(f"toggle buttons did not change (they stayed at {before!r})")
    return before, after


def move_control_and_check_figure(page, explorer, control, *, redraw_timeout_ms: float = 15_000) -> ControlReport:
    """Move one control; raise HarnessError unless the explorer's figure bytes change."""
    classes = control.get_attribute("class") or ""
    name = _control_name(classes) or "?"
    img = explorer.locator(FIGURE).first
    img.wait_for(state="attached", timeout=redraw_timeout_ms)
    before_src, before = _settled_digest(page, img, redraw_timeout_ms)
    handle = control.locator(".noUi-handle").first
    checkbox = control.locator("input[type=checkbox]").first
    if handle.count():
        kind = "slider"
        try:
            value_before, value_after = move_slider(control)
        except HarnessError as exc:
            raise HarnessError(f"{name!r}: {exc}") from None
    elif checkbox.count():
        kind = "checkbox"
        value_before = str(checkbox.is_checked())
        checkbox.click()
        value_after = str(checkbox.is_checked())
    elif control.locator("select").count():
        kind = "dropdown"
        value_before, value_after = choose_next_option(control)
    elif control.locator("button").count():
        kind = "toggle buttons"
        value_before, value_after = press_next_button(control)
    else:
        raise HarnessError(f"control {name!r} is neither a slider, a checkbox, a dropdown nor "
                           f"toggle buttons (classes: {classes})")
    try:
        page.wait_for_function(
            _STAMP_CHANGED_JS,
            arg=[img.element_handle(), before_src],
            timeout=redraw_timeout_ms,
            polling=100,
        )
    except Exception:
        raise HarnessError(
            f"figure did not change after moving {kind} {name!r} from {value_before} to {value_after} "
            f"(no new image within {redraw_timeout_ms / 1000:.0f}s)"
        ) from None
    _, after = _settled_digest(page, img, redraw_timeout_ms)
    if after == before:
        raise HarnessError(
            f"figure did not change after moving {kind} {name!r} from {value_before} to {value_after} "
            "(a new image was sent but its bytes are identical)"
        )
    return ControlReport(name, kind, before, after, value_before, value_after)


def check_divergence(page, explorer, *, timeout_ms: float = 15_000) -> str:
    """Push the learning rate to its maximum (End key); once the explorer has
    redrawn for it, the status must say 'diverged'.

    Waiting for the redraw matters: the status may say "diverged" already
    (an α a few steps up can diverge on raw features), and that must not
    pass for the answer to the largest α.
    """
    control = explorer.locator(".gd-control-lr").first
    handle = control.locator(".noUi-handle").first
    status = explorer.locator(".gd-status").first
    img = explorer.locator(FIGURE).first
    before_src, _ = _settled_digest(page, img, timeout_ms)
    before = slider_value(control)
    _press_slider(handle, ["End"])
    if slider_value(control) != before:  # else α was at its maximum already
        try:
            page.wait_for_function(
                _STAMP_CHANGED_JS,
                arg=[img.element_handle(), before_src], timeout=timeout_ms, polling=100,
            )
        except Exception:
            raise HarnessError(
                f"figure did not change after End on the α slider ({before} -> {slider_value(control)})"
            ) from None
        _settled_digest(page, img, timeout_ms)
    text = status.text_content() or ""
    if not re.search("diverged|divergió", text, re.I):   # English or Spanish edition
        raise HarnessError(
            f"status did not say 'diverged' ('divergió') with the largest learning rate "
            f"(α slider at {slider_value(control)}; status: {text!r})"
        )
    return text


def exercise_explorer(page, explorer, *, redraw_timeout_ms: float = 15_000) -> list[ControlReport]:
    """Move every control of one explorer, then check divergence if it has an `lr` control."""
    if explorer.locator(".gd-figure").count() == 0:
        raise HarnessError("explorer has no .gd-figure")
    if explorer.locator(".gd-status").count() == 0:
        raise HarnessError("explorer has no .gd-status")
    explorer.scroll_into_view_if_needed()
    controls = explorer.locator(".gd-control")
    n = controls.count()
    if n == 0:
        raise HarnessError("explorer has no .gd-control")
    reports = []
    names = []
    for i in range(n):
        control = controls.nth(i)
        if control.locator(".noUi-target[disabled], input:disabled, select:disabled, button:disabled").count():
            continue  # a control the explorer switched off cannot be moved by a student either
        names.append(_control_name(control.get_attribute("class") or ""))
        reports.append(move_control_and_check_figure(page, explorer, control, redraw_timeout_ms=redraw_timeout_ms))
    if "lr" in names:
        check_divergence(page, explorer, timeout_ms=redraw_timeout_ms)
    return reports


# --------------------------------------------------------------------------
# One notebook, every check
# --------------------------------------------------------------------------
def screenshots(page, artifacts_dir: Path, stem: str) -> None:
    """The page as it is now, plus each explorer on its own (the notebook scrolls inside the page)."""
    try:
        for old in artifacts_dir.glob(f"{stem}*.png"):
            old.unlink()
        page.screenshot(path=str(artifacts_dir / f"{stem}.png"))
        explorers = page.locator(f"{PANEL} .gd-explorer")
        for k in range(explorers.count()):
            explorers.nth(k).screenshot(path=str(artifacts_dir / f"{stem}-explorer-{k + 1}.png"), timeout=10_000)
    except Exception as exc:  # a screenshot must never hide the real failure
        print(f"screenshot of {stem} failed: {exc}")


def check_notebook_in_browser(
    lab,
    nb_file: Path,
    api_path: str,
    artifacts_dir: Path,
    *,
    stem: str | None = None,
    run_timeout_ms: float = 180_000,
    redraw_timeout_ms: float = 15_000,
) -> list[str]:
    """Open, run and check one notebook in ``lab`` (a server.Lab); return the problems ([] if none).

    Run All Cells from a cleared notebook; no error or stderr output, every
    widget rendered, as many explorers as the source displays; in each
    explorer every control, moved with the keyboard, changes the figure's
    bytes and the largest α says "diverged"; no browser console error and
    nothing in JupyterLab's log console.  Screenshots go to artifacts_dir.
    """
    stem = stem or Path(nb_file).stem
    facts = notebook_facts(nb_file)
    log = ConsoleLog()
    page = lab.context.new_page()
    log.attach(page)
    problems: list[str] = []
    timings = {}
    t0 = time.monotonic()
    try:
        open_notebook(page, lab.url(api_path))
        timings["open"] = time.monotonic() - t0
        run_all_cells(page, facts, timeout_ms=run_timeout_ms)
        timings["run"] = time.monotonic() - t0 - timings["open"]
        problems += check_outputs(page, facts)
        problems += check_explorer_count(page, facts)
        explorers = page.locator(f"{PANEL} .gd-explorer")
        for k in range(explorers.count()):
            try:
                exercise_explorer(page, explorers.nth(k), redraw_timeout_ms=redraw_timeout_ms)
            except HarnessError as exc:
                problems.append(f"explorer {k + 1}: {exc}")
        timings["explore"] = time.monotonic() - t0 - timings["open"] - timings["run"]
    except HarnessError as exc:
        problems.append(str(exc))
    except Exception as exc:  # a Playwright timeout etc.: report it with the rest
        problems.append(f"{type(exc).__name__}: {str(exc).strip()[:2000]}")
    finally:
        screenshots(page, artifacts_dir, stem)
        try:
            problems += [f"log console: {m[-2000:]}" for m in log_console_messages(page)]
        except Exception as exc:
            problems.append(f"could not read the log console: {exc}")
        try:
            lab.server.shutdown_kernels_for(api_path)
        except Exception as exc:
            problems.append(f"could not shut the kernel down: {exc}")
        page.close()
        # console errors are collected up to the very end (page.close included)
        problems += [f"browser console: {e}" for e in log.errors]
        print(f"{stem}: " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))
    return problems

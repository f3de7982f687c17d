"""An explorer's page module run alone in a blank Chromium page, with no kernel and no Jupyter.

The module gets a stand-in for its widget model: the figure's own ``problem``, ``texts`` and
values, as the kernel would send them (bytes as DataViews), with ``get``/``set``/``on``/``off``.
Used by the parity tests (``load_module``: the module's exported functions) and by the
benchmarks (``render`` then ``time_draws``: the recompute + draw of one picture, in the page).
"""
from __future__ import annotations

import base64
import math

from gdlib.widgets import front


def packed(value):
    """A trait's value as JSON for the page: bytes as base64 (``unpack`` in the page makes them
    DataViews again, as ipywidgets does for binary buffers)."""
    if isinstance(value, memoryview | bytes):
        return {"__bytes__": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict):
        return {k: packed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [packed(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


_LOAD = """async ([source]) => {
  const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
  window.gd = await import(url);
  window.unpack = (v) => {
    if (v && typeof v === "object" && "__bytes__" in v) {
      const s = atob(v.__bytes__), a = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
      return new DataView(a.buffer);
    }
    if (Array.isArray(v)) return v.map(unpack);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unpack(x)]));
    return v;
  };
  window.plain = (run) => ({losses: Array.from(run.losses), trajectory: run.trajectory.map((p) => Array.from(p)),
                            updates: run.updates, epochsRun: run.epochsRun, diverged: run.diverged});
}"""

_RENDER = """async ([state]) => {
  state = unpack(state);
  const handlers = {};
  const model = {
    get: (name) => state[name],
    set: (name, value) => { state[name] = value; (handlers["change:" + name] || []).forEach((f) => f()); },
    on: (event, f) => (handlers[event] = handlers[event] || []).push(f),
    off: (event, f) => { handlers[event] = (handlers[event] || []).filter((g) => g !== f); },
    save_changes: () => {},
  };
  const el = document.createElement("div");
  el.className = "gd-explorer";
  document.body.append(el);
  window.gdState = state;
  window.gdModel = model;
  await gd.default.render({model, el});
  await new Promise((done) => {          // until the first picture is on the canvas
    const wait = () => (el.querySelector("canvas")?.dataset.frames ? done() : requestAnimationFrame(wait));
    wait();
  });
}"""

_TIME = """([name, values, repeat, fixed]) => {
  const canvas = document.querySelector("canvas.gd-figure");
  const picture = canvas.gdPicture;
  Object.assign(gdState, fixed);
  const times = [];
  for (let i = 0; i < repeat; i++) {
    gdState[name] = values[i % values.length];
    const t0 = performance.now();
    picture.draw(picture.ctx);
    times.push(performance.now() - t0);
  }
  return times;
}"""


def load_module(page, kind):
    """Import the ES module of an explorer kind into ``page`` as ``window.gd``."""
    page.goto("about:blank")
    page.evaluate(_LOAD, [front.module(kind)])


def state_of(explorer):
    """What the kernel sends the page: the figure's problem, texts and every value."""
    fig = explorer.figure
    state = {"problem": fig.problem, "texts": fig.texts}
    for name in explorer.controls:
        state[name] = getattr(fig, name)
    return packed(state)


def render(page, explorer):
    """The explorer's figure rendered in a blank page by its own module, without a kernel."""
    load_module(page, explorer.figure.kind)
    page.evaluate(_RENDER, [state_of(explorer)])


def time_draws(page, name, values, repeat=30, fixed=None):
    """ms of each recompute + draw of the rendered figure while control ``name`` takes
    ``values`` in turn, the other controls at ``fixed`` (or as they are) (the page's clock).
    A menu's value is its index, as the page gets it."""
    return page.evaluate(_TIME, [name, list(values), repeat, fixed or {}])

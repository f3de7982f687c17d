"""What happens in the page between a key press and new pixels, with timestamps taken there.

``PROBE_JS`` is installed in the page before JupyterLab loads (``page.add_init_script``).
It records, on the page's own clock (``performance.now()``, ms):

* ``keydown`` / ``pointerdown`` / ``pointerup`` (capture phase, from ``event.timeStamp``);
* every message on the kernel's WebSocket, both ways: its size, channel, type, msg_id,
  parent's msg_id, the kernel's own timestamp (``header.date``, put on the page's clock),
  and for widget messages the comm id, the method, the state keys and buffer sizes;
* for every explorer figure (``img.gd-figure``): each new ``src``, when that image is
  decoded (``img.decode()``; a decode overtaken by a newer image is recorded as dropped),
  and the first animation frame after it: from then on the new pixels are on screen;
* for every explorer drawn in the browser (``canvas.gd-figure``): the 2-D context's drawing
  calls are wrapped, so the first call after a frame starts a new picture (a ``src`` event,
  ``canvas#N``), the last call before the next animation frame finishes it (``decoded``),
  and that frame puts it on screen (``frame``), whoever drew it;
* every change of a status line (``.gd-status``), and the height of its explorer;
* layout shifts and long tasks (PerformanceObserver).

``window.__gdProbe.take()`` hands the records to the test and empties the buffers.
``breakdown(...)`` (Python) turns the records of one key press into stages.
"""
from __future__ import annotations

import datetime as _dt
import statistics

PROBE_JS = r"""
(() => {
  if (window.__gdProbe) return;
  const P = window.__gdProbe = {events: [], wire: [], observed: new WeakSet()};
  const now = () => performance.now();
  const dec = new TextDecoder();
  // The kernel's ISO date (µs) on the page's clock, in ms.  The offset between the wall
  // clock and performance.now() is read at every message, not taken from timeOrigin: the
  // two clocks drift apart in a long-lived page (by seconds on a loaded machine).
  const kernelTime = (date) => {
    if (!date) return null;
    const m = /\.(\d+)/.exec(date);
    const extra = m ? (Number(('0.' + m[1]).padEnd(8, '0')) * 1000) % 1 : 0;
    return Date.parse(date) + extra - (Date.now() - performance.now());
  };
  const summary = (dir, data, t) => {
    let msg = null, bytes = 0, buffers = [];
    try {
      if (typeof data === 'string') {
        bytes = data.length; msg = JSON.parse(data);
      } else {
        const buf = data instanceof ArrayBuffer ? data : data.buffer;
        bytes = buf.byteLength;
        const dv = new DataView(buf);
        const n = Number(dv.getBigUint64(0, true)), offs = [];
        for (let i = 0; i < n; i++) offs.push(Number(dv.getBigUint64(8 * (i + 1), true)));
        const part = (i) => dec.decode(new Uint8Array(buf, offs[i], offs[i + 1] - offs[i]));
        msg = {channel: part(0), header: JSON.parse(part(1)), parent_header: JSON.parse(part(2)),
               content: JSON.parse(part(4))};
        for (let i = 5; i < offs.length - 1; i++) buffers.push(offs[i + 1] - offs[i]);
      }
    } catch (e) { return {dir, t, bytes, error: String(e)}; }
    const c = msg.content || {}, d = c.data || {};
    return {dir, t, bytes, buffers, channel: msg.channel, type: msg.header.msg_type,
            id: msg.header.msg_id, parent: (msg.parent_header || {}).msg_id || null,
            kt: kernelTime(msg.header.date), state: c.execution_state || null,
            comm: c.comm_id || null, method: d.method || null,
            keys: d.state ? Object.keys(d.state) : null,
            value: d.state && typeof d.state.value === 'number' ? d.state.value : null};
  };
  const Native = window.WebSocket;
  class ProbedWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).includes('/api/kernels/')) {
        this.addEventListener('message', (e) => P.wire.push(summary('in', e.data, now())));
      }
    }
    send(data) {
      if (String(this.url).includes('/api/kernels/')) P.wire.push(summary('out', data, now()));
      return super.send(data);
    }
  }
  window.WebSocket = ProbedWebSocket;

  for (const type of ['keydown', 'pointerdown', 'pointerup']) {
    document.addEventListener(type, (e) => P.events.push({type, t: e.timeStamp, key: e.key || null}),
                              true);
  }
  const explorerOf = (el) => {
    const all = [...document.querySelectorAll('.gd-explorer')];
    return all.indexOf(el.closest('.gd-explorer'));
  };
  const watchImage = (img) => {
    if (P.observed.has(img)) return;
    P.observed.add(img);
    new MutationObserver(() => {
      const t = now(), src = img.src, k = explorerOf(img);
      P.events.push({type: 'src', t, k, src});
      img.decode().then(
        () => { const td = now();
                requestAnimationFrame(() => P.events.push({type: 'frame', t: now(), decoded: td, k, src})); },
        () => P.events.push({type: 'dropped', t: now(), k, src}));
    }).observe(img, {attributes: true, attributeFilter: ['src']});
  };
  // Canvas figures: wrap the drawing calls of every 2-D context, stamp the next frame.
  const drawing = new Map();       // canvas -> {k, src, t, last}
  let pictures = 0;
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['drawImage', 'fill', 'stroke', 'fillRect', 'fillText', 'putImageData', 'clearRect']) {
    const original = proto[name];
    proto[name] = function (...args) {
      const canvas = this.canvas;
      if (canvas && canvas.classList && canvas.classList.contains('gd-figure')) {
        const t = now();
        let d = drawing.get(canvas);
        if (!d) {
          d = {k: explorerOf(canvas), src: 'canvas#' + (++pictures), t, last: t};
          drawing.set(canvas, d);
          P.events.push({type: 'src', t, k: d.k, src: d.src, canvas: true});
          requestAnimationFrame(() => {
            drawing.delete(canvas);
            P.events.push({type: 'frame', t: now(), decoded: d.last, k: d.k, src: d.src, canvas: true});
          });
        }
        const out = original.apply(this, args);
        d.last = now();
        return out;
      }
      return original.apply(this, args);
    };
  }
  const watchStatus = (el) => {
    if (P.observed.has(el)) return;
    P.observed.add(el);
    new MutationObserver(() => {
      const box = el.closest('.gd-explorer');
      P.events.push({type: 'status', t: now(), k: explorerOf(el), text: el.textContent,
                     height: box ? box.getBoundingClientRect().height : null});
    }).observe(el, {childList: true, subtree: true, characterData: true});
  };
  // New figures and status lines, looked for in the added nodes only: the measurement should
  // not scan the whole page after every change (a status line's text, a slider's readout),
  // several times a frame during a drag.
  const look = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches('img.gd-figure')) watchImage(node);
    if (node.matches('.gd-status')) watchStatus(node);
    node.querySelectorAll('img.gd-figure').forEach(watchImage);
    node.querySelectorAll('.gd-status').forEach(watchStatus);
  };
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(look)))
    .observe(document, {childList: true, subtree: true});
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) =>
      P.events.push({type: 'shift', t: e.startTime, value: e.value}))).observe({type: 'layout-shift'});
    new PerformanceObserver((list) => list.getEntries().forEach((e) =>
      P.events.push({type: 'longtask', t: e.startTime, duration: e.duration}))).observe({type: 'longtask'});
  } catch (e) { /* not in this browser */ }
  P.take = () => { const out = {events: P.events, wire: P.wire}; P.events = []; P.wire = []; return out; };
  P.clear = () => { P.events = []; P.wire = []; };
})();
"""

#: The stages of one key press, in order (ms between the two moments named).
STAGES = (
    ("front end: key → message sent", "key", "sent"),
    ("to the kernel (server hop)", "sent", "kernel_busy"),
    ("kernel: run + redraw + PNG", "kernel_busy", "kernel_image"),
    ("back to the page (server hop)", "kernel_image", "image_in"),
    ("widget manager: message → img.src", "image_in", "src"),
    ("decode the PNG", "src", "decoded"),
    ("to the next frame", "decoded", "frame"),
)
#: The same for a figure drawn in the browser (no kernel in the way).
CANVAS_STAGES = (
    ("front end: key → drawing starts (the rerun in JS)", "key", "src"),
    ("drawing (JS)", "src", "decoded"),
    ("to the next frame", "decoded", "frame"),
)


def press_timeline(records: dict, t_key: float, k: int) -> dict | None:
    """The moments of one key press on explorer ``k``: key, sent, kernel_busy, kernel_image,
    image_in, status_in, idle_in, kernel_idle, src, decoded, frame (ms, page clock), and
    the bytes of the figure's message; None when no new figure followed the key."""
    wire = [w for w in records["wire"] if w["t"] >= t_key]
    sent = next((w for w in wire if w["dir"] == "out" and w.get("type") == "comm_msg"), None)
    frame = next((e for e in records["events"] if e["type"] == "frame" and e["k"] == k
                  and e["t"] > t_key), None)
    if frame is None or (sent is None and not frame.get("canvas")):
        return None        # a canvas needs no message to the kernel to show a new picture
    src = next(e for e in records["events"] if e["type"] == "src" and e["src"] == frame["src"])
    replies = [w for w in wire if sent and w["dir"] == "in" and w.get("parent") == sent["id"]]
    images = [w for w in replies if w.get("type") == "comm_msg" and w.get("buffers")]
    busy = next((w for w in replies if w.get("state") == "busy"), None)
    idle = next((w for w in replies if w.get("state") == "idle"), None)
    # the figure may also come from a later message (a kernel that coalesces moves)
    image = images[-1] if images or sent is None else next(
        (w for w in records["wire"] if w["dir"] == "in" and w.get("buffers") and w["t"] <= src["t"]
         and w["t"] >= sent["t"]), None)
    timeline = {"key": t_key, "sent": sent["t"] if sent else None, "src": src["t"], "decoded": frame["decoded"],
                "canvas": bool(frame.get("canvas")),
                "frame": frame["t"], "image_bytes": image["bytes"] if image else None,
                "messages_in": len(replies),
                "layout_shifts": sum(e["type"] == "shift" and t_key <= e["t"] <= frame["t"]
                                     for e in records["events"]),
                "long_tasks_ms": sum(e["duration"] for e in records["events"]
                                     if e["type"] == "longtask" and t_key <= e["t"] <= frame["t"])}
    if busy:
        timeline["kernel_busy"] = busy["kt"]
    if image:
        timeline["kernel_image"], timeline["image_in"] = image["kt"], image["t"]
    if idle:
        timeline["kernel_idle"], timeline["idle_in"] = idle["kt"], idle["t"]
    status = [w for w in replies if w.get("type") == "comm_msg" and not w.get("buffers")
              and w.get("keys") == ["value"]]
    if status:
        timeline["status_in"] = status[-1]["t"]
    return timeline


def stages(timeline: dict) -> dict:
    """{stage: ms} for one press (stages whose moments are missing are left out)."""
    out = {}
    for name, a, b in CANVAS_STAGES if timeline.get("canvas") else STAGES:
        if a in timeline and b in timeline:
            out[name] = timeline[b] - timeline[a]
    out["total: key → new pixels"] = timeline["frame"] - timeline["key"]
    return out


def median_stages(timelines: list[dict]) -> dict:
    """The median of each stage over presses (the medians need not add up to the total)."""
    per = [stages(t) for t in timelines]
    names = [n for n, _, _ in STAGES + CANVAS_STAGES] + ["total: key → new pixels"]
    return {n: statistics.median([p[n] for p in per if n in p]) for n in names
            if any(n in p for p in per)}


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

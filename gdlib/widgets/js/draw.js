// Drawing an explorer in the browser: matplotlib's picture of what does not move (sent once),
// and the marks that move, drawn over it on a canvas in the same colours and line widths.
//
// A backdrop (gdlib.widgets.front.backdrop) is {png, size: [width, height], axes: [...]},
// each axes {box: [left, top, right, bottom] in the image's pixels, x: [lo, hi], y: [lo, hi],
// xlog, ylog}; a loss panel has `tiles`, its x-axis drawn by matplotlib for several ranges
// [0, xmax] ({xmax, png, at: [left, top]}), of which the smallest that holds the run is shown.

const DPI = 96;
/** matplotlib's sizes are in points: 1 pt = 96/72 px at the course's dpi. */
export const PT = DPI / 72;

/** The bytes of a DataView (a binary trait) as a Float64Array / Int32Array (little-endian). */
export const f64 = (v) => new Float64Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
export const i32 = (v) => new Int32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));

/** A PNG sent as bytes, decoded once. */
export function image(view) {
  return createImageBitmap(new Blob([view], { type: "image/png" }));
}

/** Python's format(x, ".{p}g"): 0.0001234, 1.5e-05, 2e+03. */
export function fmtG(x, p) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const [mantissa, exp] = x.toExponential(p - 1).split("e");
  const e = Number(exp);
  const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (e < -4 || e >= p) return `${strip(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return strip(x.toFixed(Math.max(0, p - 1 - e)));
}

/** Python's format(x, ".{p}f") and format(x, ".{p}%"). */
export const fmtF = (x, p) => x.toFixed(p);
export const fmtPercent = (x, p) => `${(x * 100).toFixed(p)}%`;

/** str.format with named fields: fill("a {x} b", {x: 1}) → "a 1 b". */
export function fill(template, fields) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in fields ? String(fields[name]) : whole));
}

/** A ngettext pair [singular, plural] chosen for n (English and Spanish: n = 1 is singular). */
export const plural = (forms, n) => forms[n === 1 ? 0 : 1];

/** Data → pixel for one axes of a backdrop. */
export class Axes {
  constructor({ box, x, y, xlog, ylog }) {
    this.box = box;
    this.setX(x, xlog);
    this.setY(y, ylog);
  }
  setX([lo, hi], log = this.xlog) {
    this.xlog = log;
    this.xf = log ? Math.log10 : (v) => v;
    this.x0 = this.xf(lo); this.x1 = this.xf(hi);
  }
  setY([lo, hi], log = this.ylog) {
    this.ylog = log;
    this.yf = log ? Math.log10 : (v) => v;
    this.y0 = this.yf(lo); this.y1 = this.yf(hi);
  }
  px(v) {
    const [left, , right] = this.box;
    return clamp(left + ((this.xf(v) - this.x0) / (this.x1 - this.x0)) * (right - left));
  }
  py(v) {
    const [, top, , bottom] = this.box;
    return clamp(bottom - ((this.yf(v) - this.y0) / (this.y1 - this.y0)) * (bottom - top));
  }
  clip(ctx) {
    const [left, top, right, bottom] = this.box;
    ctx.beginPath();
    ctx.rect(left, top, right - left, bottom - top);
    ctx.clip();
  }
}

// a canvas draws nothing sensible far outside it (and nothing at all at ±Infinity)
const clamp = (p) => (Number.isNaN(p) ? NaN : Math.max(-1e5, Math.min(1e5, p)));

/**
 * The explorer's element: a status line over a canvas the size of the backdrop.
 * `draw(ctx)` is called at most once per animation frame, and only after `request()`:
 * nothing runs while nothing changes.
 */
export class Picture {
  constructor(el, [width, height], draw) {
    this.status = document.createElement("div");
    this.status.className = "gd-status";
    this.status.style.cssText = "margin: 2px 0 4px 0; line-height: 1.4;";
    // The status line never shrinks: a line that wraps one way for one value and not for the
    // next would move the figure under it up and down while a slider is dragged.
    this.resize = new ResizeObserver(([entry]) => {
      const height = entry.borderBoxSize[0].blockSize;
      if (height > (parseFloat(this.status.style.minHeight) || 0)) this.status.style.minHeight = `${height}px`;
    }).observe(this.status);
    this.canvas = document.createElement("canvas");
    this.canvas.className = "gd-figure";
    this.canvas.style.cssText = `width: 100%; max-width: ${width}px; height: auto; display: block;`;
    const scale = Math.max(1, Math.round(window.devicePixelRatio || 1));
    this.canvas.width = width * scale;
    this.canvas.height = height * scale;
    this.ctx = this.canvas.getContext("2d");
    this.ctx.scale(scale, scale);
    this.width = width; this.height = height;
    this.draw = draw;
    this.pending = 0;
    this.frames = 0;
    this.canvas.gdPicture = this;   // for the benchmarks (browserkit/standalone.py) and the tests'
                                    // waits (`pending`: browserkit/driver.py, test_site.py)
    el.append(this.status, this.canvas);
  }
  /** Draw anew whenever one of the model's traits `names` changes, and once now; the cleanup
   * function a render returns (anywidget calls it when the view goes). */
  follow(model, names) {
    const redraw = () => this.request();
    for (const name of names) model.on(`change:${name}`, redraw);
    this.request();
    return () => {
      this.cancel();
      this.resize.disconnect();
      for (const name of names) model.off(`change:${name}`, redraw);
    };
  }
  request() {
    if (!this.pending) this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw(this.ctx);
      this.frames += 1;
      this.canvas.dataset.frames = String(this.frames);   // what tests and benchmarks watch
    });
  }
  cancel() {
    cancelAnimationFrame(this.pending);
    this.pending = 0;
  }
}

/** A polyline through (xs[i], ys[i]) in data units; matplotlib's lw (points), colour, dashes. */
export function line(ctx, ax, xs, ys, { color, lw = 1.5, dash = null, start = 0 } = {}) {
  ctx.save();
  ax.clip(ctx);
  ctx.strokeStyle = color;
  ctx.lineWidth = lw * PT;
  ctx.lineJoin = "round";
  ctx.lineCap = "butt";
  if (dash) ctx.setLineDash(dash.map((d) => d * lw * PT));
  ctx.beginPath();
  let down = false;
  for (let i = start; i < xs.length; i++) {
    const x = ax.px(xs[i]), y = ax.py(ys[i]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) { down = false; continue; }
    if (down) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    down = true;
  }
  ctx.stroke();
  ctx.restore();
}

/**
 * One circle marker, drawn once (face, then edge) on its own small canvas, centred on a corner
 * of its device pixels: {image, centre}. Kept per look and pixel ratio. Where the browser has
 * an OffscreenCanvas the image is a bitmap (drawn without a copy of a canvas); Safari before
 * 16.4 gets a canvas element.
 */
const stamps = new Map();
function stamp(color, face, ms, edge, scale) {
  const key = [color, face, ms, edge, scale].join(" ");
  if (!stamps.has(key)) {
    const r = (ms * PT * scale) / 2, lw = edge * PT * scale;
    const centre = Math.ceil(r + lw / 2) + 1;
    const size = 2 * centre;
    const canvas = typeof OffscreenCanvas === "function" ? new OffscreenCanvas(size, size)
      : Object.assign(document.createElement("canvas"), { width: size, height: size });
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = face;
    ctx.strokeStyle = color;
    ctx.lineWidth = lw;
    ctx.beginPath();
    ctx.arc(centre, centre, r, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    const image = canvas.transferToImageBitmap ? canvas.transferToImageBitmap() : canvas;
    stamps.set(key, { image, centre });
  }
  return stamps.get(key);
}

/**
 * Circle markers: ms is matplotlib's marker size (diameter, points). As matplotlib's Agg
 * renderer does (RendererAgg::draw_markers), the marker is drawn once and stamped at each
 * point rounded to whole device pixels: a thousand markers cost a thousand small copies.
 */
export function markers(ctx, ax, xs, ys, { color, ms = 3, face = color, edge = 1.0 } = {}) {
  const scale = ctx.getTransform().a;
  const { image, centre } = stamp(color, face, ms, edge, scale);
  ctx.save();
  ax.clip(ctx);
  for (let i = 0; i < xs.length; i++) {
    const x = ax.px(xs[i]), y = ax.py(ys[i]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const left = Math.round(x * scale) - centre, top = Math.round(y * scale) - centre;
    ctx.drawImage(image, left / scale, top / scale, image.width / scale, image.height / scale);
  }
  ctx.restore();
}

/** gdlib.plots.draw_path: the trajectory "o-" (ms 3, lw 1.2), its start circled (ms 8, white). */
export function path(ctx, ax, ws, bs, color) {
  line(ctx, ax, ws, bs, { color, lw: 1.2 });
  markers(ctx, ax, ws, bs, { color, ms: 3, edge: 1.0 });
  markers(ctx, ax, ws.subarray(0, 1), bs.subarray(0, 1), { color, ms: 8, face: "white", edge: 2 });
}

/** The "diverged" label in the middle of an axes (gdlib.widgets.base.diverged_label). */
export function divergedLabel(ctx, ax, text) {
  const [left, top, right, bottom] = ax.box;
  ctx.save();
  ctx.font = `bold ${26 * PT}px "DejaVu Sans", Verdana, sans-serif`;
  ctx.fillStyle = "#c92a2a";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, (left + right) / 2, (top + bottom) / 2);
  ctx.restore();
}

/** The x-axis tile of a loss panel for a run of `last` updates (or epochs): the smallest
 * range [0, xmax] that holds it. Sets the axes' x range; returns the tile to draw. */
export function pickTile(ax, tiles, last) {
  const tile = tiles.find((t) => t.xmax >= last) || tiles[tiles.length - 1];
  ax.setX([0, tile.xmax], false);
  return tile;
}

/** Load every picture of a backdrop: {image, axes: [Axes], tiles: [[{xmax, image, at}]]}. */
export async function loadBackdrop(spec) {
  const tiles = await Promise.all((spec.tiles || []).map((list) =>
    Promise.all(list.map(async (t) => ({ ...t, image: await image(t.png) })))));
  return { image: await image(spec.png), size: spec.size, axes: spec.axes.map((a) => new Axes(a)), tiles };
}

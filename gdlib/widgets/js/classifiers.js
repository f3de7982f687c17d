// Explorers of notebooks 05–06 (gdlib.widgets.classifiers): the logistic and softmax neurons
// on 2-D data. GD / SGD rerun on every slider move; drawn over matplotlib's backdrop: the
// boundary σ(wᵀx + b) = 0.5 with ŷ = 0.1 and 0.9 dotted (logistic) or the regions
// arg max_k ŷ_k under the points and the legend (softmax), and the loss curve.
//
// The models are gdlib.logistic and gdlib.softmax: the same formulas, in the same order, as
// stable as they are (tests/e2e/test_parity_classifiers.py compares them with gdlib). The
// logits z = Xw + b are descent.js's `linear.logits` (front.module puts descent.js first).

const GD_COLOR = "#1f5fbf";

/** np.logaddexp(0.0, v) = log(1 + e^v), as numpy computes it (npy_logaddexp). */
function logaddexp0(v) {
  if (v === 0) return Math.LN2;
  const tmp = -v;                      // x - y with x = 0
  if (tmp > 0) return Math.log1p(Math.exp(-tmp));
  if (tmp <= 0) return v + Math.log1p(Math.exp(tmp));
  return tmp;                          // NaN
}

/** gdlib.logistic.sigmoid: σ(z) = exp(−log(1 + e^{−z})), which never overflows. */
export const sigmoid = (z) => Math.exp(-logaddexp0(-z));

/** The logistic neuron with binary cross-entropy (gdlib.logistic). θ = [w (d), b (1)]. */
export const logistic = {
  /** mean(log(1 + e^{(1 − 2y) z})): loss_from_logits. */
  loss({ X, y, n, d }, [w, b]) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;                                 // z = Xw + b, as linear.logits
      for (let j = 0; j < d; j++) z += X[i * d + j] * w[j];
      z += b[0];
      s += logaddexp0((1 - 2 * y[i]) * z);
    }
    return s / n;
  },
  gradient(data, params, rows) {
    return logistic.gradientFrom(data, linear.logits(data, params, rows), rows);
  },
  /** (Xᵀr / m, Σr / m) with r = σ(z) − y: gradient_from_logits. */
  gradientFrom({ X, y, d }, z, rows) {
    const m = z.length;
    const gw = new Float64Array(d);
    let gb = 0;
    for (let i = 0; i < m; i++) {
      const row = rows ? rows[i] : i;
      const r = sigmoid(z[i]) - y[row];
      for (let j = 0; j < d; j++) gw[j] += X[row * d + j] * r;
      gb += r;
    }
    for (let j = 0; j < d; j++) gw[j] /= m;
    return [gw, Float64Array.of(gb / m)];
  },
  lossAndGradient(data, params) {
    return [logistic.loss(data, params), logistic.gradient(data, params, null)];
  },
  /** gdlib.logistic.classify: 1 where z ≥ 0 (ŷ ≥ 0.5), else 0. */
  classify(data, params) {
    return Int32Array.from(linear.logits(data, params, null), (z) => (z >= 0 ? 1 : 0));
  },
};

/** Z = XW + b (m × K, row-major) for the rows `rows`: gdlib.softmax.logits. */
function softmaxLogits({ X, n, d, K }, [W, b], rows) {
  const m = rows ? rows.length : n;
  const Z = new Float64Array(m * K);
  for (let i = 0; i < m; i++) {
    const row = rows ? rows[i] : i;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[row * d + j] * W[j * K + k];
      Z[i * K + k] = s + b[k];
    }
  }
  return Z;
}

/** Row i of Z: its maximum (returned) and E = e^{Z − max} (into E). */
function shifted(Z, K, i, E) {
  let max = Z[i * K];
  for (let k = 1; k < K; k++) max = Math.max(max, Z[i * K + k]);
  for (let k = 0; k < K; k++) E[k] = Math.exp(Z[i * K + k] - max);
  return max;
}

/** Σ_k E[k], left to right as numpy sums K numbers. */
function rowSum(E, K) {
  let s = 0;
  for (let k = 0; k < K; k++) s += E[k];
  return s;
}

/** The softmax neuron with categorical cross-entropy (gdlib.softmax). θ = [W (d × K), b (K)]. */
export const softmax = {
  /** mean(logsumexp(z) − z_y), logsumexp = m + log Σ e^{z − m}: loss_from_logits. */
  loss({ X, y, n, d, K }, [W, b]) {
    const z = new Float64Array(K), E = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) {            // row i of Z = XW + b, as softmaxLogits
        let s = 0;
        for (let j = 0; j < d; j++) s += X[i * d + j] * W[j * K + k];
        z[k] = s + b[k];
      }
      const max = shifted(z, K, 0, E);
      total += max + Math.log(rowSum(E, K)) - z[y[i]];
    }
    return total / n;
  },
  gradient(data, params, rows) {
    return softmax.gradientFrom(data, softmaxLogits(data, params, rows), rows)[1];
  },
  /** L (over the rows given) and (Xᵀ(Ŷ − Y) / m, Σ rows of (Ŷ − Y) / m), Ŷ = E / s:
   * loss_and_gradient_from_logits. */
  gradientFrom({ X, y, d, K }, Z, rows) {
    const m = Z.length / K;
    const gw = new Float64Array(d * K), gb = new Float64Array(K), E = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < m; i++) {
      const row = rows ? rows[i] : i;
      const max = shifted(Z, K, i, E), s = rowSum(E, K);
      total += max + Math.log(s) - Z[i * K + y[row]];
      for (let k = 0; k < K; k++) {
        const r = E[k] / s - (k === y[row] ? 1 : 0);
        for (let j = 0; j < d; j++) gw[j * K + k] += X[row * d + j] * r;
        gb[k] += r;
      }
    }
    for (let i = 0; i < gw.length; i++) gw[i] /= m;
    for (let k = 0; k < K; k++) gb[k] /= m;
    return [total / m, [gw, gb]];
  },
  lossAndGradient(data, params) {
    return softmax.gradientFrom(data, softmaxLogits(data, params, null), null);
  },
  /** gdlib.softmax.classify: arg max_k z_k, the first of tied classes (numpy's argmax). */
  classify(data, params) {
    const { n, K } = data;
    const Z = softmaxLogits(data, params, null);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = argmax(Z, i * K, K);
    return out;
  },
};

/** numpy's argmax of a[at … at + K): the first maximum, or the first NaN. */
function argmax(a, at, K) {
  let best = 0;
  for (let k = 0; k < K; k++) {
    const v = a[at + k];
    if (Number.isNaN(v)) return k;
    if (v > a[at + best]) best = k;
  }
  return best;
}

const MODELS = { logistic, softmax };

/** The classes on the grid of gdlib.plots.region_grid (num × num, row i at y[i], from the
 * bottom): softmax.classify of every grid point. */
export function regionLabels(grid, [W, b], K) {
  const nx = grid.x.length, ny = grid.y.length;
  const out = new Int32Array(nx * ny), z = new Float64Array(K);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      for (let k = 0; k < K; k++) z[k] = grid.x[j] * W[k] + grid.y[i] * W[K + k] + b[k];
      out[i * nx + j] = argmax(z, 0, K);
    }
  }
  return out;
}

/** The problem with its arrays unpacked: {X, y, n, d, K, orders, start, grid?}. */
export function prepare(problem) {
  const y = f64(problem.y);                    // 0/1 (logistic) or the class 0 … K − 1
  const data = { X: f64(problem.X), y: problem.model === "softmax" ? Int32Array.from(y) : y,
                 n: problem.n, d: problem.d, K: problem.K,
                 orders: i32(problem.orders), start: problem.start };
  if (problem.grid) data.grid = { ...problem.grid, x: f64(problem.grid.x), y: f64(problem.grid.y) };
  return data;
}

/** The run for the controls' values (gdlib.descend at the explorer's seed). */
export function runs(problem, data, { lr, epochs, batch_size }) {
  const params = data.start.map((p) => Float64Array.from(p));
  return descend(MODELS[problem.model], data, {
    params, lr, epochs: cappedEpochs(problem, epochs, batch_size), batchSize: batch_size,
    orders: data.orders,
  });
}

/** The status line: the run, and the training accuracy unless it diverged. */
export function describe(T, problem, data, run) {
  let text;
  if (run.diverged) {
    text = runStatus(T, run);
  } else {
    const pred = MODELS[problem.model].classify(data, run.params);
    let right = 0;
    for (let i = 0; i < data.n; i++) if (pred[i] === data.y[i]) right += 1;
    text = runStatus(T, run, fill(T.accuracy, { accuracy: fmtPercent(right / data.n, 1) }));
  }
  return text + capNote(T, problem, run.batchSize);
}

/** Liang–Barsky: the part of the segment (x0, y0)–(x1, y1) inside [xlo, xhi] × [ylo, yhi]. */
function clipSegment(x0, y0, x1, y1, [xlo, xhi], [ylo, yhi]) {
  let t0 = 0, t1 = 1;
  const dx = x1 - x0, dy = y1 - y0;
  for (const [p, q] of [[-dx, x0 - xlo], [dx, xhi - x0], [-dy, y0 - ylo], [dy, yhi - y0]]) {
    if (!Number.isFinite(p) || !Number.isFinite(q)) return null;
    if (p === 0) { if (q < 0) return null; continue; }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r); else t1 = Math.min(t1, r);
    if (t0 > t1) return null;
  }
  return [[x0 + t0 * dx, x0 + t1 * dx], [y0 + t0 * dy, y0 + t1 * dy]];
}

/** gdlib.plots.boundary_points: two points of the line w₁x₁ + w₂x₂ + b = level. */
function boundaryPoints(w, b, xlim, level) {
  if (Math.abs(w[1]) > 1e-12) return [xlim, xlim.map((x) => (level - b - w[0] * x) / w[1])];
  const x1 = Math.abs(w[0]) > 1e-12 ? (level - b) / w[0] : NaN;
  return [[x1, x1], [-1e6, 1e6]];
}

/** The boundary (solid, lw 1.8) and ŷ = 0.9 / 0.1 (dotted, lw 1.0), black, as the kernel's
 * levels of the logit say. */
function drawBoundary(ctx, ax, levels, [w, b], xlim, ylim) {
  levels.forEach((level, i) => {
    const [xs, ys] = boundaryPoints(w, b[0], xlim, level);
    // a margin of 1 % keeps the line's ends outside the axes, where the clip cuts them
    const mx = 0.01 * (xlim[1] - xlim[0]), my = 0.01 * (ylim[1] - ylim[0]);
    const seg = clipSegment(xs[0], ys[0], xs[1], ys[1], [xlim[0] - mx, xlim[1] + mx],
                            [ylim[0] - my, ylim[1] + my]);
    if (!seg) return;
    line(ctx, ax, seg[0], seg[1], i === 0 ? { color: "black", lw: 1.8 }
                                          : { color: "black", lw: 1.0, dash: [1, 1.65] });
  });
}

/** The softmax regions: an image of num × num class colours at the regions' opacity,
 * stretched over the axes (imshow, origin lower, nearest), made once per frame. */
class Regions {
  constructor(grid, K) {
    this.grid = grid;
    this.K = K;
    this.canvas = document.createElement("canvas");
    this.canvas.width = grid.x.length;
    this.canvas.height = grid.y.length;
    this.ctx = this.canvas.getContext("2d");
    this.pixels = this.ctx.createImageData(grid.x.length, grid.y.length);
    this.words = new Uint32Array(this.pixels.data.buffer);   // one RGBA pixel per word
    const a = Math.round(grid.alpha * 255);
    const bytes = new Uint8Array(4), word = new Uint32Array(bytes.buffer);
    this.colors = Uint32Array.from(grid.colors, (hex) => {
      bytes.set([1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).concat(a));
      return word[0];                            // the machine's byte order, as the pixels'
    });
  }
  draw(ctx, ax, params) {
    const labels = regionLabels(this.grid, params, this.K);
    const nx = this.grid.x.length, ny = this.grid.y.length, px = this.words, colors = this.colors;
    for (let i = 0; i < ny; i++) {
      const to = (ny - 1 - i) * nx;              // origin lower: row 0 at the bottom
      for (let j = 0; j < nx; j++) px[to + j] = colors[labels[i * nx + j]];
    }
    this.ctx.putImageData(this.pixels, 0, 0);
    const [left, top, right, bottom] = ax.box;
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas, left, top, right - left, bottom - top);
    ctx.restore();
    return labels;
  }
}

/** Everything that moves, over the backdrop: regions or boundary, the overlay (points and
 * legend, or the legend), the loss curve on its tile, the "diverged" label. */
export function draw(ctx, shown, problem, run) {
  const { backdrop, regions, overlay } = shown;
  const [dataAx, lossAx] = backdrop.axes;
  ctx.drawImage(backdrop.image, 0, 0, ...backdrop.size);
  const params = run.params;
  let labels = null;
  if (regions) labels = regions.draw(ctx, dataAx, params);
  else {
    const { x, y } = problem.backdrop.axes[0];           // the data panel's fixed limits
    drawBoundary(ctx, dataAx, problem.levels, params, x, y);
  }
  if (overlay) ctx.drawImage(overlay.image, ...overlay.at);
  const range = pickRange(shown.yTiles, run);
  lossAx.setY([problem.backdrop.axes[1].y[0], range.top], true);
  ctx.drawImage(range.image, ...range.at);
  const tile = pickTile(lossAx, backdrop.tiles[0], run.updates);
  ctx.drawImage(tile.image, ...tile.at);
  line(ctx, lossAx, run.losses.map((_, t) => t), run.losses, { color: GD_COLOR, lw: 1.5 });
  if (run.diverged) divergedLabel(ctx, dataAx, backdrop.texts.diverged_label);
  return labels;
}

/** The loss panel's y range for a run: the lowest top that holds it (the highest for a run
 * that diverged, which climbs out of it). `tiles` are sorted by their top. */
export function pickRange(tiles, run) {
  let highest = -Infinity;
  for (const loss of run.losses) highest = Math.max(highest, loss);
  if (run.diverged) return tiles[tiles.length - 1];
  return tiles.find((t) => t.top >= highest) || tiles[tiles.length - 1];
}

/** The backdrop, the overlay and the regions' image, loaded once. */
export async function view(problem, texts) {
  const spec = problem.backdrop;
  return {
    yTiles: await Promise.all(spec.y_tiles.map(async (t) => ({ ...t, image: await image(t.png) }))),
    backdrop: { ...(await loadBackdrop(spec)), texts },
    overlay: spec.overlay ? { image: await image(spec.overlay.png), at: spec.overlay.at } : null,
    regions: problem.grid ? new Regions(prepare(problem).grid, problem.K) : null,
  };
}

export default {
  initialize: epochsFollowBatch,
  async render({ model, el }) {
    const problem = model.get("problem");
    const T = model.get("texts");
    const data = prepare(problem);
    const shown = await view(problem, T);
    const names = ["lr", "epochs", "batch_size"];
    const picture = new Picture(el, shown.backdrop.size, (ctx) => {
      const run = runs(problem, data, valuesOf(model, names));
      picture.canvas.gdLabels = draw(ctx, shown, problem, run);
      picture.status.innerHTML = describe(T, problem, data, run);
      picture.canvas.gdRun = run;
    });
    return picture.follow(model, names);
  },
};

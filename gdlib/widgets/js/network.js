// Explorer of notebook 08 (gdlib.widgets.network): a two-layer network on 2-D data, its regions
// arg max_k ŷ_k, and its training and validation losses.
//
// gdlib.network is the reference: the same forward pass, loss and backpropagation, in the same
// order of operations (js/twolayer.js, before this file in the module). The start W₁, W₂ of
// every (seed, h) comes from the kernel (numpy's normal draws); the epochs' shuffles are numpy's
// too, drawn here: the kernel sends the PCG64 bit generator's state after the start, and
// js/pcg64.js's `permutation` is numpy's Generator.permutation.
//
// Same formulas are not the same bits: numpy's BLAS fuses multiply-adds and np.tanh is not
// Math.tanh, so the two differ by ulps. Where training is stable that stays ~1e-14; at α ≳ 1.25
// on notebook 08's moons GD sits at the edge of stability and amplifies any ulp (gdlib against
// itself one ulp away differs as much): tests/e2e/test_parity_network.py measures both.

const GD_COLOR = "#1f5fbf", SGD_COLOR = "#e8590c";
/** The compute time a frame gives a long run (ms), and the least it trains in a frame. */
const BUDGET = 12, MIN_TRAIN = 2;
/** How often the regions of a run drawn as it goes are repainted (ms): painting them costs
 * more than a frame at h = 32 on a slow machine, so they follow θ a few times a second. */
const REPAINT = 250;

// --- the explorer -----------------------------------------------------------------------------

/** The problem with its arrays unpacked; the start of (seed, h) and numpy's shuffles. */
export function prepare(problem) {
  const { d, K, n, n_val } = problem;
  const train = { X: f64(problem.X), y: i32(problem.y), n, d, K };
  const val = { X: f64(problem.X_val), y: i32(problem.y_val), n: n_val, d, K };
  const grid = { X: f64(problem.grid), y: null, n: problem.grid_num ** 2, d, K };
  const starts = f64(problem.starts);
  const shuffles = new Map();
  const sizes = (h) => [d * h, h, h * K, K];
  // the starts, seed by seed, h = 1 … max_hidden: [W₁, b₁ = 0, W₂, b₂ = 0]
  const offsets = [];
  let at = 0;
  for (let seed = 0; seed <= problem.max_seed; seed++) {
    for (let h = 1; h <= problem.max_hidden; h++) {
      offsets.push(at);
      at += d * h + h * K;
    }
  }
  return {
    train, val, grid,
    start(seed, h) {
      const o = offsets[seed * problem.max_hidden + h - 1];
      const [s1, , s2] = sizes(h);
      return [starts.slice(o, o + s1), new Float64Array(h), starts.slice(o + s1, o + s1 + s2),
        new Float64Array(K)];
    },
    shuffles(seed, h, epochs) {
      const key = `${seed},${h}`;
      if (!shuffles.has(key)) shuffles.set(key, new Shuffles(problem.rng[seed][h - 1], n));
      return shuffles.get(key).upTo(epochs);
    },
  };
}

/** The training run for the controls' values (not yet stepped). */
export function training(problem, prep, { lr, epochs, batch_size, hidden, seed }) {
  epochs = cappedEpochs(problem, epochs, batch_size);
  const params = prep.start(seed, hidden);
  const orders = batch_size >= problem.n ? null : prep.shuffles(seed, hidden, epochs);
  return new Training(prep.train, prep.val, { params, lr, epochs, batchSize: batch_size, orders });
}

/** The run for the controls' values, as gdlib.widgets.network's `run`: the descent and the
 * validation loss after every update (NaN when the run diverged). */
export function runs(problem, prep, values) {
  const run = training(problem, prep, values);
  run.advance();
  return run.result;
}

const percent = (x) => fmtPercent(x, 1);

function accuracy(data, params) {
  const labels = network.classify(data, params);
  let right = 0;
  for (let i = 0; i < data.n; i++) right += labels[i] === data.y[i];
  return right / data.n;
}

/** The status line, as the kernel's `describe` writes it. */
export function describe(T, problem, prep, run) {
  const val = run.val;
  let text;
  if (run.diverged) text = runStatus(T, run);
  else {
    let best = 0;
    for (let t = 1; t < val.length; t++) if (val[t] < val[best]) best = t;
    text = runStatus(T, run, fill(T.network, {
      training: percent(accuracy(prep.train, run.params)),
      validation: percent(accuracy(prep.val, run.params)),
      loss: fmtG(val[best], 3), epochs: fmtG(run.seen[best] / run.n, 3),
    }));
  }
  return text + capNote(T, problem, run.batchSize);
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** The regions arg max_k ŷ_k on the grid, as matplotlib's imshow draws them (alpha 0.3): for two
 * classes the labels are interpolated bilinearly and cut at ½ (interpolation_stage="data"), else
 * each grid cell is one colour. Drawn at the canvas's resolution into `layer`. */
function paintRegions(ctx, ax, layer, problem, prep, params) {
  const num = problem.grid_num, K = problem.K;
  const labels = network.classify(prep.grid, params);
  const [left, top, right, bottom] = ax.box;
  const scale = ctx.getTransform().a;
  const x0 = Math.floor(left * scale), y0 = Math.floor(top * scale);
  const w = Math.ceil(right * scale) - x0, h = Math.ceil(bottom * scale) - y0;
  if (layer.width !== w || layer.height !== h) { layer.width = w; layer.height = h; }
  const lctx = layer.getContext("2d");
  const image = lctx.createImageData(w, h);
  const colors = problem.colors.map(rgb);
  const alpha = Math.round(0.3 * 255);
  const pw = (right - left) * scale, ph = (bottom - top) * scale;
  const at = (r, c) => labels[Math.min(num - 1, Math.max(0, r)) * num + Math.min(num - 1, Math.max(0, c))];
  for (let py = 0; py < h; py++) {
    // image rows run upward from the axes' bottom (origin="lower"); cell centres at (i + ½)
    const v = ((bottom * scale - (y0 + py + 0.5)) / ph) * num - 0.5;
    const r0 = Math.floor(v), fv = v - r0;
    for (let px = 0; px < w; px++) {
      const u = ((x0 + px + 0.5 - left * scale) / pw) * num - 0.5;
      let k;
      if (K === 2) {
        const c0 = Math.floor(u), fu = u - c0;
        const value = (1 - fv) * ((1 - fu) * at(r0, c0) + fu * at(r0, c0 + 1))
          + fv * ((1 - fu) * at(r0 + 1, c0) + fu * at(r0 + 1, c0 + 1));
        k = value >= 0.5 ? 1 : 0;
      } else k = at(Math.round(v), Math.round(u));
      const o = 4 * (py * w + px), [cr, cg, cb] = colors[k];
      image.data[o] = cr; image.data[o + 1] = cg; image.data[o + 2] = cb; image.data[o + 3] = alpha;
    }
  }
  lctx.putImageData(image, 0, 0);
  layer.at = [x0, y0];
}

/** The regions' layer over the backdrop (in device pixels). */
function blitRegions(ctx, layer) {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(layer, ...layer.at);
  ctx.restore();
}

/** The picture of a run. `paint`: compute the regions anew (else the layer's last ones: a run
 * drawn as it goes repaints them a few times a second, not every frame). */
function drawRun(ctx, backdrop, layer, problem, prep, run, paint = true) {
  const val = run.val;
  const [regions, losses] = backdrop.axes;
  ctx.drawImage(backdrop.image, 0, 0, ...backdrop.size);
  if (paint || !layer.at) {
    const t0 = performance.now();
    paintRegions(ctx, regions, layer, problem, prep, run.params);
    layer.ms = performance.now() - t0;
  }
  blitRegions(ctx, layer);
  const epochs = Array.from(run.seen, (s) => s / run.n);
  const tile = pickTile(losses, backdrop.tiles[0], epochs[epochs.length - 1]);
  ctx.drawImage(tile.image, ...tile.at);
  line(ctx, losses, epochs, val, { color: SGD_COLOR, lw: 1.0 });
  line(ctx, losses, epochs, run.losses, { color: GD_COLOR, lw: 1.0 });   // over validation
  const over = backdrop.overlay;          // the points and the loss legend, over what moves
  ctx.drawImage(over.image, ...over.at);
  if (run.diverged) divergedLabel(ctx, regions, backdrop.texts.diverged_label);
}

export default {
  initialize: epochsFollowBatch,
  async render({ model, el }) {
    const problem = model.get("problem");
    const T = model.get("texts");
    const prep = prepare(problem);
    const backdrop = { ...(await loadBackdrop(problem.backdrop)), texts: T };
    backdrop.overlay = { ...problem.overlay, image: await image(problem.overlay.png) };
    const layer = document.createElement("canvas");
    const names = ["lr", "epochs", "batch_size", "hidden", "seed"];
    // A run that costs more than a frame is computed BUDGET ms per frame and drawn as it goes
    // (the curves grow, the regions follow θ); a new value starts a new run at once.
    let run = null, runKey = "", began = 0, compute = 0, trained = 0, painted = -Infinity;
    const picture = new Picture(el, backdrop.size, (ctx) => {
      const frame = performance.now();
      const now = valuesOf(model, names), key = JSON.stringify(now);
      if (!run || key !== runKey) {          // new values: a new run (whoever changed them)
        run = training(problem, prep, now); runKey = key; began = frame; compute = 0; trained = 0;
      }
      // A frame that repaints the regions trains for what is left of its budget after the
      // last paint, so that it takes no longer than the others.
      const due = frame - painted >= REPAINT;
      run.advance(frame + (due ? Math.max(BUDGET - (layer.ms || 0), MIN_TRAIN) : BUDGET));
      trained += performance.now() - frame;
      const result = run.result;
      const paint = result.done || due;
      if (paint) painted = frame;
      drawRun(ctx, backdrop, layer, problem, prep, result, paint);
      if (result.done) picture.status.innerHTML = describe(T, problem, prep, result);
      picture.status.style.opacity = result.done ? "1" : "0.5";
      picture.canvas.gdRun = result;
      compute += performance.now() - frame;
      if (result.done) {
        // recompute + draw of the whole run (ms of work, and from the input to its last frame)
        picture.canvas.dataset.ms = compute.toFixed(1);
        picture.canvas.dataset.msWall = (performance.now() - began).toFixed(1);
        picture.canvas.dataset.msRegions = layer.ms.toFixed(1);   // of which the regions, once
        picture.canvas.dataset.msTrain = trained.toFixed(1);        // of which the training
      } else picture.request();
    });
    return picture.follow(model, names);
  },
};

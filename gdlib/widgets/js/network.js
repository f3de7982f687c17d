// Explorer of notebook 08 (gdlib.widgets.network): a two-layer network on 2-D data, its regions
// arg max_k ŷ_k, and its training and validation losses.
//
// gdlib.network is the reference: the same forward pass, loss and backpropagation, in the same
// order of operations. The start W₁, W₂ of every (seed, h) comes from the kernel (numpy's normal
// draws); the epochs' shuffles are numpy's too, drawn here: the kernel sends the PCG64 bit
// generator's state after the start, and `permutation` below is numpy's Generator.permutation.
//
// Same formulas are not the same bits: numpy's BLAS fuses multiply-adds and np.tanh is not
// Math.tanh, so the two differ by ulps. Where training is stable that stays ~1e-14; at α ≳ 1.25
// on notebook 08's moons GD sits at the edge of stability and amplifies any ulp (gdlib against
// itself one ulp away differs as much): tests/e2e/test_parity_network.py measures both.

const GD_COLOR = "#1f5fbf", SGD_COLOR = "#e8590c";
/** The compute time a frame gives a long run (ms). */
const BUDGET = 12;
/** How often the regions of a run drawn as it goes are repainted (ms): painting them costs
 * more than a frame at h = 32 on a slow machine, so they follow θ a few times a second. */
const REPAINT = 250;

// --- numpy's PCG64 and Generator.permutation ---------------------------------------------------
//
// numpy/random/src/pcg64/pcg64.h: state ← state · M + inc (mod 2¹²⁸), output XSL-RR
// rotr64(high ⊕ low, high >> 58); next32 hands out the two halves of one 64-bit draw (low first),
// keeping the high half in (has_uint32, uinteger). Generator.permutation(n) shuffles arange(n)
// (_shuffle_raw: i = n−1 … 1, j = random_interval(i): masked rejection on next32,
// numpy/random/src/distributions/distributions.c), the same in numpy 2.2 – 2.5.

// The 128-bit numbers are kept as eight 16-bit limbs (least significant first): each partial
// product of the multiplication is then an exact double (no BigInt in the loop: 20× faster).
const limbs = (big) => Array.from({ length: 8 }, (_, i) => Number((BigInt(big) >> BigInt(16 * i)) & 0xffffn));
const M128 = limbs((2549297995355413924n << 64n) | 4865540595714422341n);

export class PCG64 {
  /** From numpy's `bit_generator.state`: {state: {state, inc}, has_uint32, uinteger}, the
   * 128-bit numbers as decimal strings. */
  constructor({ state, has_uint32, uinteger }) {
    this.s = Float64Array.from(limbs(state.state));
    this.inc = Float64Array.from(limbs(state.inc));
    this.hasUint32 = Boolean(has_uint32);
    this.uinteger = Number(uinteger) >>> 0;
    this.high = 0;
    this.acc = new Float64Array(8);
  }
  /** One step; returns the low 32 bits of the 64-bit output, the high ones in this.high. */
  next64() {
    const s = this.s, inc = this.inc, acc = this.acc;
    for (let k = 7; k >= 0; k--) {          // limb k of s · M needs s[0 … k]: top down, in place
      let a = inc[k];
      for (let i = 0; i <= k; i++) a += s[i] * M128[k - i];
      acc[k] = a;
    }
    let carry = 0;
    for (let k = 0; k < 8; k++) {
      const a = acc[k] + carry;
      carry = Math.floor(a / 65536);
      s[k] = a - carry * 65536;
    }
    // XSL-RR: rotr64(high ⊕ low, high >> 58)
    let hi = ((s[7] << 16) | s[6]) ^ ((s[3] << 16) | s[2]);
    let lo = ((s[5] << 16) | s[4]) ^ ((s[1] << 16) | s[0]);
    let rot = s[7] >>> 10;
    if (rot >= 32) { const t = hi; hi = lo; lo = t; rot -= 32; }
    if (rot > 0) {
      const h2 = (hi >>> rot) | (lo << (32 - rot));
      lo = (lo >>> rot) | (hi << (32 - rot));
      hi = h2;
    }
    this.high = hi >>> 0;
    return lo >>> 0;
  }
  next32() {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const low = this.next64();
    this.hasUint32 = true;
    this.uinteger = this.high;
    return low;
  }
  /** random_interval(max): uniform in [0, max], max < 2³². */
  interval(max) {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
    mask >>>= 0;
    let value;
    while ((value = (this.next32() & mask) >>> 0) > max);
    return value;
  }
  /** Generator.permutation(n). */
  permutation(n, out = new Int32Array(n)) {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = out[j]; out[j] = out[i]; out[i] = t;
    }
    return out;
  }
}

/** numpy's epoch orders for one (seed, h), drawn as far as needed and kept. */
class Shuffles {
  constructor(state, n) {
    this.rng = new PCG64(state);
    this.n = n;
    this.orders = new Int32Array(0);
    this.epochs = 0;
  }
  upTo(epochs) {
    if (epochs > this.epochs) {
      const n = this.n, grown = new Int32Array(epochs * n);
      grown.set(this.orders);
      for (let e = this.epochs; e < epochs; e++) this.rng.permutation(n, grown.subarray(e * n, (e + 1) * n));
      this.orders = grown;
      this.epochs = epochs;
    }
    return this.orders;
  }
}

// --- the network (gdlib.network) -----------------------------------------------------------------
//
// θ = [W₁ (d×h, row-major), b₁ (h), W₂ (h×K), b₂ (K)]; data {X, y, n, d, K}. The passes write
// into a Workspace made once per run, so that a run of thousands of updates makes no garbage.

/** The arrays the passes write into, for up to m rows. */
class Workspace {
  constructor(m, d, h, K) {
    this.H = new Float64Array(m * h);       // tanh(X W₁ + b₁)
    this.Z = new Float64Array(m * K);       // H W₂ + b₂
    this.P = new Float64Array(m * K);       // Ŷ = softmax(Z), then Δ₂ = Ŷ − Y
    this.D1 = new Float64Array(m * h);      // Δ₁ = Δ₂ W₂ᵀ ⊙ (1 − H²)
    this.grads = [new Float64Array(d * h), new Float64Array(h), new Float64Array(h * K),
      new Float64Array(K)];
  }
}

/** H = tanh(X W₁ + b₁) and Z = H W₂ + b₂ for the rows `rows` (the first m when null). */
function forward({ X, d }, [W1, b1, W2, b2], rows, m, { H, Z }) {
  const h = b1.length, K = b2.length;
  for (let i = 0; i < m; i++) {
    const row = rows ? rows[i] : i;
    for (let j = 0; j < h; j++) {
      let a = 0;
      for (let l = 0; l < d; l++) a += X[row * d + l] * W1[l * h + j];
      H[i * h + j] = Math.tanh(a + b1[j]);
    }
    for (let k = 0; k < K; k++) {
      let z = 0;
      for (let j = 0; j < h; j++) z += H[i * h + j] * W2[j * K + k];
      Z[i * K + k] = z + b2[k];
    }
  }
}

/** The mean over the rows of log Σ_k e^{z_k} − z_y (softmax.loss_from_logits, with the row
 * maximum taken out first); with `P`, also Ŷ = e^{Z − max} / Σ into it, row by row. */
function meanLoss(y, rows, m, K, Z, P = null) {
  let total = 0;
  for (let i = 0; i < m; i++) {
    let top = Z[i * K];
    for (let k = 1; k < K; k++) top = Math.max(top, Z[i * K + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(Z[i * K + k] - top);
      if (P) P[i * K + k] = e;
      sum += e;
    }
    total += top + Math.log(sum) - Z[i * K + y[rows ? rows[i] : i]];
    if (P) for (let k = 0; k < K; k++) P[i * K + k] /= sum;
  }
  return total / m;
}

/** The backward pass from H and Ŷ (network.backward): ∇W₁ = Xᵀ Δ₁ / m, ∇b₁ = mean Δ₁,
 * ∇W₂ = Hᵀ Δ₂ / m, ∇b₂ = mean Δ₂, into ws.grads. */
function backward({ X, y, d }, [, b1, W2, b2], rows, m, ws) {
  const h = b1.length, K = b2.length, { H, P, D1 } = ws, [gW1, gb1, gW2, gb2] = ws.grads;
  for (let i = 0; i < m; i++) P[i * K + y[rows ? rows[i] : i]] -= 1.0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < h; j++) {
      let a = 0;
      for (let k = 0; k < K; k++) a += P[i * K + k] * W2[j * K + k];
      const hij = H[i * h + j];
      D1[i * h + j] = a * (1.0 - hij * hij);
    }
  }
  for (let l = 0; l < d; l++) {
    for (let j = 0; j < h; j++) {
      let a = 0;
      for (let i = 0; i < m; i++) a += X[(rows ? rows[i] : i) * d + l] * D1[i * h + j];
      gW1[l * h + j] = a / m;
    }
  }
  for (let j = 0; j < h; j++) {
    let a = 0;
    for (let i = 0; i < m; i++) a += D1[i * h + j];
    gb1[j] = a / m;
    for (let k = 0; k < K; k++) {
      let c = 0;
      for (let i = 0; i < m; i++) c += H[i * h + j] * P[i * K + k];
      gW2[j * K + k] = c / m;
    }
  }
  for (let k = 0; k < K; k++) {
    let a = 0;
    for (let i = 0; i < m; i++) a += P[i * K + k];
    gb2[k] = a / m;
  }
  return ws.grads;
}

/** gdlib.network's loss, gradient and classes, as descent.js's models (the passes write into
 * `ws`, a Workspace of at least the rows they see). */
export const network = {
  loss(data, params, ws) {
    forward(data, params, null, data.n, ws);
    return meanLoss(data.y, null, data.n, params[3].length, ws.Z);
  },
  /** [L, ∇L] on the rows `rows` (all when null); ∇L is ws.grads, overwritten by the next call. */
  lossAndGradient(data, params, rows, ws) {
    const m = rows ? rows.length : data.n;
    forward(data, params, rows, m, ws);
    const loss = meanLoss(data.y, rows, m, params[3].length, ws.Z, ws.P);
    return [loss, backward(data, params, rows, m, ws)];
  },
  /** The predicted class arg max_k z_k of every row (the first on ties, as numpy). */
  classify(data, params) {
    const K = params[3].length, ws = new Workspace(data.n, data.d, params[1].length, K);
    forward(data, params, null, data.n, ws);
    const Z = ws.Z, out = new Int32Array(data.n);
    for (let i = 0; i < data.n; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (Z[i * K + k] > Z[i * K + best]) best = k;
      out[i] = best;
    }
    return out;
  },
};

/** θ ← θ − α ∇L, in place. */
function update(params, lr, grads) {
  for (let i = 0; i < params.length; i++) {
    const p = params[i], g = grads[i];
    for (let j = 0; j < p.length; j++) p[j] = p[j] - lr * g[j];
  }
}

/**
 * gdlib.descend for the network, one update at a time, so that a long run can be spread over
 * several animation frames (`advance(deadline)`) and drawn as it goes. The same loop as
 * descent.js's `descend` (GD: one forward pass gives L and ∇L; SGD: numpy's order of each
 * epoch, k = ⌈n/|B|⌉ updates on consecutive slices, L on the whole training set after each),
 * and the validation loss after every update (network.loss_path). Keeps no trajectory; θ is
 * updated in place (`params` is the run's own copy of the start).
 */
export class Training {
  constructor(train, val, { params, lr, epochs, batchSize, orders }) {
    const n = train.n;
    this.train = train; this.valData = val;
    this.full = !batchSize || batchSize >= n;
    this.B = this.full ? n : batchSize;
    this.k = minibatches(n, this.B);
    this.epochs = epochs;
    this.orders = orders;
    const max = this.full ? epochs : epochs * this.k;
    this.losses = new Float64Array(max + 1);
    this.val = new Float64Array(max + 1);
    this.seen = new Float64Array(max + 1);
    this.params = params; this.lr = lr; this.n = n; this.batchSize = this.B;
    this.ws = new Workspace(Math.max(n, val.n), train.d, params[1].length, params[3].length);
    let loss;
    if (this.full) [loss, this.grads] = network.lossAndGradient(train, params, null, this.ws);
    else loss = network.loss(train, params, this.ws);
    this.limit = BLOWUP * Math.max(loss, 1);
    this.losses[0] = loss;
    this.val[0] = network.loss(val, params, this.ws);
    this.updates = 0; this.epochsRun = 0; this.diverged = false; this.done = false;
    this.start = 0;                         // the next minibatch's first row in this epoch
  }
  /** One update; sets `done` at the end of the run. */
  step() {
    const { train, n, B, lr, params, ws } = this;
    if (this.full) {
      update(params, lr, this.grads);
      const [loss] = network.lossAndGradient(train, params, null, ws);   // ∇L stays in ws
      this.record(loss, n);
      this.epochsRun = this.updates;
      this.done = this.diverged || this.updates >= this.epochs;
    } else {
      if (this.start === 0) this.epochsRun += 1;
      const order = this.orders.subarray((this.epochsRun - 1) * n, this.epochsRun * n);
      const rows = order.subarray(this.start, Math.min(this.start + B, n));
      update(params, lr, network.lossAndGradient(train, params, rows, ws)[1]);
      this.record(network.loss(train, params, ws), rows.length);
      this.start += B;
      if (this.start >= n) this.start = 0;
      this.done = this.diverged || (this.start === 0 && this.epochsRun >= this.epochs);
    }
  }
  record(loss, batch) {
    const t = ++this.updates;
    this.losses[t] = loss;
    this.seen[t] = this.seen[t - 1] + batch;
    this.diverged = !(loss <= this.limit);
    this.val[t] = network.loss(this.valData, this.params, this.ws);
  }
  /** Updates until `deadline` (performance.now()) or the end of the run; true when done. */
  advance(deadline = Infinity) {
    while (!this.done) {
      this.step();
      if (performance.now() >= deadline) break;
    }
    return this.done;
  }
  /** What the run has so far, in the shape of descent.js's `descend` (plus `val`: NaN for
   * a diverged run, as the kernel's explorer). */
  get result() {
    const cut = (a) => a.subarray(0, this.updates + 1);
    return { losses: cut(this.losses), seen: cut(this.seen), params: this.params,
             val: this.diverged ? cut(this.val).map(() => NaN) : cut(this.val),
             updates: this.updates, epochsRun: this.epochsRun, diverged: this.diverged,
             limit: this.limit, n: this.n, batchSize: this.batchSize, lr: this.lr,
             done: this.done };
  }
}

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
  /** Once per model (not per view): the epochs slider follows |B|. */
  initialize({ model }) {
    return fitEpochs(model, model.get("problem"));
  },
  async render({ model, el }) {
    const problem = model.get("problem");
    const T = model.get("texts");
    const prep = prepare(problem);
    const backdrop = { ...(await loadBackdrop(problem.backdrop)), texts: T };
    backdrop.overlay = { ...problem.overlay, image: await image(problem.overlay.png) };
    const layer = document.createElement("canvas");
    const names = ["lr", "epochs", "batch_size", "hidden", "seed"];
    const values = () => Object.fromEntries(names.map((name) => [name, model.get(name)]));
    // A run that costs more than a frame is computed BUDGET ms per frame and drawn as it goes
    // (the curves grow, the regions follow θ); a new value starts a new run at once.
    let run = null, runKey = "", began = 0, compute = 0, trained = 0, painted = -Infinity;
    const picture = new Picture(el, backdrop.size, (ctx) => {
      const frame = performance.now();
      const now = values(), key = JSON.stringify(now);
      if (!run || key !== runKey) {          // new values: a new run (whoever changed them)
        run = training(problem, prep, now); runKey = key; began = frame; compute = 0; trained = 0;
      }
      run.advance(frame + BUDGET);
      trained += performance.now() - frame;
      const result = run.result;
      const paint = result.done || frame - painted >= REPAINT;
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

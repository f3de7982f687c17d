// gdlib.network in the browser, for notebook 08's network explorer: the forward pass, the
// loss, backpropagation and the training loop, in the same order of operations as gdlib.

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

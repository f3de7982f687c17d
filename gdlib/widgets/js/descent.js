// gdlib.descend in the browser: the same loop, the same numbers.
//
// gdlib (Python, numpy) is the reference; this is an instrument that must agree with it to
// 1e-9 relative (tests/e2e/test_parity.py runs both). θ is a list of Float64Arrays, as in
// gdlib: [w, b] for a neuron (b an array of one number). The data are {X, y, n, d}, X row-major.

/** A run counts as diverged once its loss is not finite or exceeds BLOWUP · max(L(θ⁰), 1). */
export const BLOWUP = 100;

/** k = ⌈n / |B|⌉: the minibatches (updates) in one epoch. */
export function minibatches(n, batchSize) {
  return Math.ceil(n / batchSize);
}

/** The linear neuron with ½·ECM: ŷ = Xw + b, L = 1/(2n) Σ(ŷ − y)² (gdlib.linear). */
export const linear = {
  /** z = Xw + b for the rows `rows` (all when null): gdlib.linear.logits, the logistic
   * neuron's logits too (the classifier explorers use it). */
  logits({ X, n, d }, [w, b], rows) {
    const m = rows ? rows.length : n;
    const z = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const row = rows ? rows[i] : i;
      let s = 0;
      for (let j = 0; j < d; j++) s += X[row * d + j] * w[j];
      z[i] = s + b[0];
    }
    return z;
  },
  /** L = ½ mean(r²), r = ŷ − y: the residuals' arithmetic, without an array (SGD computes L
   * over all n examples after every update: with n = 442 and |B| = 1 this loop is most of the run). */
  loss({ X, y, n, d }, [w, b]) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += X[i * d + j] * w[j];
      const r = z + b[0] - y[i];
      s += r * r;
    }
    return (0.5 * s) / n;
  },
  /** L and ∇L = [Xᵀr / m, Σr / m] over the rows `rows` (all when null), in one pass over them,
   * without an array of residuals (an SGD picture makes thousands of these). */
  lossAndGradient({ X, y, n, d }, [w, b], rows = null) {
    const m = rows ? rows.length : n;
    const gw = new Float64Array(d);
    let gb = 0, s = 0;
    for (let i = 0; i < m; i++) {
      const row = rows ? rows[i] : i;
      let z = 0;
      for (let j = 0; j < d; j++) z += X[row * d + j] * w[j];
      const r = z + b[0] - y[row];
      for (let j = 0; j < d; j++) gw[j] += X[row * d + j] * r;
      gb += r;
      s += r * r;
    }
    for (let j = 0; j < d; j++) gw[j] /= m;
    return [(0.5 * s) / m, [gw, Float64Array.of(gb / m)]];
  },
  /** ∇L over the rows `rows`. */
  gradient(data, params, rows) {
    return linear.lossAndGradient(data, params, rows)[1];
  },
};

// --- optimizers (gdlib.optimizers): init(params) → state; step(...) → [params, state] ---------
// Named as the classes, with their keyword arguments and defaults: optimizers[rule]({...}).

// The element-wise maps of a rule, over θ's list of arrays: plain loops into new arrays (a
// typed array's own .map is several times slower in V8, and SGD makes thousands of steps
// per picture); the same arithmetic in the same order.
const zeros = (params) => params.map((p) => new Float64Array(p.length));
const map2 = (a, b, f) => a.map((ai, i) => {
  const bi = b[i], out = new Float64Array(ai.length);
  for (let j = 0; j < ai.length; j++) out[j] = f(ai[j], bi[j]);
  return out;
});
const map3 = (a, b, c, f) => a.map((ai, i) => {
  const bi = b[i], ci = c[i], out = new Float64Array(ai.length);
  for (let j = 0; j < ai.length; j++) out[j] = f(ai[j], bi[j], ci[j]);
  return out;
});

export const optimizers = {
  GD: () => ({
    init: () => null,
    step: (params, grads, lr, state) => [map2(params, grads, (p, g) => p - lr * g), state],
  }),
  Momentum: ({ beta = 0.9, nesterov = false } = {}) => ({
    init: zeros,
    step(params, grads, lr, velocity) {
      velocity = map2(velocity, grads, (v, g) => beta * v + g);
      const steps = nesterov ? map2(grads, velocity, (g, v) => g + beta * v) : velocity;
      return [map2(params, steps, (p, s) => p - lr * s), velocity];
    },
  }),
  AdaGrad: ({ eps = 1e-10 } = {}) => ({
    init: zeros,
    step(params, grads, lr, total) {
      total = map2(total, grads, (s, g) => s + g * g);
      return [map3(params, grads, total, (p, g, s) => p - (lr * g) / (Math.sqrt(s) + eps)), total];
    },
  }),
  RMSProp: ({ rho = 0.99, eps = 1e-8 } = {}) => ({
    init: zeros,
    step(params, grads, lr, average) {
      average = map2(average, grads, (s, g) => rho * s + (1 - rho) * g * g);
      return [map3(params, grads, average, (p, g, s) => p - (lr * g) / (Math.sqrt(s) + eps)),
        average];
    },
  }),
  Adam: ({ beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = {}) => ({
    init: (params) => [zeros(params), zeros(params)],
    step(params, grads, lr, [m, s], t) {
      m = map2(m, grads, (mi, g) => beta1 * mi + (1 - beta1) * g);
      s = map2(s, grads, (si, g) => beta2 * si + (1 - beta2) * g * g);
      const c1 = 1 - beta1 ** t, c2 = 1 - beta2 ** t;
      const step = (p, mi, si) => p - (lr * (mi / c1)) / (Math.sqrt(si / c2) + eps);
      return [map3(params, m, s, step), [m, s]];
    },
  }),
};

/**
 * Minimise the model's loss by GD (batchSize ≥ n) or minibatch SGD, as gdlib.descend does.
 *
 * `orders` holds numpy's shuffle of every epoch (epochs × n indices, sent by the kernel:
 * gdlib.descent.shuffles), so that SGD visits the minibatches in gdlib's order.
 * Returns {losses, seen, trajectory (one array per parameter, update after update),
 * updates, epochsRun, diverged, limit}.
 */
export function descend(model, data, { params, lr, epochs, batchSize, optimizer, orders }) {
  const n = data.n;
  const full = !batchSize || batchSize >= n;
  const B = full ? n : batchSize;
  const k = minibatches(n, B);
  const max = full ? epochs : epochs * k;
  const opt = optimizer || optimizers.GD();
  const losses = new Float64Array(max + 1), seen = new Float64Array(max + 1);
  const trajectory = params.map((p) => new Float64Array((max + 1) * p.length));
  const keep = (t, ps) => ps.forEach((p, i) => trajectory[i].set(p, t * p.length));
  let state = opt.init(params);
  let loss, grads;
  if (full) [loss, grads] = model.lossAndGradient(data, params);
  else loss = model.loss(data, params);
  const limit = BLOWUP * Math.max(loss, 1);
  losses[0] = loss;
  keep(0, params);
  let t = 0, epoch = 0, diverged = false;
  if (full) {
    while (t < epochs && !diverged) {
      [params, state] = opt.step(params, grads, lr, state, t + 1);
      [loss, grads] = model.lossAndGradient(data, params);
      t += 1;
      losses[t] = loss; seen[t] = seen[t - 1] + n; keep(t, params);
      diverged = !(loss <= limit);
    }
    epoch = t;
  } else {
    while (epoch < epochs && !diverged) {
      const order = orders.subarray(epoch * n, (epoch + 1) * n);
      epoch += 1;
      for (let start = 0; start < n; start += B) {
        const rows = order.subarray(start, Math.min(start + B, n));
        grads = model.gradient(data, params, rows);
        [params, state] = opt.step(params, grads, lr, state, t + 1);
        t += 1;
        loss = model.loss(data, params);
        losses[t] = loss; seen[t] = seen[t - 1] + rows.length; keep(t, params);
        diverged = !(loss <= limit);
        if (diverged) break;
      }
    }
  }
  const cut = (a, per = 1) => a.subarray(0, (t + 1) * per);
  return {
    losses: cut(losses), seen: cut(seen),
    trajectory: trajectory.map((path, i) => cut(path, params[i].length)),
    params, updates: t, epochsRun: epoch, diverged, limit, n, batchSize: B, lr,
  };
}

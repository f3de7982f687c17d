// Explorer of notebook 07 (gdlib.widgets.optimizers): GD, momentum, Nesterov, AdaGrad, RMSProp
// or Adam on the one-feature linear neuron, on a narrow or a round bowl: the path on the
// contours, the excess loss L − L(θ̄) with the theory's slope ρ^{2t}, and ρ against α for GD,
// momentum and Nesterov at this β (gdlib.quadratic's theory), the current α marked.

/** gdlib.quadratic.FLOOR: excess losses are kept down to this fraction of the first one. */
const FLOOR = 1e-12;
/** matplotlib's "--" (lines.dashed_pattern, in line widths). */
const DASHED = [3.7, 1.6];

/**
 * The menu's optimizer `name`, built from the β slider's value as the kernel's registry says
 * (problem.rules: gdlib.widgets.optimizers.rules): its rule, fixed options and β's parameter.
 */
export function build(problem, name, beta) {
  const { rule, options, beta: param } = problem.rules[name];
  return optimizers[rule](param === null ? { ...options } : { ...options, [param]: beta });
}

// --- the theory (gdlib.quadratic) -------------------------------------------------------------

/**
 * The spectral radius of M_λ, one full-batch update of (v, e) along an eigenvector of H
 * (quadratic.iteration_matrix): heavy ball [[β, λ], [−αβ, 1 − αλ]], Nesterov
 * [[β, λ], [−αβ², 1 − αλ(1 + β)]], β = 0 is GD. The eigenvalues of [[a, b], [c, d]] are
 * (tr ± √(tr² − 4 det)) / 2: a complex pair of modulus √det, or two reals, the larger in
 * modulus (|tr| + √disc) / 2 (no cancellation).
 */
function radius(lam, lr, beta, nesterov) {
  const a = beta, b = lam;
  const c = nesterov ? -lr * beta * beta : -lr * beta;
  const d = nesterov ? 1 - lr * lam * (1 + beta) : 1 - lr * lam;
  const tr = a + d, det = a * d - b * c;
  const disc = tr * tr - 4 * det;
  return disc < 0 ? Math.sqrt(det) : (Math.abs(tr) + Math.sqrt(disc)) / 2;
}

/** quadratic.rate: ρ = max over H's eigenvalues of the spectral radius of M_λ. */
export function rate(eigenvalues, lr, beta = 0, nesterov = false) {
  let rho = 0;
  for (const lam of eigenvalues) rho = Math.max(rho, radius(lam, lr, beta, nesterov));
  return rho;
}

/** quadratic.excess: L(θ^[t]) − L(θ̄), finite, kept above FLOOR · its start. */
export function excess(losses, lossBar) {
  const E = Array.from(losses, (l) => l - lossBar).filter(Number.isFinite);
  return Float64Array.from(E, (e) => Math.max(e, FLOOR * E[0]));
}

/** quadratic.theory_line: (t, E⁰ ρ^{2t}), reanchored through the run's last point above
 * round-off when it ends above the line; kept between round-off and twice the highest E. */
export function theoryLine(E, rho, reanchor = true) {
  let env = Array.from(E, (_, t) => E[0] * rho ** (2 * t));
  let last = 0;
  for (let t = 0; t < E.length; t++) if (E[t] > FLOOR * E[0] * 10) last = t;
  if (reanchor && E[last] > env[last]) {
    const scale = E[last] / env[last];
    env = env.map((v) => v * scale);
  }
  const top = 2 * Math.max(...E);
  const ts = [], vs = [];
  env.forEach((v, t) => { if (v >= FLOOR * E[0] && v <= top) { ts.push(t); vs.push(v); } });
  return [ts, vs];
}

/** The theory's rate of a run, GD's or momentum's (null for the adaptive optimizers: no theory). */
export function theoryRate(problem, bowl, { optimizer, lr, beta }) {
  const { rule, options } = problem.rules[optimizer];
  if (rule === "GD") return rate(bowl.lam, lr);
  if (rule === "Momentum") return rate(bowl.lam, lr, beta, Boolean(options.nesterov));
  return null;
}

/** ρ against the problem's α for momentum and Nesterov at this β. */
export function curves(problem, bowl, beta) {
  return {
    momentum: problem.alphas.map((a) => rate(bowl.lam, a, beta, false)),
    Nesterov: problem.alphas.map((a) => rate(bowl.lam, a, beta, true)),
  };
}

// --- the run and its status line --------------------------------------------------------------

/** The run for the controls' values (gdlib.widgets.optimizers.OptimizerExplorer.run). */
export function run(problem, bowl, { optimizer, lr, beta, batch_size, epochs }) {
  const params = [Float64Array.of(bowl.start[0]), Float64Array.of(bowl.start[1])];
  return descend(linear, bowl.data, {
    params, lr, epochs: cappedEpochs(problem, epochs, batch_size), batchSize: batch_size,
    optimizer: build(problem, optimizer, beta), orders: bowl.orders,
  });
}

/** ρ as a student reads it: 0 when it is only round-off (the round bowl at α = 1). */
const fmtRate = (rho) => (rho < 1e-9 ? "0" : fmtG(rho, 3));

export function describe(T, problem, bowl, values, result) {
  const rho = theoryRate(problem, bowl, values);
  const theory = rho === null ? T.no_theory
    : fill(result.batchSize < problem.n ? T.theory_sgd : T.theory, { rho: fmtRate(rho) });
  const cap = capNote(T, problem, result.batchSize);
  if (result.diverged) return runStatus(T, result, `${theory}.`) + bowl.best + cap;
  const E = excess(result.losses, bowl.loss_bar);
  let name = values.optimizer;
  const means = T.beta_means[name];
  if (means) name += ` (${means} = ${fmtF(values.beta, 2)})`;
  return fill(T.line, {
    name, status: runStatus(T, result), excess: fmtG(E[E.length - 1], 2), theory, best: bowl.best,
  }) + cap;
}

// --- the picture ------------------------------------------------------------------------------

/** A text at axes fraction (x, y), centred, in matplotlib's font size (points); lines split on \n. */
function axesText(ctx, ax, text, x, y, { size = 9, color = "black" } = {}) {
  const [left, top, right, bottom] = ax.box;
  const lines = text.split("\n");
  const height = 1.2 * size * PT;
  const cx = left + x * (right - left), cy = bottom - y * (bottom - top);
  ctx.save();
  ctx.font = `${size * PT}px "DejaVu Sans", Verdana, sans-serif`;
  ctx.fillStyle = color;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  lines.forEach((s, i) => ctx.fillText(s, cx, cy + (i - (lines.length - 1) / 2) * height));
  ctx.restore();
}

function drawRun(ctx, T, problem, bowl, values, result) {
  const backdrop = bowl.backdrop;
  const [contours, lossAx, rateAx] = backdrop.axes;
  ctx.drawImage(backdrop.image, 0, 0, ...backdrop.size);
  const tile = pickTile(lossAx, backdrop.tiles[0], result.updates);
  ctx.drawImage(tile.image, ...tile.at);
  const color = problem.rules[values.optimizer].color;
  path(ctx, contours, result.trajectory[0], result.trajectory[1], color);
  const E = excess(result.losses, bowl.loss_bar);
  line(ctx, lossAx, E.map((_, t) => t), E, { color, lw: 1.5 });
  const rho = theoryRate(problem, bowl, values);
  if (rho !== null) {
    const [ts, env] = theoryLine(E, rho, result.batchSize === problem.n);
    line(ctx, lossAx, ts, env, { color: "black", lw: 1.2, dash: DASHED });
  }
  const rates = curves(problem, bowl, values.beta);
  const colors = { momentum: problem.rules.momentum.color, Nesterov: problem.rules.Nesterov.color };
  line(ctx, rateAx, problem.alphas, rates.momentum, { color: colors.momentum, lw: 1.5 });
  line(ctx, rateAx, problem.alphas, rates.Nesterov, { color: colors.Nesterov, lw: 1.5, dash: DASHED });
  if (rho === null) axesText(ctx, rateAx, T.no_theory_figure, 0.5, 0.25, { size: 9, color: "#555" });
  else markers(ctx, rateAx, [values.lr], [Math.min(rho, problem.rho_max)], { color: "black", ms: 7 });
  if (result.diverged) divergedLabel(ctx, contours, T.diverged_label);
}

/** The problem with its arrays unpacked: α's of the rate panel, and the bowls {narrow, round}. */
export function prepare(problem) {
  const bowls = {};
  for (const [name, b] of Object.entries(problem.bowls)) {
    bowls[name] = { ...b, data: { X: f64(b.X), y: f64(b.y), n: problem.n, d: 1 }, orders: i32(b.orders) };
  }
  return { ...problem, alphas: f64(problem.alphas), bowls };
}

/** The β slider says what β means for the chosen optimizer, and is off where β does not apply
 * (gdlib.widgets.optimizers.OptimizerExplorer._beta_label, the kernel's same rule). Returns the
 * cleanup function. */
export function labelBeta(model) {
  const queued = sequence();
  const label = () => queued(async () => {
    const beta = await controlModel(model, "beta");
    if (!beta) return;
    const T = model.get("texts"), name = model.get("problem").optimizers[model.get("optimizer")];
    const means = T.beta_means[name];
    setControl(beta, { disabled: !means, description: means || T.beta_unused });
  });
  model.on("change:optimizer", label);
  return () => model.off("change:optimizer", label);
}

export default {
  /** Once per model (not per view): the epochs slider follows |B|, β's label the optimizer. */
  initialize({ model }) {
    const stops = [fitEpochs(model, model.get("problem")), labelBeta(model)];
    return () => stops.forEach((stop) => stop());
  },
  async render({ model, el }) {
    const T = model.get("texts");
    const problem = prepare(model.get("problem"));
    for (const bowl of Object.values(problem.bowls)) bowl.backdrop = await loadBackdrop(bowl.backdrop);
    const names = ["optimizer", "lr", "beta", "batch_size", "epochs", "bowl"];
    const values = () => ({
      ...valuesOf(model, names),
      optimizer: problem.optimizers[model.get("optimizer")],   // the menus sync their index
      bowl: problem.bowl_names[model.get("bowl")],
    });
    const first = Object.values(problem.bowls)[0];
    const picture = new Picture(el, first.backdrop.size, (ctx) => {
      const v = values();
      const bowl = problem.bowls[v.bowl];
      const result = run(problem, bowl, v);
      drawRun(ctx, T, problem, bowl, v, result);
      picture.status.innerHTML = describe(T, problem, bowl, v, result);
      picture.canvas.gdRun = result;
    });
    return picture.follow(model, names);
  },
};

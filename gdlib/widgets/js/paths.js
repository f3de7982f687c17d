// Explorers of notebooks 02–03 (gdlib.widgets.paths): GD, and minibatch SGD next to GD, on the
// loss contours of the one-feature linear neuron, with their loss curves.

const GD_COLOR = "#1f5fbf", SGD_COLOR = "#e8590c";

/** The runs for the controls' values: GD, and SGD in the SGD explorer. */
export function runs(problem, bowl, { lr, epochs, batch_size }) {
  const start = [Float64Array.of(bowl.start[0]), Float64Array.of(bowl.start[1])];
  const out = {};
  if (problem.sgd) epochs = cappedEpochs(problem, epochs, batch_size);
  out.GD = descend(linear, bowl.data, { params: start, lr, epochs });
  if (problem.sgd) {
    out.SGD = descend(linear, bowl.data, { params: start, lr, epochs, batchSize: batch_size,
                                            orders: bowl.orders });
  }
  return out;
}

export function describe(T, problem, bowl, result) {
  const gd = result.GD;
  const crit = `(α / α_crit = ${fmtG(gd.lr / bowl.alpha_crit, 3)}, α_crit = 2/λ_max = ${fmtG(bowl.alpha_crit, 3)})`;
  if (!problem.sgd) return runStatus(T, gd, crit);
  const sgd = result.SGD;
  const k = minibatches(problem.n, sgd.batchSize);
  return fill(plural(T.sgd_status, k), {
    gd: runStatus(T, gd), batch_size: sgd.batchSize, k, sgd: runStatus(T, sgd), crit,
  }) + capNote(T, problem, sgd.batchSize);
}

function drawRuns(ctx, backdrop, result) {
  const [contours, ...panels] = backdrop.axes;
  ctx.drawImage(backdrop.image, 0, 0, ...backdrop.size);
  const styles = { GD: [GD_COLOR, 1.5], SGD: [SGD_COLOR, 0.9] };
  const last = Math.max(...Object.values(result).map((r) => r.updates));
  const lastEpoch = Math.max(...Object.values(result).map((r) => r.seen[r.updates] / r.n));
  panels.forEach((ax, i) => {
    const tile = pickTile(ax, backdrop.tiles[i], i === 0 ? last : lastEpoch);
    ctx.drawImage(tile.image, ...tile.at);
  });
  for (const [name, run] of Object.entries(result)) {
    const [color, lw] = styles[name];
    path(ctx, contours, run.trajectory[0], run.trajectory[1], color);
    const xs = [run.losses.map((_, t) => t), run.seen.map((s) => s / run.n)];
    panels.forEach((ax, i) => line(ctx, ax, xs[i], run.losses, { color, lw }));
  }
  if (Object.values(result).some((r) => r.diverged)) divergedLabel(ctx, contours, backdrop.texts.diverged_label);
}

/** The bowls of a problem with their arrays unpacked: {round, narrow?} → {data, orders, …}. */
export function prepare(problem) {
  const bowls = {};
  for (const [name, b] of Object.entries(problem.bowls)) {
    bowls[name] = { ...b, data: { X: f64(b.X), y: f64(b.y), n: problem.n, d: 1 },
                    orders: b.orders ? i32(b.orders) : null };
  }
  return bowls;
}

/** The α slider after the narrow-bowl checkbox moved from bowl `from` to bowl `to`: the new
 * bowl's range (its lr_range, α_crit / 1000 … 4 α_crit) and the same α / α_crit, on the
 * slider's grid. */
export function switchedLr(value, from, to, { step, base }) {
  const [min, max] = to.lr_range;
  return { min, max, value: onLogGrid((value / from.alpha_crit) * to.alpha_crit, { min, max, step, base }) };
}

/** The narrow-bowl checkbox moves the α slider (switchedLr). Returns the cleanup function. */
export function keepRatio(model, bowls) {
  const queued = sequence();
  let shown = model.get("narrow") ? "narrow" : "round";     // the bowl α's range is for
  const move = () => {
    const to = model.get("narrow") ? "narrow" : "round";
    queued(async () => {
      if (to === shown) return;
      const lr = await controlModel(model, "lr");
      if (!lr) return;
      setControl(lr, switchedLr(lr.get("value"), bowls[shown], bowls[to],
                                { step: lr.get("step"), base: lr.get("base") }));
      shown = to;
    });
  };
  model.on("change:narrow", move);
  return () => model.off("change:narrow", move);
}

export default {
  /** Once per model (not per view): the controls this explorer moves. */
  initialize({ model }) {
    const problem = model.get("problem");
    const stops = [fitEpochs(model, problem)];
    if (problem.bowls.narrow) stops.push(keepRatio(model, problem.bowls));
    return () => stops.forEach((stop) => stop());
  },
  async render({ model, el }) {
    const problem = model.get("problem");
    const T = model.get("texts");
    const bowls = prepare(problem);
    for (const bowl of Object.values(bowls)) {
      bowl.backdrop = { ...(await loadBackdrop(bowl.backdrop)), texts: T };
    }
    const names = ["lr", "epochs", "batch_size", "narrow"];
    const picture = new Picture(el, bowls.round.backdrop.size, (ctx) => {
      const values = valuesOf(model, names);
      const bowl = bowls[values.narrow ? "narrow" : "round"];
      const result = runs(problem, bowl, values);
      drawRuns(ctx, bowl.backdrop, result);
      picture.status.innerHTML = describe(T, problem, bowl, result);
      picture.canvas.gdRun = result;
    });
    return picture.follow(model, names);
  },
};

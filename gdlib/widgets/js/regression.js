// Explorer of notebook 04 (gdlib.widgets.regression): a one-feature regression on raw or
// standardised x. The path on the contours of L(w, b) for the feature the switch picks, the
// fitted line in raw units over the data, the loss curve; the switch swaps the backdrops.

const GD_COLOR = "#1f5fbf", FIT_COLOR = "#c2255c";

/** The problem with its arrays unpacked: {raw, standardized} → {data, alpha_crit, …}. */
export function prepare(problem) {
  const y = f64(problem.y), n = problem.n;
  const features = { raw: f64(problem.X), standardized: f64(problem.scaled) };
  const settings = {};
  for (const [name, X] of Object.entries(features)) {
    settings[name] = { name, data: { X, y, n, d: 1 }, alpha_crit: problem.alpha_crit[name],
                       backdrop: problem.backdrops[name] };
  }
  return { ...problem, orders: i32(problem.orders), settings };
}

const settingOf = (prepared, standardize) => prepared.settings[standardize ? "standardized" : "raw"];

/** The run for the controls' values, as RegressionExplorer.run (epochs within the cap). */
export function runs(prepared, { lr, epochs, batch_size, standardize }) {
  const setting = settingOf(prepared, standardize);
  return descend(linear, setting.data, {
    params: [Float64Array.of(0), Float64Array.of(0)], lr,
    epochs: cappedEpochs(prepared, epochs, batch_size), batchSize: batch_size,
    orders: prepared.orders,
  });
}

export function describe(T, prepared, standardize, run) {
  const crit = settingOf(prepared, standardize).alpha_crit;
  const note = fill(T.crit, { ratio: fmtG(run.lr / crit, 3), crit: fmtG(crit, 3) });
  return runStatus(T, run, note) + capNote(T, prepared, run.batchSize);
}

/** (w, b) of the fitted line in raw units: w (x − μ)/σ + b when x is standardised. */
export function fittedLine(prepared, standardize, run) {
  let w = run.params[0][0], b = run.params[1][0];
  if (standardize) [w, b] = [w / prepared.std, b - (w * prepared.mean) / prepared.std];
  return [w, b];
}

function drawRun(ctx, backdrop, prepared, standardize, run) {
  const [contours, fit, loss] = backdrop.axes;
  ctx.drawImage(backdrop.image, 0, 0, ...backdrop.size);
  const tile = pickTile(loss, backdrop.tiles[0], run.updates);
  ctx.drawImage(tile.image, ...tile.at);
  path(ctx, contours, run.trajectory[0], run.trajectory[1], GD_COLOR);
  const [w, b] = fittedLine(prepared, standardize, run);
  const xs = prepared.xs;
  line(ctx, fit, xs, xs.map((x) => w * x + b), { color: FIT_COLOR, lw: 2 });
  line(ctx, loss, run.losses.map((_, t) => t), run.losses, { color: GD_COLOR, lw: 1.5 });
  if (run.diverged) divergedLabel(ctx, contours, backdrop.texts.diverged_label);
}

export default {
  initialize: epochsFollowBatch,
  async render({ model, el }) {
    const prepared = prepare(model.get("problem"));
    const T = model.get("texts");
    for (const setting of Object.values(prepared.settings)) {
      setting.backdrop = { ...(await loadBackdrop(setting.backdrop)), texts: T };
    }
    const names = ["lr", "epochs", "batch_size", "standardize"];
    const picture = new Picture(el, prepared.settings.raw.backdrop.size, (ctx) => {
      const v = valuesOf(model, names);
      const run = runs(prepared, v);
      drawRun(ctx, settingOf(prepared, v.standardize).backdrop, prepared, v.standardize, run);
      picture.status.innerHTML = describe(T, prepared, v.standardize, run);
      picture.canvas.gdRun = run;
    });
    return picture.follow(model, names);
  },
};

// The page moves the controls' ranges itself (gdlib.widgets.base.Explorer): the kernel sends
// the controls' widget references as the figure's trait `controls` (name → "IPY_MODEL_<id>");
// here the figure sets `min`/`max`/`value` on those models and calls save_changes(). In
// JupyterLab that syncs the move to the kernel (its explorer holds the values the page shows);
// on a page with no kernel (the static site) it is the same code, so the page looks the same.

/** The widget model of the control `name` (an ipywidgets core slider), or null. */
export async function controlModel(model, name) {
  const id = (model.get("controls") || {})[name];
  return id ? model.widget_manager.get_model(id.replace(/^IPY_MODEL_/, "")) : null;
}

/** The figure's traits `names` as one object, e.g. {lr: 0.1, epochs: 50, batch_size: 8}: the
 * values of the controls a run is made for. */
export function valuesOf(model, names) {
  return Object.fromEntries(names.map((name) => [name, model.get(name)]));
}

/** Set some traits of a control at once (min, max, value) and sync them; nothing when they
 * hold already (no message for nothing). */
export function setControl(control, state) {
  const changed = Object.fromEntries(Object.entries(state).filter(([k, v]) => control.get(k) !== v));
  if (Object.keys(changed).length === 0) return;
  control.set(changed);
  control.save_changes();
}

/** Run the moves one after the other, in the order their causes came (a quick double click
 * must not interleave two moves); an error is reported, the next move still runs. */
export function sequence() {
  let queue = Promise.resolve();
  return (task) => {
    queue = queue.then(task).catch((e) => console.error("gdlib: moving a control failed", e));
    return queue;
  };
}

/** The epochs slider's maximum at |B| (gdlib.widgets.base.Explorer.epochs_cap): an epoch is
 * k minibatches, and a run makes at most max_updates updates. */
export function epochsCap(problem, batchSize) {
  const k = minibatches(problem.n, batchSize);
  return Math.max(1, Math.min(problem.max_epochs, Math.floor(problem.max_updates / k)));
}

/** The epochs slider follows |B|: its maximum is epochsCap, its value at most that (the
 * page's run stops there too: cappedEpochs). Returns the cleanup function. */
export function fitEpochs(model, problem) {
  const queued = sequence();
  const fit = () => queued(async () => {
    const epochs = await controlModel(model, "epochs");
    if (!epochs) return;
    const cap = epochsCap(problem, model.get("batch_size"));
    setControl(epochs, { max: cap, value: Math.min(epochs.get("value"), cap) });
  });
  model.on("change:batch_size", fit);
  return () => model.off("change:batch_size", fit);
}

/** anywidget's `initialize` of an explorer whose page-moved control is the epochs slider:
 * once per model (not per view), its maximum follows |B| (fitEpochs). */
export function epochsFollowBatch({ model }) {
  return fitEpochs(model, model.get("problem"));
}

/** A log slider's value on its grid, within [base^min, base^max] (gdlib.widgets.base.on_grid):
 * base^(min + k · step) for the whole k nearest to the value's exponent. */
export function onLogGrid(value, { min, max, step, base }) {
  const where = Math.log10(value) / Math.log10(base);
  const k = Math.min(Math.max(Math.round((where - min) / step), 0), Math.round((max - min) / step));
  return base ** (min + k * step);
}

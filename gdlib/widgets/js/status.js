// The status line of a run, as gdlib.widgets.base.run_status writes it (texts: the kernel's
// translated templates).

/** One line for a student: how the run ended (a clear "diverged" instead of NaNs). */
export function runStatus(T, run, extra = "") {
  const last = run.losses[run.losses.length - 1];
  if (run.diverged) {
    return fill(T.diverged, {
      updates: run.updates, update_word: plural(T.update_word, run.updates),
      limit: fmtG(run.limit, 3), blowup: "100", lr: fmtG(run.lr, 3), extra,
    });
  }
  const note = last > run.losses[0] ? ` <b style='color:#c92a2a'>${T.rising}</b>` : "";
  return fill(T.status, { updates: run.updates, epochs: run.epochsRun, loss: fmtG(last, 5), note, extra });
}

/** The note under the status when the epochs slider is capped (gdlib.widgets.base._cap_note). */
export function capNote(T, problem, batchSize) {
  const cap = epochsCap(problem, batchSize);
  return cap === problem.max_epochs ? "" : fill(T.cap, { max: cap, k: minibatches(problem.n, batchSize),
                                                         limit: problem.max_updates });
}

/** The epochs a run makes: the slider's value, within the cap of max_updates updates. */
export function cappedEpochs(problem, epochs, batchSize) {
  return Math.min(epochs, epochsCap(problem, batchSize));
}

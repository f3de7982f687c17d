// Explorer of notebook 01 (gdlib.widgets.surface): move θ = (w, b) by hand; the point on
// the loss contours, the line ŷ = w x + b over the data, and L(w, b) in the status line.

const FIT_COLOR = "#c2255c";

/** The problem with its arrays unpacked: {data: {X, y, n, d}, …}. */
export function prepare(problem) {
  return { ...problem, data: { X: f64(problem.X), y: f64(problem.y), n: problem.n, d: 1 } };
}

/** (w, b, L(w, b)), as SurfaceExplorer.run. */
export function runs(prepared, { w, b }) {
  return [w, b, linear.loss(prepared.data, [Float64Array.of(w), Float64Array.of(b)])];
}

export function describe(T, prepared, [w, b, loss]) {
  return fill(T.surface, {
    w: fmtF(w, 2), b: fmtF(b, 2), loss: fmtG(loss, 4), best: fmtG(prepared.best, 4),
    w_bar: fmtF(prepared.optimum[0], 2), b_bar: fmtF(prepared.optimum[1], 2),
  });
}

function drawPoint(ctx, backdrop, xs, [w, b]) {
  const [contours, fit] = backdrop.axes;
  ctx.drawImage(backdrop.image, 0, 0, ...backdrop.size);
  // ax.plot([w], [b], "o", ms=10, mec="white"); ax.plot(xs, w xs + b, lw=2)
  // unclipped: at the sliders' ends θ sits on the frame, and a clipped quarter disc is lost
  const [x, y] = [contours.px(w), contours.py(b)];
  ctx.save();
  ctx.fillStyle = FIT_COLOR;
  ctx.strokeStyle = "white";
  ctx.lineWidth = PT;
  ctx.beginPath();
  ctx.arc(x, y, (10 * PT) / 2, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
  ctx.restore();
  line(ctx, fit, xs, xs.map((x) => w * x + b), { color: FIT_COLOR, lw: 2 });
}

export default {
  async render({ model, el }) {
    const prepared = prepare(model.get("problem"));
    const T = model.get("texts");
    const backdrop = await loadBackdrop(prepared.backdrop);
    const names = ["w", "b"];
    const picture = new Picture(el, backdrop.size, (ctx) => {
      const result = runs(prepared, valuesOf(model, names));
      drawPoint(ctx, backdrop, prepared.xs, result);
      picture.status.innerHTML = describe(T, prepared, result);
      picture.canvas.gdRun = result;
    });
    return picture.follow(model, names);
  },
};

"""Section ``peers``: the same problem and epochs in PyTorch (CPU) and scikit-learn."""
from __future__ import annotations

import warnings

import numpy as np

import gdlib
from gdlib import linear, logistic, softmax

from .problems import course_problems, start
from .timing import faster, fmt_time, race


def torch_peers(torch):
    """PyTorch on the CPU, float64, the same loop as gdlib: manual gradients and autograd."""
    F = torch.nn.functional

    def tensors(model, X, y, w0, b0):
        y = torch.from_numpy(y.astype(np.int64 if model is softmax else np.float64))
        return (torch.from_numpy(X), y, torch.tensor(w0, dtype=torch.float64),
                torch.tensor(b0, dtype=torch.float64))

    def batches(X, y, n, B, gen):
        if B is None:
            yield X, y
            return
        order = torch.randperm(n, generator=gen)
        Xs, ys = X[order], y[order]                       # one copy per epoch, as gdlib
        for s in range(0, n, B):
            yield Xs[s:s + B], ys[s:s + B]

    def manual(model, X, y, lr, epochs, batch_size, w0, b0):
        X, y, w, b = tensors(model, X, y, w0, b0)
        n, gen = len(y), torch.Generator().manual_seed(0)
        for _ in range(epochs):
            for XB, yB in batches(X, y, n, batch_size, gen):
                z = XB @ w + b
                if model is softmax:
                    R = torch.softmax(z, dim=1)
                    R[torch.arange(len(yB)), yB] -= 1.0
                else:
                    R = torch.sigmoid(z) - yB if model is logistic else z - yB
                w = w - lr * (XB.T @ R / len(yB))
                b = b - lr * R.mean(dim=0)
        return w.numpy(), b.numpy()

    losses = {linear: lambda z, y: 0.5 * F.mse_loss(z, y),
              logistic: F.binary_cross_entropy_with_logits, softmax: F.cross_entropy}

    def autograd(model, X, y, lr, epochs, batch_size, w0, b0):
        X, y, w, b = tensors(model, X, y, w0, b0)
        w.requires_grad_(), b.requires_grad_()
        n, gen = len(y), torch.Generator().manual_seed(0)
        optimiser, loss = torch.optim.SGD([w, b], lr=lr), losses[model]
        for _ in range(epochs):
            for XB, yB in batches(X, y, n, batch_size, gen):
                optimiser.zero_grad()
                loss(XB @ w + b, yB).backward()
                optimiser.step()
        return w.detach().numpy(), b.detach().numpy()

    return {"torch manual": manual, "torch autograd": autograd}


def sklearn_peers(sklearn_linear_model):
    """scikit-learn where it applies: SGD at |B| = 1, and LogisticRegression (lbfgs).

    Each returns (w, b) in gdlib's shapes, as the torch peers do (L-BFGS adds how many
    iterations it ran: it stops early once it cannot lower the loss any more).
    """
    lm = sklearn_linear_model
    import inspect
    no_penalty = ({"C": np.inf} if inspect.signature(lm.LogisticRegression).parameters[
        "penalty"].default == "deprecated" else {"penalty": None})
    sgd_args = lambda lr, epochs: dict(penalty=None, learning_rate="constant", eta0=lr,
                                       max_iter=epochs, tol=None, shuffle=True, random_state=0)

    def sgd(model, X, y, lr, epochs, batch_size, w0, b0):
        if model is linear:
            est = lm.SGDRegressor(loss="squared_error", **sgd_args(lr, epochs))
            est.fit(X, y, coef_init=w0, intercept_init=b0)
        else:
            est = lm.SGDClassifier(loss="log_loss", **sgd_args(lr, epochs))
            est.fit(X, y, coef_init=w0[None, :], intercept_init=[b0])
        return est.coef_.ravel(), float(est.intercept_[0])

    def lbfgs(model, X, y, lr, epochs, batch_size, w0, b0):
        est = lm.LogisticRegression(solver="lbfgs", max_iter=epochs, tol=0.0, **no_penalty)
        est.fit(X, y)
        iterations = f"{est.n_iter_[0]} iterations"
        if model is softmax:                              # sklearn's coef_ is (K, d)
            return est.coef_.T, est.intercept_, iterations
        return est.coef_.ravel(), float(est.intercept_[0]), iterations

    # name -> (fit, the models it applies to, the batch size it runs: None = full batch)
    return {"sklearn SGDRegressor": (sgd, {linear}, 1),
            "sklearn SGDClassifier": (sgd, {logistic}, 1),
            "sklearn LogisticRegression": (lbfgs, {logistic, softmax}, None)}


def agreement(name, B, model, X, y, h, answer):
    """Does a peer's answer agree with gdlib's run h? Short text for the table's check column.

    Full batch is the same arithmetic: the same θ is expected. At |B| = 1 the shuffles
    differ, so only the final training loss can be compared; L-BFGS is another algorithm.
    """
    w, b, *more = answer                                  # in gdlib's shapes
    if name.startswith("torch") and B is None:
        same = np.allclose(w, h.w, rtol=1e-6, atol=1e-9) and np.allclose(b, h.b, rtol=1e-6,
                                                                         atol=1e-9)
        return "same θ" if same else "NO: θ differs"
    ratio = model.loss(X, y, w, b) / h.losses[-1]
    if "LogisticRegression" in name:
        return f"L-BFGS, {more[0]}: loss {ratio:.2g}× gdlib's"
    return f"loss {ratio:.2g}× gdlib's" + ("" if 1 / 3 <= ratio <= 3 else " (NO: far off)")


def bench_peers(cfg, report):
    torch = sklearn_lm = None
    try:
        import torch
    except ImportError as error:
        report.skip("PyTorch peers", f"torch not installed: {error}")
    try:
        import sklearn.linear_model as sklearn_lm
        from sklearn.exceptions import ConvergenceWarning
        warnings.simplefilter("ignore", ConvergenceWarning)
    except ImportError as error:
        report.skip("scikit-learn peers", f"scikit-learn not installed: {error}")
    # name -> (fit, the models it applies to, the batch size it runs: "both" = GD and SGD)
    peers = {}
    if torch is not None:
        torch.set_num_threads(cfg.threads)
        for name, fit in torch_peers(torch).items():
            peers[name] = (fit, {linear, logistic, softmax}, "both")
    if sklearn_lm is not None:
        peers.update(sklearn_peers(sklearn_lm))
    if not peers:
        report.row("peers", "PyTorch and scikit-learn", "skipped", met="skipped")
        return
    for label, model, X, y, lr, course in course_problems(cfg.quick):
        w0, b0 = start(model, X, y)
        modes = [("GD", None, cfg.gd_epochs)]
        if model is not softmax and course:
            modes.append(("SGD |B|=1", 1, cfg.sgd_epochs))
        for mode, B, epochs in modes:
            fits = [(name, fit) for name, (fit, models, batch) in peers.items()
                    if model in models and batch in ("both", B)]
            ours = lambda: gdlib.descend(model, X, y, lr=lr, epochs=epochs, batch_size=B,
                                         w0=w0, b0=b0)
            runs = [lambda fit=fit: fit(model, X, y, lr, epochs, B, w0, b0) for _, fit in fits]
            times = race(ours, *runs, repeat=cfg.repeat, min_time=cfg.min_time,
                         warmup=cfg.warmup)
            h = ours()
            for (name, _), run, t in zip(fits, runs, times[1:]):
                report.row("peers", f"{mode} {label}, {epochs} epoch{'s' * (epochs > 1)} "
                           f"vs {name}", fmt_time(times[0]), fmt_time(t), faster(t, times[0]),
                           "≥ 1× (as fast)" if course else "—",
                           t >= times[0] if course else "—",
                           agreement(name, B, model, X, y, h, run()))
    report.note("peers: same data, same start θ⁰, same α and epochs; float64 everywhere; "
                "numpy's BLAS and torch use the same number of threads. gdlib is "
                "gdlib.descend as the course uses it: it also records the full-training-set "
                "loss and θ after every update (the course's contract), which no peer does.")
    report.note("peers: torch manual is gdlib's loop written in torch (forward, Xᵀr/n, "
                "simultaneous update); torch autograd is loss.backward() + torch.optim.SGD. "
                "Full batch, both must end at gdlib's θ (check: same θ).")
    report.note("peers: sklearn's SGDRegressor / SGDClassifier are per-example SGD (|B| = 1) "
                "in compiled code (constant eta0 = α, penalty=None, tol=None, shuffle), the "
                "same update as gdlib's |B| = 1 (sklearn's squared loss is ½(ŷ - y)², "
                "as gdlib's); the shuffles differ, so only the final training losses are "
                "compared (check: the peer's loss over gdlib's). LogisticRegression is "
                "another algorithm (L-BFGS, no penalty, max_iter = epochs, tol=0): an "
                "iteration costs about one gradient, but it gets much further per "
                "iteration; it is here as what a practitioner would call, not as the same "
                "update.")

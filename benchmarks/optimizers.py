"""Section ``optimizers``: µs per update of each gdlib.optimizers rule next to plain GD,
and next to torch.optim on the same work."""
from __future__ import annotations

import numpy as np

import gdlib
from gdlib import data, logistic

from .problems import standardized, start
from .timing import faster, fmt_time, race


def _optimizers():
    from gdlib.optimizers import AdaGrad, Adam, Momentum, RMSProp
    return {"Momentum": Momentum(), "Nesterov": Momentum(nesterov=True), "AdaGrad": AdaGrad(),
            "RMSProp": RMSProp(), "Adam": Adam()}


def torch_optimizer(torch, opt, params, lr):
    """The torch.optim twin of a gdlib optimizer (tests/test_optimizers.py checks they agree)."""
    from gdlib.optimizers import AdaGrad, Momentum, RMSProp
    if isinstance(opt, Momentum):
        return torch.optim.SGD(params, lr=lr, momentum=opt.beta, nesterov=opt.nesterov)
    if isinstance(opt, AdaGrad):
        return torch.optim.Adagrad(params, lr=lr, eps=opt.eps)
    if isinstance(opt, RMSProp):
        return torch.optim.RMSprop(params, lr=lr, alpha=opt.rho, eps=opt.eps)
    return torch.optim.Adam(params, lr=lr, betas=(opt.beta1, opt.beta2), eps=opt.eps)


def torch_optim_run(torch, opt, X, y, lr, epochs, w0, b0):
    """Full-batch logistic regression with autograd and torch.optim: the same work as descend."""
    F = torch.nn.functional
    X, y = torch.from_numpy(X), torch.from_numpy(y.astype(np.float64))
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    optimiser = torch_optimizer(torch, opt, [w, b], lr)
    for _ in range(epochs):
        optimiser.zero_grad()
        F.binary_cross_entropy_with_logits(X @ w + b, y).backward()
        optimiser.step()
    return w.detach().numpy(), float(b.detach())


def bench_optimizers(cfg, report):
    try:
        import torch
        torch.set_num_threads(cfg.threads)
    except ImportError as error:
        torch = None
        report.skip("torch.optim", f"torch not installed: {error}")
    X, y = standardized(data.load_breast_cancer())
    w0, b0 = start(logistic, X, y)
    epochs, lr = cfg.gd_epochs, 0.01
    run = lambda opt: gdlib.descend(logistic, X, y, lr=lr, epochs=epochs, w0=w0, b0=b0,
                                    optimizer=opt)
    for name, opt in _optimizers().items():
        fns = [lambda: run(None), lambda: run(opt)]
        if torch is not None:
            fns.append(lambda: torch_optim_run(torch, opt, X, y, lr, epochs, w0, b0))
        times = [t / epochs for t in race(*fns, repeat=cfg.repeat, min_time=cfg.min_time,
                                          warmup=cfg.warmup)]
        gd, ours = times[:2]
        reference, check = f"GD {fmt_time(gd)}", "—"
        ratio = f"{ours / gd:.2g}× GD ({(ours - gd) * 1e6:+.0f} µs)"
        if torch is not None:
            reference += f" · torch.optim {fmt_time(times[2])}"
            ratio += f" · {faster(times[2], ours)} than torch"
            h, (w, b) = run(opt), torch_optim_run(torch, opt, X, y, lr, epochs, w0, b0)
            same = np.allclose(w, h.w, rtol=0, atol=1e-10) and abs(b - h.b) < 1e-10
            check = "same θ as torch.optim" if same else "NO: θ differs from torch.optim"
        report.row("optimizers", f"{name}, logistic breast cancer 569×30, GD: time per update",
                   fmt_time(ours), reference, ratio, "≤ 1.5× GD", ours <= 1.5 * gd,
                   check)
    report.note("optimizers: µs per update = time of descend(optimizer=…) for "
                f"{epochs} full-batch updates / {epochs}, on the 30 standardised breast-cancer "
                "features (α = 0.01), next to descend without an optimizer (plain GD) and "
                "next to torch.optim with autograd on the same loss, start and α (float64). "
                "An optimizer adds a few vector operations on θ per update (31 numbers here), "
                "nothing per example; the check is the final θ, to 1e-10.")

"""Optimizers (gdlib.optimizers): hand-computed steps, PyTorch's torch.optim, any θ list,
weight decay on the weights only."""
import warnings

import numpy as np
import pytest

import gdlib
from gdlib import data, linear, logistic, network, softmax
from gdlib.optimizers import GD, AdaGrad, Adam, AdamW, Momentum, RMSProp

from .test_descent import blobs, regression

OPTIMIZERS = [Momentum(), Momentum(beta=0.5, nesterov=True), AdaGrad(), RMSProp(), Adam(),
              Momentum(beta=0.8), RMSProp(rho=0.9, eps=1e-6), Adam(beta1=0.8, beta2=0.99),
              # weight decay λ (coupled; AdamW's decoupled), on the weights only
              GD(weight_decay=0.1), Momentum(weight_decay=0.1),
              Momentum(beta=0.5, nesterov=True, weight_decay=0.05), AdaGrad(weight_decay=0.1),
              RMSProp(weight_decay=0.1), Adam(weight_decay=0.1), AdamW(),
              AdamW(beta1=0.8, weight_decay=0.5)]
ADAPTIVE = (Adam, AdamW, RMSProp)
ids = [repr(o) for o in OPTIMIZERS]

# One example x = 2, y = 1, θ⁰ = (w, b) = (1, 0): L = ½(2w + b − 1)², r = 2w + b − 1,
# g = (∂L/∂w, ∂L/∂b) = (2r, r). At θ⁰, r = 1 and g = (2, 1).
X1, Y1, W0, B0 = np.array([[2.0]]), np.array([1.0]), [1.0], 0.0


def two_steps(optimizer, lr=0.1):
    h = gdlib.descend(linear, X1, Y1, lr=lr, epochs=2, w0=W0, b0=B0, optimizer=optimizer)
    return np.c_[h.ws[:, 0], h.bs]


def test_momentum_two_steps_by_hand():
    # v¹ = g⁰ = (2, 1); θ¹ = θ⁰ − 0.1 v¹ = (0.8, −0.1); r¹ = 1.6 − 0.1 − 1 = 0.5, g¹ = (1, 0.5)
    # v² = 0.9 v¹ + g¹ = (2.8, 1.4); θ² = θ¹ − 0.1 v² = (0.52, −0.24)
    np.testing.assert_allclose(two_steps(Momentum(0.9)), [[1, 0], [0.8, -0.1], [0.52, -0.24]],
                               rtol=1e-14, atol=1e-15)


def test_nesterov_two_steps_by_hand():
    # v¹ = (2, 1); θ¹ = θ⁰ − 0.1 (g⁰ + 0.9 v¹) = (1 − 0.38, −0.19) = (0.62, −0.19)
    # r¹ = 1.24 − 0.19 − 1 = 0.05, g¹ = (0.1, 0.05); v² = 0.9 v¹ + g¹ = (1.9, 0.95)
    # θ² = θ¹ − 0.1 (g¹ + 0.9 v²) = (0.62 − 0.181, −0.19 − 0.0905) = (0.439, −0.2805)
    np.testing.assert_allclose(two_steps(Momentum(0.9, nesterov=True)),
                               [[1, 0], [0.62, -0.19], [0.439, -0.2805]], rtol=1e-14, atol=1e-15)


def test_adagrad_two_steps_by_hand():
    # s¹ = g⁰² = (4, 1); θ¹ = θ⁰ − 0.1 g⁰/√s¹ = (0.9, −0.1)  (ε = 1e-10 below round-off here)
    # r¹ = 1.8 − 0.1 − 1 = 0.7, g¹ = (1.4, 0.7); s² = (4 + 1.96, 1 + 0.49)
    # θ² = θ¹ − 0.1 g¹/√s²
    w2, b2 = 0.9 - 0.1 * 1.4 / (5.96 ** 0.5 + 1e-10), -0.1 - 0.1 * 0.7 / (1.49 ** 0.5 + 1e-10)
    np.testing.assert_allclose(two_steps(AdaGrad()), [[1, 0], [0.9, -0.1], [w2, b2]],
                               rtol=1e-9)


def test_rmsprop_two_steps_by_hand():
    # s¹ = 0.01 g⁰² = (0.04, 0.01); θ¹ = θ⁰ − 0.01 g⁰/(√s¹ + ε) = θ⁰ − 0.01·(10, 10) = (0.9, −0.1)
    # g¹ = (1.4, 0.7); s² = 0.99 s¹ + 0.01 g¹² = (0.0396 + 0.0196, 0.0099 + 0.0049)
    w2 = 0.9 - 0.01 * 1.4 / (0.0592 ** 0.5 + 1e-8)
    b2 = -0.1 - 0.01 * 0.7 / (0.0148 ** 0.5 + 1e-8)
    np.testing.assert_allclose(two_steps(RMSProp(), lr=0.01), [[1, 0], [0.9, -0.1], [w2, b2]],
                               rtol=1e-7)


def test_adam_two_steps_by_hand():
    # t = 1: m = 0.1 g⁰, s = 0.001 g⁰², m̂ = g⁰, ŝ = g⁰²: the first step is α·sign(g) = (0.1, 0.1)
    # θ¹ = (0.9, −0.1); g¹ = (1.4, 0.7)
    # t = 2: m = 0.9·0.1·(2, 1) + 0.1·(1.4, 0.7) = (0.32, 0.16), m̂ = m / (1 − 0.9²)
    #        s = 0.999·0.001·(4, 1) + 0.001·(1.96, 0.49) = (0.005956, 0.001489), ŝ = s / (1 − 0.999²)
    m_hat = np.array([0.32, 0.16]) / (1 - 0.9 ** 2)
    s_hat = np.array([0.005956, 0.001489]) / (1 - 0.999 ** 2)
    theta2 = np.array([0.9, -0.1]) - 0.1 * m_hat / (np.sqrt(s_hat) + 1e-8)
    np.testing.assert_allclose(two_steps(Adam()), [[1, 0], [0.9, -0.1], theta2], rtol=1e-7)


def test_momentum_with_beta_zero_is_plain_gd_bit_for_bit():
    X, y = regression()
    for batch_size in (None, 7):
        a = gdlib.descend(linear, X, y, lr=0.1, epochs=5, batch_size=batch_size)
        b = gdlib.descend(linear, X, y, lr=0.1, epochs=5, batch_size=batch_size,
                          optimizer=Momentum(beta=0.0))
        np.testing.assert_array_equal(a.ws, b.ws)
        np.testing.assert_array_equal(a.bs, b.bs)


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=ids)
def test_state_starts_fresh_in_every_run(optimizer):
    X, y = regression()
    a = gdlib.descend(linear, X, y, lr=0.05, epochs=6, batch_size=10, optimizer=optimizer)
    b = gdlib.descend(linear, X, y, lr=0.05, epochs=6, batch_size=10, optimizer=optimizer)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert a.optimizer is optimizer


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=ids)
def test_the_update_is_simultaneous_and_per_coordinate_for_any_list_of_params(optimizer):
    """A θ of four arrays of different shapes (like a network's [W1, b1, W2, b2]) moves as
    each array would on its own: nothing is shared between arrays or coordinates."""
    rng = np.random.default_rng(0)
    shapes = [(3, 4), (4,), (4, 2), (2,)]
    params = [rng.standard_normal(s) for s in shapes]
    grads = [[rng.standard_normal(s) for s in shapes] for _ in range(3)]
    state = optimizer.init(params)
    together = params
    for t, g in enumerate(grads, 1):
        together, state = optimizer.step(together, g, 0.01, state, t)
    for i in range(4):
        alone, state_i = [params[i]], optimizer.init([params[i]])
        for t, g in enumerate(grads, 1):
            alone, state_i = optimizer.step(alone, [g[i]], 0.01, state_i, t)
        np.testing.assert_array_equal(together[i], alone[0])
        assert together[i].shape == shapes[i]
    assert all(p is not q for p, q in zip(together, params))


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=ids)
@pytest.mark.parametrize("model,K", [(linear, None), (logistic, 2), (softmax, 3)])
def test_every_optimizer_lowers_the_loss(optimizer, model, K):
    X, y = regression() if K is None else blobs(K)
    lr = 0.01 if isinstance(optimizer, ADAPTIVE) else 0.05
    h = gdlib.descend(model, X, y, lr=lr, epochs=100, optimizer=optimizer)
    assert h.losses[-1] < 0.5 * h.losses[0] and not h.diverged


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=ids)
def test_a_diverging_run_is_reported_without_warnings(optimizer):
    X, y = regression()
    X = 1000 * X                                    # badly scaled: α = 1 is far too large
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = gdlib.descend(linear, X, y, lr=1e4, epochs=200, optimizer=optimizer)
    assert h.diverged and "diverged" in h.status


@pytest.mark.parametrize("make,error,match", [
    (lambda: Momentum(beta=1.0), ValueError, r"beta must be in \[0, 1\).*beta=0.9"),
    (lambda: Momentum(beta=-0.1), ValueError, r"beta must be in \[0, 1\)"),
    (lambda: Momentum(beta="0.9"), TypeError, r"beta must be a real number"),
    (lambda: Momentum(beta=float("nan")), ValueError, r"beta must be a finite number"),
    (lambda: Momentum(nesterov="yes"), TypeError, r"nesterov must be True or False"),
    (lambda: AdaGrad(eps=0.0), ValueError, r"eps must be a finite number > 0.*eps=1e-8"),
    (lambda: RMSProp(rho=1.5), ValueError, r"rho must be in \[0, 1\).*rho=0.99"),
    (lambda: RMSProp(eps=-1e-8), ValueError, r"eps must be"),
    (lambda: Adam(beta1=1.0), ValueError, r"beta1 must be in \[0, 1\)"),
    (lambda: Adam(beta2=1.2), ValueError, r"beta2 must be in \[0, 1\).*beta2=0.999"),
    (lambda: Adam(eps=0), ValueError, r"eps must be"),
])
def test_bad_hyper_parameters_are_named(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("name,suggestion", [("adam", r"Adam\(\)"), ("Nesterov",
                                             r"Momentum\(nesterov=True\)"), ("lbfgs", "Adam")])
def test_an_optimizer_given_by_name_says_which_object_to_pass(name, suggestion):
    X, y = regression()
    with pytest.raises(TypeError, match=rf"string '{name}'.*gdlib\.optimizers\.{suggestion}"):
        gdlib.descend(linear, X, y, lr=0.1, epochs=3, optimizer=name)


def test_gd_object_is_the_default():
    X, y = regression()
    assert isinstance(gdlib.descend(linear, X, y, lr=0.1, epochs=2).optimizer, GD)


# --- the same numbers as PyTorch ------------------------------------------------------------

def torch_twin(optimizer, torch):
    """The torch.optim class and keyword arguments that implement ``optimizer``."""
    if isinstance(optimizer, GD):
        return torch.optim.SGD, {}
    if isinstance(optimizer, Momentum):
        return torch.optim.SGD, dict(momentum=optimizer.beta, nesterov=optimizer.nesterov)
    if isinstance(optimizer, AdaGrad):
        return torch.optim.Adagrad, dict(eps=optimizer.eps)
    if isinstance(optimizer, RMSProp):
        return torch.optim.RMSprop, dict(alpha=optimizer.rho, eps=optimizer.eps)
    if isinstance(optimizer, AdamW):
        return torch.optim.AdamW, dict(betas=(optimizer.beta1, optimizer.beta2),
                                       eps=optimizer.eps)
    return torch.optim.Adam, dict(betas=(optimizer.beta1, optimizer.beta2), eps=optimizer.eps)


def torch_optimizer(torch, optimizer, params, weights, lr):
    """torch.optim with two parameter groups: the weights with weight_decay=λ, the biases 0."""
    cls, kwargs = torch_twin(optimizer, torch)
    groups = [dict(params=[p for i, p in enumerate(params) if i in weights],
                   weight_decay=optimizer.weight_decay),
              dict(params=[p for i, p in enumerate(params) if i not in weights],
                   weight_decay=0.0)]
    return cls(groups, lr=lr, **kwargs)


def torch_network_logits(X, params):
    W1, b1, W2, b2 = params
    return (X @ W1 + b1).tanh() @ W2 + b2


def torch_trajectory(torch, model, X, y, params0, optimizer, lr, updates, batches):
    """θ after every update of torch.optim on gdlib's loss (autograd), float64."""
    F = torch.nn.functional
    X = torch.from_numpy(X)
    y = torch.from_numpy(y.astype(np.int64 if model in (softmax, network) else np.float64))
    params = [torch.tensor(np.array(p, dtype=np.float64), requires_grad=True) for p in params0]
    losses = {linear: lambda z, t: 0.5 * F.mse_loss(z, t),
              logistic: F.binary_cross_entropy_with_logits, softmax: F.cross_entropy,
              network: F.cross_entropy}
    opt = torch_optimizer(torch, optimizer, params, model.WEIGHTS, lr(0) if callable(lr) else lr)
    path = [[p.detach().numpy().copy() for p in params]]
    for t, idx in zip(range(updates), batches):
        if callable(lr):
            for group in opt.param_groups:
                group["lr"] = lr(t)
        opt.zero_grad()
        if model is network:
            logits = torch_network_logits(X[idx], params)
        else:
            w, b = params
            logits = X[idx] @ w + b
        losses[model](logits, y[idx]).backward()
        opt.step()
        path.append([p.detach().numpy().copy() for p in params])
    return [np.array([step[i] for step in path]) for i in range(len(params))]


def gdlib_batches(n, batch_size, epochs, seed, model, X, y):
    """The minibatches descend draws: the same generator, after the random start."""
    rng = np.random.default_rng(seed)
    model.init_params(X, y, rng)       # (the network's default width, as descend draws it)
    out = []
    for _ in range(epochs):
        order = rng.permutation(n)
        out += [order[s:s + batch_size] for s in range(0, n, batch_size)]
    return out


CASES = [(linear, None, None, 0.05), (logistic, 2, None, 0.1), (softmax, 3, None, 0.1),
         (linear, None, 16, 0.05), (softmax, 3, 20, 0.1)]


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=ids)
@pytest.mark.parametrize("model,K,batch_size,lr", CASES,
                         ids=[f"{m.__name__.split('.')[-1]}-B{b}" for m, _, b, _ in CASES])
def test_trajectory_matches_torch_optim(optimizer, model, K, batch_size, lr):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    X, y = regression(n=60) if K is None else blobs(K, n=60)
    if isinstance(optimizer, (*ADAPTIVE, AdaGrad)):
        lr = lr / 5
    epochs, seed = 8, 3
    h = gdlib.descend(model, X, y, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed,
                      optimizer=optimizer)
    n = len(y)
    batches = (gdlib_batches(n, batch_size, epochs, seed, model, X, y) if batch_size
               else [slice(None)] * epochs)
    path = torch_trajectory(torch, model, X, y, [h.ws[0], h.bs[0]], optimizer, lr,
                            h.updates, batches)
    for ours, theirs in zip(h.trajectory, path):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)
    assert h.updates == len(batches) and np.abs(h.ws[-1] - h.ws[0]).max() > 1e-3


@pytest.mark.parametrize("optimizer", [Momentum(nesterov=True), Adam()], ids=repr)
def test_a_schedule_matches_torch_too(optimizer):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    X, y = blobs(3, n=60)
    schedule = gdlib.schedules.warmup(0.05, 5, then=gdlib.schedules.cosine(0.05, 25))
    h = gdlib.descend(softmax, X, y, lr=schedule, epochs=30, optimizer=optimizer)
    path = torch_trajectory(torch, softmax, X, y, [h.ws[0], h.bs[0]], optimizer, schedule,
                            h.updates, [slice(None)] * 30)
    for ours, theirs in zip(h.trajectory, path):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


@pytest.mark.parametrize("optimizer", [GD(weight_decay=0.05), Momentum(weight_decay=0.05),
                                       Adam(weight_decay=0.05), AdamW(weight_decay=0.5)],
                         ids=repr)
@pytest.mark.parametrize("batch_size", [None, 20])
def test_network_weight_decay_matches_torch_on_W1_and_W2_only(optimizer, batch_size):
    """θ = [W1, b1, W2, b2]: torch.optim with the groups {W1, W2} (λ) and {b1, b2} (0)."""
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    X, y = data.make_moons(n=60, noise=0.2, seed=0)
    X = data.standardize(X)[0]
    lr = 0.01 if isinstance(optimizer, ADAPTIVE) else 0.5
    epochs, seed = 6, 1
    h = gdlib.descend(network, X, y, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed,
                      optimizer=optimizer)
    batches = (gdlib_batches(len(y), batch_size, epochs, seed, network, X, y) if batch_size
               else [slice(None)] * epochs)
    path = torch_trajectory(torch, network, X, y, [p[0] for p in h.trajectory], optimizer, lr,
                            h.updates, batches)
    for ours, theirs in zip(h.trajectory, path):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)
    # and the decay mattered: without it W1 ends elsewhere
    plain = gdlib.descend(network, X, y, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed,
                          optimizer=type(optimizer)(weight_decay=0.0))
    assert np.abs(plain.params[0] - h.params[0]).max() > 1e-4


# --- weight decay: hand-computed steps (always run) -----------------------------------------
# The example above with λ = 0.5: the weight's gradient gets + λw, the bias's does not.
# θ⁰ = (1, 0), g⁰ = (2, 1): decayed g⁰ = (2 + 0.5·1, 1) = (2.5, 1).

def test_gd_weight_decay_two_steps_by_hand():
    # θ¹ = (1 − 0.1·2.5, 0 − 0.1·1) = (0.75, −0.1); r¹ = 1.5 − 0.1 − 1 = 0.4, g¹ = (0.8, 0.4)
    # decayed g¹ = (0.8 + 0.5·0.75, 0.4) = (1.175, 0.4); θ² = (0.75 − 0.1175, −0.1 − 0.04)
    np.testing.assert_allclose(two_steps(GD(weight_decay=0.5)),
                               [[1, 0], [0.75, -0.1], [0.6325, -0.14]], rtol=1e-14, atol=1e-15)


def test_momentum_weight_decay_two_steps_by_hand():
    # v¹ = (2.5, 1), θ¹ = (0.75, −0.1); decayed g¹ = (1.175, 0.4) as for GD
    # v² = 0.9·(2.5, 1) + (1.175, 0.4) = (3.425, 1.3); θ² = (0.75 − 0.3425, −0.1 − 0.13)
    np.testing.assert_allclose(two_steps(Momentum(0.9, weight_decay=0.5)),
                               [[1, 0], [0.75, -0.1], [0.4075, -0.23]], rtol=1e-14, atol=1e-15)


def test_adam_coupled_weight_decay_two_steps_by_hand():
    # t = 1: the step is α·sign(decayed g⁰) = (0.1, 0.1): θ¹ = (0.9, −0.1)
    # g¹ = (1.4, 0.7), decayed (1.4 + 0.5·0.9, 0.7) = (1.85, 0.7)
    # m = 0.09·(2.5, 1) + 0.1·(1.85, 0.7) = (0.41, 0.16)
    # s = 0.000999·(6.25, 1) + 0.001·(1.85², 0.49) = (0.00966625, 0.001489)
    m_hat = np.array([0.41, 0.16]) / (1 - 0.9 ** 2)
    s_hat = np.array([0.00966625, 0.001489]) / (1 - 0.999 ** 2)
    theta2 = np.array([0.9, -0.1]) - 0.1 * m_hat / (np.sqrt(s_hat) + 1e-8)
    np.testing.assert_allclose(two_steps(Adam(weight_decay=0.5)), [[1, 0], [0.9, -0.1], theta2],
                               rtol=1e-7)


def test_adamw_decoupled_two_steps_by_hand():
    # t = 1: w ← 1·(1 − 0.1·0.5) = 0.95 first, then Adam's α·sign(g⁰) on g⁰ = (2, 1) (not
    # decayed): θ¹ = (0.85, −0.1). r¹ = 1.7 − 0.1 − 1 = 0.6, g¹ = (1.2, 0.6)
    # t = 2: w ← 0.85·0.95 = 0.8075; m = 0.09·(2, 1) + 0.1·(1.2, 0.6) = (0.3, 0.15)
    #        s = 0.000999·(4, 1) + 0.001·(1.44, 0.36) = (0.005436, 0.001359)
    m_hat = np.array([0.3, 0.15]) / (1 - 0.9 ** 2)
    s_hat = np.array([0.005436, 0.001359]) / (1 - 0.999 ** 2)
    theta2 = np.array([0.8075, -0.1]) - 0.1 * m_hat / (np.sqrt(s_hat) + 1e-8)
    np.testing.assert_allclose(two_steps(AdamW(weight_decay=0.5)),
                               [[1, 0], [0.85, -0.1], theta2], rtol=1e-7)


@pytest.mark.parametrize("make", [GD, Momentum, AdaGrad, RMSProp, Adam, AdamW])
def test_weight_decay_zero_changes_nothing_bit_for_bit(make):
    X, y = regression()
    base = {AdamW: Adam}.get(make, make)
    for batch_size in (None, 7):
        a = gdlib.descend(linear, X, y, lr=0.05, epochs=5, batch_size=batch_size,
                          optimizer=base())
        b = gdlib.descend(linear, X, y, lr=0.05, epochs=5, batch_size=batch_size,
                          optimizer=make(weight_decay=0.0))
        np.testing.assert_array_equal(a.ws, b.ws)
        np.testing.assert_array_equal(a.bs, b.bs)
    plain = gdlib.descend(linear, X, y, lr=0.05, epochs=5)      # optimizer=None: the lecture's GD
    gd = gdlib.descend(linear, X, y, lr=0.05, epochs=5, optimizer=GD(weight_decay=0.0))
    np.testing.assert_array_equal(plain.ws, gd.ws)
    np.testing.assert_array_equal(plain.ws[1], plain.ws[0] - 0.05 * linear.gradient(
        X, y, plain.ws[0], plain.bs[0])[0])


@pytest.mark.parametrize("optimizer", [GD(weight_decay=0.3), Momentum(weight_decay=0.3),
                                       AdaGrad(weight_decay=0.3), RMSProp(weight_decay=0.3),
                                       Adam(weight_decay=0.3), AdamW(weight_decay=0.3)],
                         ids=repr)
def test_weight_decay_touches_the_weights_given_and_never_the_others(optimizer):
    """With a zero gradient only the decay moves θ: W1 and W2 shrink, b1 and b2 stay put."""
    rng = np.random.default_rng(1)
    params = [rng.standard_normal(s) for s in [(3, 4), (4,), (4, 2), (2,)]]
    zero = [np.zeros_like(p) for p in params]
    new, _ = optimizer.step(params, zero, 0.1, optimizer.init(params), 1,
                            weights=network.WEIGHTS)
    for i in (1, 3):
        np.testing.assert_array_equal(new[i], params[i])
    for i in (0, 2):
        if isinstance(optimizer, (GD, Momentum, AdamW)):   # θ ← θ − αλθ exactly
            np.testing.assert_allclose(new[i], 0.97 * params[i], rtol=1e-15)
        else:                       # the scaled step moves every weight towards 0
            assert np.all((new[i] - params[i]) * np.sign(params[i]) < 0)
    everything, _ = optimizer.step(params, zero, 0.1, optimizer.init(params), 1)
    assert all(np.all((e - p) * np.sign(p) < 0) for e, p in zip(everything, params)), \
        "weights=None decays every entry, as torch.optim with one parameter group"


@pytest.mark.parametrize("model,weights", [(linear, (0,)), (logistic, (0,)), (softmax, (0,)),
                                           (network, (0, 2))])
def test_each_model_names_its_weights(model, weights):
    """w (or W, W1, W2) multiply an input; the biases are the other entries of θ."""
    assert model.WEIGHTS == weights


def test_descend_decays_the_network_weights_not_its_biases():
    X, y = blobs(3)
    h = gdlib.descend(network, X, y, lr=0.5, epochs=1, seed=0, optimizer=GD(weight_decay=0.2))
    theta0 = [p[0] for p in h.trajectory]
    g = network.gradient(X, y, theta0)
    for i, p in enumerate(theta0):
        expected = p - 0.5 * (g[i] + (0.2 * p if i in (0, 2) else 0))
        np.testing.assert_allclose(h.params[i], expected, rtol=1e-14, atol=1e-15)


def test_with_weight_decay_tol_stops_at_the_penalised_minimiser():
    """GD(weight_decay=λ) minimises L + (λ/2)‖w‖²: at its end ∇L = −λw (and ∂L/∂b = 0), while
    ‖∇L‖ itself stays far from zero."""
    X, y = regression()
    lam = 0.5
    h = gdlib.descend(linear, X, y, lr=0.2, epochs=5000, tol=1e-9,
                      optimizer=GD(weight_decay=lam))
    gw, gb = linear.gradient(X, y, h.w, h.b)
    assert h.converged and h.updates < 5000
    assert "‖∇(L + (λ/2)‖w‖²)‖ < tol" in h.status
    np.testing.assert_allclose(gw + lam * h.w, 0, atol=1e-9)
    assert abs(gb) < 1e-9 and np.linalg.norm(gw) > 0.1
    # the same minimiser in closed form: (XᵀX/n + λI) w + (Xᵀ1/n) b = Xᵀy/n, mean(Xw + b) = mean(y)
    n, d = X.shape
    A = np.block([[X.T @ X / n + lam * np.eye(d), X.mean(axis=0)[:, None]],
                  [X.mean(axis=0)[None, :], np.ones((1, 1))]])
    exact = np.linalg.solve(A, np.r_[X.T @ y / n, y.mean()])
    np.testing.assert_allclose(np.r_[h.w, h.b], exact, atol=1e-8)
    # and History.losses is the data loss L, without the penalty
    assert h.losses[-1] == pytest.approx(linear.loss(X, y, h.w, h.b), rel=1e-12)


@pytest.mark.parametrize("make", [GD, Momentum, AdaGrad, RMSProp, Adam, AdamW])
@pytest.mark.parametrize("bad,error,match", [
    (-0.1, ValueError, r"weight_decay must be a finite number >= 0, got -0.1: λ is the "
                       r"strength of the penalty \(λ/2\)‖w‖².*weight_decay=1e-3"),
    (float("nan"), ValueError, r"weight_decay must be a finite number >= 0, got nan"),
    (float("inf"), ValueError, r"weight_decay must be a finite number >= 0, got inf"),
    ("0.01", TypeError, r"weight_decay must be a real number, got .*'0.01'"),
    (True, TypeError, r"weight_decay must be a real number"),
    (None, TypeError, r"weight_decay must be a real number"),
])
def test_bad_weight_decay_is_a_clear_error(make, bad, error, match):
    with pytest.raises(error, match=match):
        make(weight_decay=bad)


def test_adamw_defaults_and_name():
    assert AdamW() == AdamW(beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01)
    assert gdlib.optimizers.BY_NAME["adamw"] is AdamW
    with pytest.raises(ValueError, match=r"or 0.01 \(the default\)"):
        AdamW(weight_decay=-1)
    X, y = regression()
    with pytest.raises(TypeError, match=r"gdlib\.optimizers\.AdamW\(\)"):
        gdlib.descend(linear, X, y, lr=0.1, epochs=3, optimizer="AdamW")


def test_a_home_made_optimizer_must_take_the_weights_keyword():
    class Old:
        def init(self, params):
            return None

        def step(self, params, grads, lr, state, t):
            return [p - lr * g for p, g in zip(params, grads)], state

    class New(Old):
        def step(self, params, grads, lr, state, t, weights=None):
            return super().step(params, grads, lr, state, t)

    X, y = regression()
    with pytest.raises(TypeError, match=r"\.step must take the keyword argument weights="):
        gdlib.descend(linear, X, y, lr=0.1, epochs=3, optimizer=Old())
    a = gdlib.descend(linear, X, y, lr=0.1, epochs=3, optimizer=New())
    np.testing.assert_array_equal(a.ws, gdlib.descend(linear, X, y, lr=0.1, epochs=3).ws)


# --- the registry: one entry per optimizer, with everything the course needs of it ----------

def registry_gaps(entry):
    """What ``entry`` (a ``gdlib.optimizers.Entry``) lacks for the course: its class's
    docstring rule, a colour of its own, a β slider that sets a real parameter and says what
    β means in every language, the explorer's menu and the page's rule. Empty: nothing."""
    import dataclasses
    import gettext
    import re

    from matplotlib.colors import to_rgb

    from gdlib import i18n
    from gdlib.optimizers import REGISTRY
    from gdlib.plots import optimizers as figures
    from gdlib.widgets import front
    from gdlib.widgets import optimizers as explorer

    gaps = []
    fields = {f.name for f in dataclasses.fields(entry.rule)}
    doc = entry.rule.__doc__ or ""
    if "←" not in doc or "PyTorch" not in doc:
        gaps.append("the class's docstring gives no update rule (θ ← ...) or no PyTorch twin")
    if not re.fullmatch(r"#[0-9a-f]{6}", entry.color):
        gaps.append(f"colour {entry.color!r} is not '#rrggbb'")
    elif any(to_rgb(other.color) == to_rgb(entry.color)
             for other in REGISTRY.values() if other.name != entry.name):
        gaps.append("its colour is another optimizer's")
    if figures.COLORS.get(entry.name) != entry.color:
        gaps.append("plots.optimizers.COLORS does not give its colour")
    if set(entry.options) - fields:
        gaps.append(f"options {sorted(set(entry.options) - fields)} are not parameters")
    if (entry.beta is None) != (entry.beta_means is None):
        gaps.append("β's parameter and what β means come together (both None: no β)")
    if entry.beta is not None and entry.beta not in fields:
        gaps.append(f"β sets {entry.beta!r}, not a parameter of {entry.rule.__name__}")
    elif entry.beta is not None and not set(entry.options) - fields \
            and getattr(entry.build(0.37), entry.beta) != 0.37:
        gaps.append("build(β) does not set β")
    for language in i18n.LANGUAGES[1:]:
        catalogue = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=[language])
        if entry.beta_means and catalogue.gettext(entry.beta_means) == entry.beta_means:
            gaps.append(f"what β means, {entry.beta_means!r}, has no {language} translation")
    if gdlib.optimizers.BY_NAME.get(entry.name.lower()) is not entry.rule:
        gaps.append("BY_NAME does not know its name")
    if entry.explorer:
        if explorer.CHOICES.get(entry.name) != entry.build or entry.name not in explorer.BETA_MEANS:
            gaps.append("the explorer's menu (CHOICES, BETA_MEANS) lacks it")
        if not re.search(rf"^  {entry.rule.__name__}: \(", front.module("optimizers"), re.M):
            gaps.append(f"js/descent.js has no optimizers.{entry.rule.__name__} to build it")
        sent = explorer.rules().get(entry.name, {})
        if sent.get("color") != entry.color or sent.get("rule") != entry.rule.__name__:
            gaps.append("the page is not sent its rule and colour")
    return gaps


def test_every_registered_optimizer_has_everything_the_course_needs():
    from gdlib.optimizers import REGISTRY
    assert {name: registry_gaps(entry) for name, entry in REGISTRY.items()} == {
        name: [] for name in REGISTRY}
    assert list(REGISTRY)[:6] == ["GD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]


@pytest.mark.parametrize("change,gap", [
    (dict(color="#1f5fbf"), "its colour is another optimizer's"),
    (dict(color="teal"), "is not '#rrggbb'"),
    (dict(beta="momentum"), "not a parameter of Momentum"),
    (dict(beta_means=None), "come together"),
    (dict(beta_means="how heavy the ball is"), "has no es translation"),
    (dict(options={"nesterov": True, "lookahead": 2}), "['lookahead'] are not parameters"),
])
def test_a_registry_entry_missing_something_is_named(change, gap):
    import dataclasses

    from gdlib.optimizers import REGISTRY
    broken = dataclasses.replace(REGISTRY["Nesterov"], **change)
    assert any(gap in g for g in registry_gaps(broken)), registry_gaps(broken)


def test_a_new_optimizer_outside_the_explorer_menu_is_named(monkeypatch):
    import dataclasses

    from gdlib.optimizers import REGISTRY
    monkeypatch.setitem(REGISTRY, "Lion", dataclasses.replace(REGISTRY["AdamW"], name="Lion",
                                                              color="#123456", explorer=True))
    gaps = registry_gaps(REGISTRY["Lion"])
    assert "the explorer's menu (CHOICES, BETA_MEANS) lacks it" in gaps
    assert "js/descent.js has no optimizers.AdamW to build it" in gaps
    assert "plots.optimizers.COLORS does not give its colour" in gaps
    assert "BY_NAME does not know its name" in gaps


def test_every_optimizer_class_is_in_the_registry():
    import inspect

    from gdlib.optimizers import REGISTRY
    classes = {cls for name, cls in inspect.getmembers(gdlib.optimizers, inspect.isclass)
               if cls.__module__ == "gdlib.optimizers" and callable(getattr(cls, "step", None))
               and not name.startswith("_")}      # a private base (_ScaledSteps) is no optimizer
    assert {GD, Momentum, AdaGrad, RMSProp, Adam, AdamW} <= classes      # the search finds them
    assert classes == {entry.rule for entry in REGISTRY.values()}, "add each class to REGISTRY"


def test_a_name_given_as_a_string_is_answered_from_the_registry():
    X, y = regression()
    for name, call in [(" Nesterov", r"Momentum\(nesterov=True\)"), ("sgd", r"GD\(\)"),
                       ("lbfgs", r"Adam\(\)")]:
        with pytest.raises(TypeError, match=rf"pass e.g. optimizer=gdlib\.optimizers\.{call}"):
            gdlib.descend(linear, X, y, lr=0.1, epochs=3, optimizer=name)

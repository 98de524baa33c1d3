"""Tests for the numpy softmax regression, L-BFGS and temperature scaling."""

import numpy as np

from nlu.linear import SparseRows, fit_temperature, lbfgs, softmax, train_softmax


def toy_rows(n: int, seed: int = 0) -> tuple[SparseRows, np.ndarray]:
    """Three classes; class c rows hold feature c plus random noise features 3..9."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for i in range(n):
        label = i % 3
        noise = rng.choice(np.arange(3, 10), size=2, replace=False).tolist()
        rows.append(sorted({label, *noise}))
        labels.append(label)
    return SparseRows.from_lists(rows, 10), np.array(labels)


def test_lbfgs_finds_the_minimum_of_a_quadratic() -> None:
    target = np.array([1.0, -2.0, 3.0])

    def fun(x: np.ndarray) -> tuple[float, np.ndarray]:
        diff = x - target
        return float((diff * diff).sum()), 2 * diff

    assert np.allclose(lbfgs(fun, np.zeros(3)), target, atol=1e-4)


def test_training_separates_the_classes() -> None:
    x, y = toy_rows(60)
    model = train_softmax(x, y, 3, l2=1e-4)
    assert (model.logits(x).argmax(axis=1) == y).all()


def test_empty_rows_get_the_bias_only() -> None:
    x = SparseRows.from_lists([[0], [], [1]], 2)
    model = train_softmax(x, np.array([0, 1, 1]), 2, l2=1e-3)
    assert np.allclose(model.logits(x)[1], model.bias)


def test_trained_weights_minimise_the_regularised_loss() -> None:
    x, y = toy_rows(30, seed=3)
    model = train_softmax(x, y, 3, l2=1e-2, max_iter=200)
    probs = softmax(model.logits(x))
    loss = -np.log(probs[np.arange(30), y]).mean() + 0.5e-2 * (model.weights ** 2).sum()
    bumped = model.weights + 0.01
    probs2 = softmax(x_logits(x, bumped, model.bias))
    loss2 = -np.log(probs2[np.arange(30), y]).mean() + 0.5e-2 * (bumped ** 2).sum()
    assert loss < loss2


def x_logits(x: SparseRows, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    out = np.zeros((x.n_rows, weights.shape[1]))
    for r in range(x.n_rows):
        ids = x.ids[x.starts[r]:x.starts[r + 1]]
        out[r] = weights[ids].sum(axis=0) * x.scale[r] + bias
    return out


def test_sparse_logits_match_a_dense_computation() -> None:
    x, y = toy_rows(20, seed=5)
    model = train_softmax(x, y, 3, l2=1e-3)
    assert np.allclose(model.logits(x), x_logits(x, model.weights, model.bias), atol=1e-5)


def test_training_is_deterministic() -> None:
    x, y = toy_rows(40)
    first, second = train_softmax(x, y, 3, 1e-4), train_softmax(x, y, 3, 1e-4)
    assert np.array_equal(first.weights, second.weights)


def test_temperature_softens_overconfident_logits() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    # Right only 70% of the time but with near-certain logits: calibration must cool them.
    correct = rng.random(400) < 0.7
    predicted = np.where(correct, y, 1 - y)
    logits = np.zeros((400, 2))
    logits[np.arange(400), predicted] = 10.0
    temperature = fit_temperature(logits, y)
    assert temperature > 5
    assert abs(softmax(logits, temperature).max(axis=1).mean() - 0.7) < 0.05


def test_take_selects_rows() -> None:
    x, _ = toy_rows(6)
    part = x.take([1, 4])
    assert part.n_rows == 2
    assert part.ids[part.starts[1]:part.starts[2]].tolist() == \
        x.ids[x.starts[4]:x.starts[5]].tolist()

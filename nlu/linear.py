"""Multinomial logistic regression (softmax, L2) on sparse binary features, in numpy only.

Rows are stored CSR-style (feature ids + row starts); every row is L2-normalised, so its
value is 1/sqrt(number of features). Trained full-batch with L-BFGS, which reaches the optimum
of this convex problem in well under a hundred gradient passes. Temperature scaling on
held-out logits calibrates the confidences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class SparseRows:
    """Binary feature rows: ``ids[starts[i]:starts[i+1]]`` are the features of row i."""

    ids: IntArray
    starts: IntArray
    scale: FloatArray  # per row: 1/sqrt(sum of the row's squared feature weights), 0 if empty
    n_features: int
    feature_sq: FloatArray | None = None  # squared feature weights (None: all 1)

    @classmethod
    def from_lists(cls, rows: Sequence[Sequence[int]], n_features: int,
                   feature_sq: FloatArray | None = None) -> SparseRows:
        """Build from one list of feature ids per row (and optional squared feature weights)."""
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        ids = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(starts[-1]))
        if feature_sq is None:
            norm_sq = lengths.astype(np.float64)
        else:
            norm_sq = np.zeros(len(rows))
            nonempty = lengths > 0
            norm_sq[nonempty] = np.add.reduceat(feature_sq[ids], starts[:-1][nonempty])
        scale = np.where(norm_sq > 0, 1.0 / np.sqrt(np.maximum(norm_sq, 1e-12)), 0.0)
        return cls(ids, starts, scale.astype(np.float32), n_features, feature_sq)

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return len(self.starts) - 1

    def take(self, rows: Sequence[int] | IntArray) -> SparseRows:
        """A subset of rows (same feature space)."""
        chosen = [self.ids[self.starts[r]:self.starts[r + 1]].tolist() for r in rows]
        return SparseRows.from_lists(chosen, self.n_features, self.feature_sq)


class _Operator:
    """X @ W and X.T @ G for one SparseRows, with the index work precomputed once.

    Works on class-major (transposed) matrices: reduceat over contiguous rows of a (C, nnz)
    array was about 3x faster than over a (nnz, C) one.
    """

    def __init__(self, x: SparseRows) -> None:
        self.x = x
        lengths = np.diff(x.starts)
        self.nonempty = lengths > 0
        self.row_starts = x.starts[:-1][self.nonempty]
        row_of = np.repeat(np.arange(x.n_rows), lengths)
        order = np.argsort(x.ids, kind="stable")
        self.sorted_rows = row_of[order]
        self.cols, self.col_starts = np.unique(x.ids[order], return_index=True)

    def matmul_t(self, w_t: FloatArray) -> FloatArray:
        """(X @ W).T from W.T, shapes (C, V) -> (C, n)."""
        out = np.zeros((w_t.shape[0], self.x.n_rows), dtype=np.float32)
        if len(self.x.ids):
            gathered = np.take(w_t, self.x.ids, axis=1)
            out[:, self.nonempty] = np.add.reduceat(gathered, self.row_starts, axis=1)
        return out * self.x.scale

    def rmatmul_t(self, g_t: FloatArray) -> FloatArray:
        """(X.T @ G).T from G.T, shapes (C, n) -> (C, V)."""
        out = np.zeros((g_t.shape[0], self.x.n_features), dtype=np.float32)
        if len(self.x.ids):
            gathered = np.take(g_t * self.x.scale, self.sorted_rows, axis=1)
            out[:, self.cols] = np.add.reduceat(gathered, self.col_starts, axis=1)
        return out


@dataclass(frozen=True)
class LinearModel:
    """Weights (features x classes) and biases of a trained softmax classifier."""

    weights: FloatArray
    bias: FloatArray

    def logits(self, x: SparseRows) -> FloatArray:
        """Raw class scores for every row."""
        z: FloatArray = _Operator(x).matmul_t(np.ascontiguousarray(self.weights.T)).T
        return z + self.bias


def softmax(z: NDArray[np.floating], temperature: float = 1.0) -> NDArray[np.float64]:
    """Row-wise softmax of ``z / temperature``."""
    scaled = np.asarray(z, dtype=np.float64) / temperature
    scaled -= scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    out: NDArray[np.float64] = exp / exp.sum(axis=-1, keepdims=True)
    return out


def train_softmax(x: SparseRows, y: IntArray, n_classes: int, l2: float,
                  sample_weight: FloatArray | None = None, max_iter: int = 150,
                  init: LinearModel | None = None) -> LinearModel:
    """Minimise mean weighted cross-entropy + l2/2 * |W|^2 with L-BFGS.

    With feature weights f (``x.feature_sq`` = f^2), a row's value for feature j is f_j/norm;
    the model learns V_j = W_j * f_j directly, so the penalty on V_j is divided by f_j^2.
    """
    op = _Operator(x)
    weight = np.ones(x.n_rows, np.float32) if sample_weight is None else sample_weight
    weight = (weight / weight.sum()).astype(np.float32)
    onehot = np.zeros((n_classes, x.n_rows), np.float32)
    onehot[y, np.arange(x.n_rows)] = 1.0
    shape = (n_classes, x.n_features)  # class-major while training
    size = n_classes * x.n_features
    penalty = np.full(size, l2)
    if x.feature_sq is not None:
        penalty = np.tile(l2 / np.maximum(x.feature_sq.astype(np.float64), 1e-12), n_classes)

    def loss_grad(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        w_t = theta[:size].reshape(shape).astype(np.float32)
        b = theta[size:].astype(np.float32)
        z = op.matmul_t(w_t) + b[:, None]
        z -= z.max(axis=0, keepdims=True)
        log_norm = np.log(np.exp(z).sum(axis=0, keepdims=True))
        prob = np.exp(z - log_norm)
        loss = float(-(weight * (onehot * (z - log_norm)).sum(axis=0)).sum())
        loss += 0.5 * _dot(penalty * theta[:size], theta[:size])
        g = (prob - onehot) * weight
        grad_w = op.rmatmul_t(g).astype(np.float64).ravel() + penalty * theta[:size]
        return loss, np.concatenate([grad_w, g.sum(axis=1, dtype=np.float64)])

    start = np.zeros(size + n_classes)
    if init is not None:
        start = np.concatenate([init.weights.T.ravel(), init.bias]).astype(np.float64)
    theta = lbfgs(loss_grad, start, max_iter=max_iter)
    weights = np.ascontiguousarray(theta[:size].reshape(shape).T, dtype=np.float32)
    return LinearModel(weights, theta[size:].astype(np.float32))


def lbfgs(fun: Callable[[NDArray[np.float64]], tuple[float, NDArray[np.float64]]],
          x0: NDArray[np.float64], max_iter: int = 150, memory: int = 10,
          tol: float = 1e-5) -> NDArray[np.float64]:
    """Minimise a smooth function with L-BFGS and a backtracking (Armijo) line search."""
    x = x0.copy()
    f, g = fun(x)
    s_hist: list[NDArray[np.float64]] = []
    y_hist: list[NDArray[np.float64]] = []
    for iteration in range(max_iter):
        if float(np.abs(g).max()) < tol:
            break
        direction = _two_loop(g, s_hist, y_hist)
        step = 1.0 if s_hist else min(1.0, 1.0 / float(np.abs(g).sum()))
        slope = _dot(g, direction)
        if slope >= 0:  # not a descent direction: restart from steepest descent
            s_hist.clear()
            y_hist.clear()
            direction, slope = -g, -_dot(g, g)
        for _ in range(30):
            x_new = x + step * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope:
                break
            step *= 0.5
        else:
            break
        s, yv = x_new - x, g_new - g
        if _dot(s, yv) > 1e-10:
            s_hist.append(s)
            y_hist.append(yv)
            if len(s_hist) > memory:
                del s_hist[0], y_hist[0]
        converged = abs(f - f_new) <= tol * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if converged and iteration > 5:
            break
    return x


def _dot(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    # einsum, not np.dot: the BLAS dot was erratic (up to 100x slower) on our 2-core machines.
    return float(np.einsum("i,i->", a, b))


def _two_loop(g: NDArray[np.float64], s_hist: list[NDArray[np.float64]],
              y_hist: list[NDArray[np.float64]]) -> NDArray[np.float64]:
    q = g.copy()
    alphas: list[float] = []
    rhos = [1.0 / _dot(y, s) for s, y in zip(s_hist, y_hist, strict=True)]
    for s, y, rho in reversed(list(zip(s_hist, y_hist, rhos, strict=True))):
        alpha = rho * _dot(s, q)
        alphas.append(alpha)
        q -= alpha * y
    if s_hist:
        q *= _dot(s_hist[-1], y_hist[-1]) / _dot(y_hist[-1], y_hist[-1])
    for (s, y, rho), alpha in zip(zip(s_hist, y_hist, rhos, strict=True), reversed(alphas),
                                  strict=True):
        beta = rho * _dot(y, q)
        q += s * (alpha - beta)
    return -q


def fit_temperature(logits: NDArray[np.floating], y: IntArray) -> float:
    """The temperature minimising held-out negative log-likelihood (golden-section search)."""
    def nll(log_t: float) -> float:
        prob = softmax(logits, math.exp(log_t))
        return float(-np.log(prob[np.arange(len(y)), y] + 1e-12).mean())

    low, high = math.log(0.05), math.log(20.0)
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = high - ratio * (high - low), low + ratio * (high - low)
        if nll(a) < nll(b):
            high = b
        else:
            low = a
    return math.exp((low + high) / 2)

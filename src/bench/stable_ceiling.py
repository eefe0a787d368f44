#!/usr/bin/python3
"""How well can a linear model do on the `stable` stream (fixed hyperplane, 20 uniform features, threshold at
half the weight sum, 10% label noise)? Fits batch least squares on the spins and scikit-learn's
LogisticRegression (nearly unregularised) on 200,000 noisy examples of the same definition (numpy's generator,
not erstream's Java one), then scores both on 100,000 noise-free examples. Debian: python3-sklearn.

    python3 src/bench/stable_ceiling.py
"""
import numpy as np
from sklearn.linear_model import LogisticRegression

D = 20
for seed in range(3):
    rng = np.random.default_rng(seed)
    w = rng.random(D)

    def generate(n, noise):
        x = rng.random((n, D))
        y = (x @ w >= 0.5 * w.sum()).astype(int)
        flip = rng.random(n) < noise
        return x, np.where(flip, 1 - y, y)

    x, y = generate(200_000, 0.10)
    x_test, y_clean = generate(100_000, 0.0)
    z = np.c_[np.ones(len(x)), x]
    least_squares = np.linalg.lstsq(z, 2 * y - 1, rcond=None)[0]
    clean_ls = ((np.c_[np.ones(len(x_test)), x_test] @ least_squares > 0) == y_clean).mean()
    clean_lr = (LogisticRegression(C=1e6, max_iter=1000).fit(x, y).predict(x_test) == y_clean).mean()
    # with 10% noise, accuracy on noisy labels = 0.9 * clean + 0.1 * (1 - clean)
    print(f"seed {seed}: noise-free accuracy  least squares {clean_ls:.4f}  logistic {clean_lr:.4f}"
          f"  -> on noisy labels {0.8 * clean_ls + 0.1:.4f} / {0.8 * clean_lr + 0.1:.4f}")

N, CHUNK = 100_000, 500
for seed in range(3):
    rng = np.random.default_rng(seed)
    w = rng.random(D)
    x = rng.random((N, D))
    y = (x @ w >= 0.5 * w.sum()).astype(int)
    y = np.where(rng.random(N) < 0.10, 1 - y, y)
    z = np.c_[np.ones(N), x]
    right_ls = right_lr = 0
    lr = None
    for start in range(0, N, CHUNK):
        end = start + CHUNK
        if start == 0:
            score_ls = score_lr = np.zeros(CHUNK)  # nothing learnt yet: predict class 0
        else:
            beta = np.linalg.solve(z[:start].T @ z[:start] + 0.01 * np.eye(D + 1), z[:start].T @ (2 * y[:start] - 1))
            score_ls = z[start:end] @ beta
            if start % 5_000 == 0 or start < 5_000:
                lr = LogisticRegression(C=1e4, max_iter=500).fit(x[:start], y[:start])
            score_lr = lr.decision_function(x[start:end])
        right_ls += ((score_ls > 0) == (y[start:end] == 1)).sum()
        right_lr += ((score_lr > 0) == (y[start:end] == 1)).sum()
    print(f"seed {seed}: prequential accuracy over {N:,}  least squares {right_ls / N:.4f}  logistic {right_lr / N:.4f}")

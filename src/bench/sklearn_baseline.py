#!/usr/bin/python3
"""Writes seeded train/test CSVs of two small tabular sets shipped with scikit-learn (Debian: python3-sklearn)
and prints scikit-learn's LogisticRegression accuracy on them, so `erstream fit` can be compared on the same rows.

    python3 src/bench/sklearn_baseline.py target/tabular
    java -jar target/erstream.jar fit --train target/tabular/breast_cancer-train.csv --test target/tabular/breast_cancer-test.csv
"""
import json
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def write(path, x, y):
    names = [f"f{i}" for i in range(x.shape[1])]
    with open(path, "w") as out:
        out.write(",".join(names + ["label"]) + "\n")
        for row, label in zip(x, y):
            out.write(",".join(repr(float(v)) for v in row) + f",{int(label)}\n")


def main(folder):
    os.makedirs(folder, exist_ok=True)
    results = {}
    for name, loader in (("breast_cancer", load_breast_cancer), ("digits", load_digits)):
        x, y = loader(return_X_y=True)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, random_state=1, stratify=y)
        write(os.path.join(folder, f"{name}-train.csv"), x_train, y_train)
        write(os.path.join(folder, f"{name}-test.csv"), x_test, y_test)
        scaler = StandardScaler().fit(x_train)
        model = LogisticRegression(max_iter=10000).fit(scaler.transform(x_train), y_train)
        results[name] = {
            "train": len(y_train),
            "test": len(y_test),
            "sklearnTrainAccuracy": round(float(model.score(scaler.transform(x_train), y_train)), 6),
            "sklearnTestAccuracy": round(float(model.score(scaler.transform(x_test), y_test)), 6),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/tabular")

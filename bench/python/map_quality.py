#!/usr/bin/python3
"""How well MaskLab's embeddings map keeps neighbourhoods, against scikit-learn's t-SNE.

usage: map_quality.py EMB.npy MAP.csv [--sample N] [--no-tsne]

EMB.npy (+ EMB.rows.csv) and MAP.csv are what `masklab-cli embed --out EMB.npy --map MAP.csv`
wrote. The reference gets the same input the map was built from: unit-length features reduced
to 50 principal components. Both maps are scored by
- kNN recall@15: the share of a point's 15 nearest neighbours (in the 50-D space) that are
  among its 15 nearest on the map, averaged over up to N query points (default 5000; their
  neighbours are searched among all points);
- trustworthiness@15 (scikit-learn's), on a random subset of up to N points.
The first two principal components (MaskLab's preview) are scored too.
"""
import argparse
import csv
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.neighbors import NearestNeighbors

K = 15


def knn_recall(high, low, queries):
    nn_high = NearestNeighbors(n_neighbors=K + 1).fit(high)
    nn_low = NearestNeighbors(n_neighbors=K + 1).fit(low)
    a = nn_high.kneighbors(high[queries], return_distance=False)
    b = nn_low.kneighbors(low[queries], return_distance=False)
    total = 0.0
    for q, row_a, row_b in zip(queries, a, b):
        sa = set(row_a) - {q}
        sb = set(row_b) - {q}
        total += len(sa & set(list(sb)[:K])) / K
    return total / len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("embeddings")
    parser.add_argument("map")
    parser.add_argument("--sample", type=int, default=5000)
    parser.add_argument("--no-tsne", action="store_true")
    args = parser.parse_args()

    features = np.load(args.embeddings).astype(np.float64)
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    unit = features / np.where(norms > 0, norms, 1)
    high = PCA(n_components=min(50, unit.shape[1]), random_state=0).fit_transform(unit)
    with open(args.map) as f:
        rows = list(csv.DictReader(f))
    ours = np.array([[float(r["x"]), float(r["y"])] for r in rows])
    preview = np.array([[float(r["pc1"]), float(r["pc2"])] for r in rows])
    n = len(rows)
    rng = np.random.default_rng(0)
    queries = rng.choice(n, size=min(n, args.sample), replace=False)
    maps = {"MaskLab map (UMAP method)": (ours, None), "two principal components": (preview, None)}
    if not args.no_tsne:
        start = time.time()
        tsne = TSNE(n_components=2, init="pca", random_state=0, n_jobs=2).fit_transform(high)
        maps["scikit-learn t-SNE (reference)"] = (tsne, time.time() - start)
    print(f"{n} photos, {features.shape[1]} features; scores at k={K} "
          f"(recall over {len(queries)} queries, trustworthiness on {len(queries)} points)")
    print(f"{'map':34} {'kNN recall':>10} {'trustworthiness':>16} {'seconds':>8}")
    for name, (points, seconds) in maps.items():
        recall = knn_recall(high, points, queries)
        trust = trustworthiness(high[queries], points[queries], n_neighbors=K)
        s = f"{seconds:8.1f}" if seconds is not None else f"{'':>8}"
        print(f"{name:34} {recall:10.3f} {trust:16.3f} {s}")


if __name__ == "__main__":
    main()

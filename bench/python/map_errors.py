#!/usr/bin/python3
"""Where photos with injected label errors fall in a model's embedding space.

usage: map_errors.py LABEL_NOISE.csv EMB.npy [EMB.npy ...]

Each EMB.npy (+ EMB.rows.csv) is what `masklab-cli embed --out EMB.npy` wrote for a run trained
on a set made with injected errors (realfaces.py, or masklab-cli synth --label-noise);
LABEL_NOISE.csv is the truth beside that set. Give the K fold runs of a finder job to see every
person once through a model that did not train on it. In each run's space the photos' features
(unit length) are compared with the centroids of the stated classes:
- gender: the share of photos nearer the other gender's centroid than their stated gender's,
  for gender-flip persons against persons without an error;
- incorrect/normal: the share of photos nearer the other state's centroid, for the swapped
  photos against clean incorrect_mask and normal photos.
Counted separately for held-out photos (split validation) and for photos the run trained on.
"""
import csv
import sys
from collections import defaultdict

import numpy as np


def run_space(emb_path, flips, swaps, errors, tally):
    x = np.load(emb_path).astype(np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    with open(emb_path[:-4] + ".rows.csv") as f:
        rows = list(csv.DictReader(f))
    keep = [i for i, r in enumerate(rows) if r["split"] != "eval"]
    x = x[keep]
    rows = [rows[i] for i in keep]
    label = np.array([int(r["label"]) for r in rows])
    gender, mask = (label // 3) % 2, label // 6
    cg = [x[gender == g].mean(axis=0) for g in (0, 1)]
    cm = {m: x[mask == m].mean(axis=0) for m in (1, 2)}
    for v, r, g, m in zip(x, rows, gender, mask):
        folder = r["path"].split("/")[2]
        photo = r["path"].split("/")[3].rsplit(".", 1)[0]
        split = r["split"]
        other_g = np.dot(v, cg[1 - g]) > np.dot(v, cg[g])
        if folder in flips:
            tally[("gender", split, "error")].append(other_g)
        elif folder not in errors:
            tally[("gender", split, "clean")].append(other_g)
        if m in (1, 2):
            other_m = np.dot(v, cm[3 - m]) > np.dot(v, cm[m])
            if (folder, photo) in swaps:
                tally[("mask", split, "error")].append(other_m)
            elif folder not in errors:
                tally[("mask", split, "clean")].append(other_m)


def main():
    with open(sys.argv[1]) as f:
        noise = list(csv.DictReader(f))
    flips = {n["folder"] for n in noise if n["kind"] == "gender-flip"}
    swaps = {(n["folder"], n["photo"]) for n in noise if n["kind"] == "mask-swap"}
    errors = {n["folder"] for n in noise}
    tally = defaultdict(list)
    for emb in sys.argv[2:]:
        run_space(emb, flips, swaps, errors, tally)
    print(f"{len(sys.argv) - 2} run(s); {len(flips)} gender-flip persons, {len(swaps)} "
          f"swapped incorrect/normal photos")
    names = {"gender": "nearer the other gender's centroid",
             "mask": "incorrect/normal nearer the other state's centroid"}
    for head in ("gender", "mask"):
        print(names[head] + ":")
        for split in ("validation", "train"):
            e, c = tally[(head, split, "error")], tally[(head, split, "clean")]
            what = "held out" if split == "validation" else "trained on"
            print(f"  {what:10}  with an error {np.mean(e) if e else float('nan'):.2f} "
                  f"({len(e)} photos)   clean {np.mean(c) if c else float('nan'):.2f} "
                  f"({len(c)} photos)")


if __name__ == "__main__":
    main()

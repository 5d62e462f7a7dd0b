#!/usr/bin/python3
"""Scores a finder's ranked suspects against the truth of a generated set.

finder_eval.py SUSPECTS.csv TRUTH_DIR [--pr OUT.csv] [--label NAME] [--reliability]
               [--estimate ESTIMATE.json]

TRUTH_DIR is what `masklab-cli synth --label-noise R` wrote beside the dataset
(label_noise.csv). Per kind (gender, age, mask-swap), with N = the injected errors of that kind:
precision among the top N suspects of that kind, recall within the top 2N, and recall over the
whole list. --pr appends the precision-recall curve (one row per rank) to OUT.csv.
--reliability adds, over the gender, age and mask-swap suspects, how many of those scored in
each tenth of [0, 1] are real errors (a score that means "the probability the label is wrong"
has about its own value there), and the errors the list holds against the sum of its scores.
--estimate (the finder run's estimate.json) adds the estimated errors against the injected ones,
and the precision and recall of the Suspects tab's default view: the model's suspects down to
the estimate's likely count, ceil(1.5 * expected), ties at the cut included.
"""
import argparse
import csv
import json
import math
import os

TRUTH_KIND = {"gender-flip": "gender", "wrong-age-group": "age", "mask-swap": "mask-swap"}


def injected(truth_dir):
    errors = {kind: set() for kind in TRUTH_KIND.values()}
    with open(os.path.join(truth_dir, "label_noise.csv"), newline="") as f:
        for row in csv.DictReader(f):
            errors[TRUTH_KIND[row["kind"]]].add(row["folder"])
    return errors


def ranked(suspects_csv, kind):
    """The folders of one kind's suspects, best first (a swap must name the two photos)."""
    out = []
    with open(suspects_csv, newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] != kind:
                continue
            if kind == "mask-swap" and row["photo"] != "incorrect_mask+normal":
                out.append(("", float(row["score"])))  # a swap of other photos is a miss
            else:
                out.append((row["folder"], float(row["score"])))
    return out


def reliability(suspects_csv, errors):
    bins = [[0, 0] for _ in range(10)]  # per tenth of the score: suspects, real errors
    total = 0.0
    for kind, truth in errors.items():
        for folder, score in ranked(suspects_csv, kind):
            b = bins[min(9, int(score * 10))]
            b[0] += 1
            b[1] += folder in truth
            total += score
    print(f"{'score':9} {'suspects':>8} {'errors':>6} {'share':>6}")
    for i, (n, hits) in enumerate(bins):
        if n:
            print(f"{i / 10:.1f}-{(i + 1) / 10:.1f}   {n:8d} {hits:6d} {hits / n:6.2f}")
    injected_count = sum(len(t) for t in errors.values())
    print(f"sum of scores {total:.1f} for {injected_count} injected errors")


def default_view(suspects_csv, errors, estimate_json):
    with open(estimate_json) as f:
        estimate = json.load(f)
    injected_count = sum(len(t) for t in errors.values())
    if not estimate["known"]:
        print(f"no estimate: {estimate['why_unknown']}")
        return
    kinds = ", ".join(f"{k} {v:.1f}" for k, v in estimate["by_kind"].items() if v >= 0.05)
    print(f"estimate {estimate['expected']:.1f} errors ({kinds}) for {injected_count} injected")
    rows = []
    with open(suspects_csv, newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] != "duplicate":
                rows.append(row)
    count = math.ceil(1.5 * estimate["expected"] - 1e-9)
    if count == 0:
        print("default view: empty")
        return
    cut = float(rows[min(count, len(rows)) - 1]["score"])
    shown = [r for r in rows if float(r["score"]) >= cut]
    hits = set()
    for r in shown:
        kind = r["kind"]
        if kind in errors and r["folder"] in errors[kind] and (
                kind != "mask-swap" or r["photo"] == "incorrect_mask+normal"):
            hits.add((kind, r["folder"]))
    print(f"default view: {len(shown)} shown, {len(hits)} real errors: precision "
          f"{len(hits) / len(shown):.2f}, recall {len(hits) / max(1, injected_count):.2f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suspects")
    parser.add_argument("truth")
    parser.add_argument("--pr")
    parser.add_argument("--label", default="")
    parser.add_argument("--reliability", action="store_true")
    parser.add_argument("--estimate")
    args = parser.parse_args()
    errors = injected(args.truth)
    pr_rows = []
    print(f"{'kind':10} {'N':>3} {'listed':>6} {'prec@N':>7} {'rec@2N':>7} {'rec(all)':>8}")
    for kind, truth in errors.items():
        n = len(truth)
        if n == 0:
            continue
        listed = ranked(args.suspects, kind)
        hits = [folder in truth for folder, _ in listed]
        precision_n = sum(hits[:n]) / n
        recall_2n = len({f for f, _ in listed[: 2 * n]} & truth) / n
        recall_all = len({f for f, _ in listed} & truth) / n
        print(f"{kind:10} {n:3d} {len(listed):6d} {precision_n:7.2f} {recall_2n:7.2f} "
              f"{recall_all:8.2f}")
        found = 0
        for rank, ((folder, score), hit) in enumerate(zip(listed, hits), start=1):
            found += hit
            pr_rows.append([args.label, kind, rank, f"{score:.4f}", int(hit),
                            f"{found / rank:.4f}", f"{found / n:.4f}"])
    if args.reliability:
        reliability(args.suspects, errors)
    if args.estimate:
        default_view(args.suspects, errors, args.estimate)
    if args.pr:
        new = not os.path.exists(args.pr)
        with open(args.pr, "a", newline="") as f:
            w = csv.writer(f)
            if new:
                w.writerow(["setting", "kind", "rank", "score", "hit", "precision", "recall"])
            w.writerows(pr_rows)


if __name__ == "__main__":
    main()

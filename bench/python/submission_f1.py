#!/usr/bin/env python3
"""Macro F1 (18 classes, the competition's score) of submissions against the eval truth.

    python3 submission_f1.py TRUTH.csv A.csv [B.csv ...]

TRUTH.csv and each submission are ImageID,ans files (synth writes the truth as
<dataset>-truth/eval_truth.csv). Prints one line per submission: macro F1, accuracy, each
head's macro F1 (mask 3, gender 2, age 3 classes, read off class = mask*6 + gender*3 + age),
the file.
"""
import csv
import sys


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["ImageID", "ans"]:
        sys.exit(f"{path}: the header must be ImageID,ans")
    return {r[0]: int(r[1]) for r in rows[1:] if r}


def macro_f1(truth, answers, classes=18):
    f1s = []
    for c in range(classes):
        tp = sum(1 for i, t in truth.items() if t == c and answers[i] == c)
        fp = sum(1 for i, t in truth.items() if t != c and answers[i] == c)
        fn = sum(1 for i, t in truth.items() if t == c and answers[i] != c)
        if tp + fp + fn == 0:
            continue  # a class neither present nor predicted does not count
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


HEADS = {"mask": lambda c: c // 6, "gender": lambda c: c // 3 % 2, "age": lambda c: c % 3}


def head_f1(truth, answers, part, classes):
    return macro_f1({i: part(t) for i, t in truth.items()},
                    {i: part(a) for i, a in answers.items()}, classes)


def main():
    truth = read(sys.argv[1])
    for path in sys.argv[2:]:
        answers = read(path)
        if set(answers) != set(truth):
            sys.exit(f"{path}: not the same images as the truth")
        accuracy = sum(answers[i] == t for i, t in truth.items()) / len(truth)
        heads = "  ".join(f"{name} {head_f1(truth, answers, part, 2 if name == 'gender' else 3):.4f}"
                          for name, part in HEADS.items())
        print(f"macro F1 {macro_f1(truth, answers):.4f}  accuracy {accuracy:.4f}  {heads}  {path}")


if __name__ == "__main__":
    main()

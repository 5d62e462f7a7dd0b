#!/usr/bin/python3
"""How far a finder run's own models could find the planted gender and age errors at all.

finder_ceiling.py OOF.csv TRUTH_DIR [--middle-from 30] [--old-from 60]

OOF.csv is a finder run's out-of-fold probabilities (<workspace>/finder/<id>/oof.csv); TRUTH_DIR
holds the set's label_noise.csv. Per person the evidence of the heads is the sum over its photos
of log P(class), per gender and per age group (the 18 classes summed out). A person is *disputed*
when that evidence prefers a class other than the given one (the given labels are read from the
folder names, <id>_<gender>_<race>_<age>, as the competition writes them; a workspace's relabels
are not seen). Per planted error: its margin (the best other class against the given one, per
photo) and its rank by that margin among all persons. A planted error the models do not dispute
has no evidence for any ranking of these probabilities to find: the disputed share is the
recall no scoring of this run can pass, whatever its calibration.
"""
import argparse
import csv
import math
from collections import defaultdict

KINDS = {"gender-flip": "gender", "wrong-age-group": "age"}


def person_evidence(oof_csv, middle_from, old_from):
    """folder -> {"gender": [sum log P], "age": [...], "photos": n, "given": {...}}"""
    people = defaultdict(lambda: {"gender": [0.0] * 2, "age": [0.0] * 3, "photos": 0})
    with open(oof_csv, newline="") as f:
        for row in csv.DictReader(f):
            p = [max(float(row["p%d" % c]), 1e-12) for c in range(18)]
            e = people[row["folder"]]
            e["photos"] += 1
            for g in range(2):  # class = mask * 6 + gender * 3 + age group
                e["gender"][g] += math.log(sum(p[m * 6 + g * 3 + a] for m in range(3) for a in range(3)))
            for a in range(3):
                e["age"][a] += math.log(sum(p[m * 6 + g * 3 + a] for m in range(3) for g in range(2)))
    for folder, e in people.items():
        _, gender, _, age = folder.split("_")[:4]
        age = int(age)
        e["given"] = {"gender": 0 if gender == "male" else 1,
                      "age": 0 if age < middle_from else (1 if age < old_from else 2)}
    return people


def margins(people, head):
    out = {}
    for folder, e in people.items():
        given = e["given"][head]
        others = [v for c, v in enumerate(e[head]) if c != given]
        out[folder] = (max(others) - e[head][given]) / e["photos"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("oof")
    ap.add_argument("truth")
    ap.add_argument("--middle-from", type=int, default=30)
    ap.add_argument("--old-from", type=int, default=60)
    args = ap.parse_args()
    people = person_evidence(args.oof, args.middle_from, args.old_from)
    planted = defaultdict(list)
    with open(args.truth + "/label_noise.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] in KINDS:
                planted[KINDS[row["kind"]]].append(row["folder"])
    print("ceiling: planted errors the run's models dispute (evidence for another class)")
    for head in ("gender", "age"):
        m = margins(people, head)
        order = sorted(m, key=lambda folder: -m[folder])
        found = [folder for folder in planted[head] if folder in m]
        disputed = [folder for folder in found if m[folder] > 0]
        print("%-7s %d of %d planted disputed (recall ceiling %.2f); %d of %d persons disputed"
              % (head, len(disputed), len(planted[head]),
                 len(disputed) / max(len(planted[head]), 1),
                 sum(v > 0 for v in m.values()), len(m)))
        for folder in found:
            print("        %-28s margin %+6.2f  rank %d" % (folder, m[folder], order.index(folder) + 1))


if __name__ == "__main__":
    main()

"""The best validation macro F1 any model could reach on a `masklab-cli synth` dataset.

An oracle sees every cue the painter draws (core/synth/facepainter.cpp) for a person's look
(core/synth/population.cpp, drawLook): hair style, brow width after rounding to pixels, earrings,
lipstick and beard where the mask leaves them visible, the number of forehead lines, crow's feet,
and even the exact grey level of the hair (which no image model can read that precisely under
the camera's random gain and colour cast, so this is an upper bound). It decides gender and age
group by Bayes' rule from large Monte Carlo tables and is scored like MaskLab: 300 persons with
the real group shares, 20% held out per gender x age group, photo-level macro F1 over the 18
classes (the mask state counted right).

The draws below mirror population.cpp and facepainter.cpp; keep them in step when those change.

  /usr/bin/python3 bench/python/synth_ceiling.py [--persons 300] [--splits 300] [--ignore brow,...]
"""
import argparse
import collections
import math
import random

# Real train.csv persons per (gender, age group): population.cpp's kShares.
SHARES = [("F", 1, 817), ("F", 0, 732), ("M", 0, 549), ("M", 1, 410), ("F", 2, 109), ("M", 2, 83)]
SLOTS = 7  # mask1-5, incorrect_mask, normal


def draw_age(rng, group):
    if group == 2:
        return 60
    if group == 0:
        ages = list(range(18, 30))
        weights = [3 if a <= 21 else 2 if a <= 25 else 1 for a in ages]
    else:
        ages = list(range(30, 60))
        weights = [4 if a == 58 else 2.5 if a == 59 else 3 if a >= 50 else 1 for a in ages]
    return rng.choices(ages, weights)[0]


def age_look(age):
    if age >= 60:
        return 0.9
    if age >= 30:
        return 0.35 + 0.35 * (age - 30) / 29
    return 0.15 * max(0, age - 18) / 11


def draw_look(rng, female, age):
    a = age_look(age) + rng.uniform(-0.08, 0.08)
    s = rng.random()
    if female:
        hair = "long" if s < 0.78 else "medium" if s < 0.95 else "short"
    else:
        hair = "short" if s < 0.82 else "medium" if s < 0.96 else "long"
    brow = math.floor((rng.uniform(1.5, 3.0) if female else rng.uniform(3.0, 5.5)) + 0.5)
    return dict(
        hair=hair, brow=brow,
        lines=math.floor(max(0.0, a) * 7 + rng.uniform(-0.7, 0.7) + 0.5),
        crow=a > 0.45 and rng.random() < 0.8,
        beard=(not female) and rng.random() < 0.3,
        lipstick=female and rng.random() < 0.65,
        earrings=female and rng.random() < 0.45,
        grey=0.0 if a < 0.3 else min(1.0, (a - 0.3) * 1.35))


def mouth_visible(rng, slot):
    """'all' on the normal photo; 'lips' when an incorrect mask sits on the chin (40%)."""
    if slot == 6:
        return "all"
    if slot == 5 and rng.random() < 0.4:
        return "lips"
    return None


HIDDEN = set()  # cues the oracle is told to ignore (--ignore), to see what each one is worth


def gender_cues(look, visible):
    cues = dict(hair=look["hair"], brow=look["brow"], earrings=look["earrings"],
                lipstick=look["lipstick"] if visible else None,
                beard=look["beard"] if visible == "all" else None)
    return tuple(None if name in HIDDEN else value for name, value in sorted(cues.items()))


def age_cues(look):
    # Any grey reveals the age look exactly (the oracle's optimism); without grey only the lines
    # and crow's feet are left, which is where young and early-30s persons overlap.
    return ("grey",) if look["grey"] > 0 else (look["lines"], look["crow"])


def sample_person(rng):
    t = rng.random() * sum(n for _, _, n in SHARES)
    for gender, group, n in SHARES:
        t -= n
        if t < 0:
            break
    female = gender == "F"
    return female, group, draw_look(rng, female, draw_age(rng, group))


def learn_oracle(rng, persons):
    gender_table, age_table = collections.Counter(), collections.Counter()
    for _ in range(persons):
        female, group, look = sample_person(rng)
        age_table[(age_cues(look), group)] += 1
        for slot in range(SLOTS):
            gender_table[(gender_cues(look, mouth_visible(rng, slot)), female)] += 1
    gender = {k: gender_table[(k, True)] > gender_table[(k, False)] for k, _ in gender_table}
    age = {k: max(range(3), key=lambda g: age_table[(k, g)]) for k, _ in age_table}
    return gender, age


def macro_f1(truth, predicted, classes=18):
    scores = []
    for c in range(classes):
        tp = sum(1 for t, p in zip(truth, predicted) if t == c and p == c)
        fp = sum(1 for t, p in zip(truth, predicted) if t != c and p == c)
        fn = sum(1 for t, p in zip(truth, predicted) if t == c and p != c)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--splits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ignore", default="",
                        help="gender cues to ignore, comma-separated: hair, brow, earrings, "
                             "lipstick, beard")
    args = parser.parse_args()
    HIDDEN.update(c for c in args.ignore.split(",") if c)
    rng = random.Random(args.seed)
    gender_rule, age_rule = learn_oracle(rng, 300000)

    total = sum(n for _, _, n in SHARES)
    scores, gender_right, age_right = [], [], []
    for _ in range(args.splits):
        truth, predicted = [], []
        for gender, group, n in SHARES:
            held_out = max(1, round(max(1, round(args.persons * n / total)) * 0.2))
            for _ in range(held_out):
                female = gender == "F"
                look = draw_look(rng, female, draw_age(rng, group))
                for slot in range(SLOTS):
                    mask = 0 if slot < 5 else 1 if slot == 5 else 2
                    says_female = gender_rule.get(gender_cues(look, mouth_visible(rng, slot)), True)
                    says_group = group if look["grey"] > 0 else age_rule.get(age_cues(look), group)
                    truth.append(mask * 6 + int(female) * 3 + group)
                    predicted.append(mask * 6 + int(says_female) * 3 + says_group)
                    gender_right.append(says_female == female)
                    age_right.append(says_group == group)
        scores.append(macro_f1(truth, predicted))
    scores.sort()
    n = len(scores)
    print(f"oracle photo accuracy: gender {sum(gender_right) / len(gender_right):.4f}, "
          f"age group {sum(age_right) / len(age_right):.4f}")
    print(f"validation macro F1 over {n} splits of {args.persons} persons: mean "
          f"{sum(scores) / n:.3f}, median {scores[n // 2]:.3f}, 10th percentile "
          f"{scores[n // 10]:.3f}; share of splits >= 0.95: "
          f"{sum(s >= 0.95 for s in scores) / n:.2f}")


if __name__ == "__main__":
    main()

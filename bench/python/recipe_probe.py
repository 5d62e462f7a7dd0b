"""Quick recipe probing for the default training config: trains small CNN variants on photos
decoded and resized once into memory, so a variant costs only its compute, and prints the
validation macro F1 (18 classes) and per-task F1 after every epoch with the minutes spent.
Same library as MaskLab (Debian's python3-torch 1.13); the winner is then measured for real
with `masklab-cli train` (the figures in the notes come from there, not from here).

  recipe_probe.py DATASET [--size 96x128] [--width 16] [--epochs 22] [--mixup 0.4] ...

DATASET is a masklab-cli synth folder (train/images/<person>/<slot>.jpg). The photos are cut to
the face box [48, 24, 288, 384] (MaskLab's default) and cached next to this run in
/tmp/recipe_probe_<size>.pt. Validation: 60 persons drawn with --split-seed, whole persons.
"""
import argparse
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

SLOTS = {"mask1": 0, "mask2": 0, "mask3": 0, "mask4": 0, "mask5": 0, "incorrect_mask": 1,
         "normal": 2}
TASKS = [(0, 3), (3, 5), (5, 8)]  # mask, gender, age logits in the 8 outputs


def load(dataset, size, box=(48, 24, 336, 408)):
    cache = f"/tmp/recipe_probe_{size[0]}x{size[1]}.pt"
    if os.path.exists(cache):
        return torch.load(cache)
    root = os.path.join(dataset, "train", "images")
    persons = sorted(d for d in os.listdir(root) if not d.startswith("."))
    images, labels, owner = [], [], []
    for index, person in enumerate(persons):
        parts = person.split("_")
        gender = 0 if parts[1] == "male" else 1
        age = int(parts[3])
        group = 0 if age < 30 else 1 if age < 60 else 2
        for name in sorted(os.listdir(os.path.join(root, person))):
            slot = name.rsplit(".", 1)[0]
            if name.startswith(".") or slot not in SLOTS:
                continue
            photo = Image.open(os.path.join(root, person, name)).convert("RGB").crop(box)
            pixels = np.array(photo.resize(size, Image.BOX))
            images.append(torch.from_numpy(pixels).permute(2, 0, 1))
            labels.append((SLOTS[slot], gender, group))
            owner.append(index)
    data = {"x": torch.stack(images), "y": torch.tensor(labels), "person": torch.tensor(owner)}
    torch.save(data, cache)
    return data


def small_cnn(width, dropout):
    """MaskLab's small_cnn: stages of width, 2, 4, 8 x width with pooling, then 16 x width."""
    layers, channels = [], 3
    for out in (width, 2 * width, 4 * width, 8 * width):
        layers += [nn.Conv2d(channels, out, 3, 1, 1, bias=False), nn.BatchNorm2d(out),
                   nn.ReLU(inplace=True), nn.MaxPool2d(2)]
        channels = out
    layers += [nn.Conv2d(channels, 2 * channels, 3, 1, 1, bias=False),
               nn.BatchNorm2d(2 * channels), nn.ReLU(inplace=True),
               nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout),
               nn.Linear(2 * channels, 8)]
    return nn.Sequential(*layers)


MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1) * 255
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1) * 255


def normalise(x):
    return (x.float() - MEAN) / STD


def augment(x, crop_scale_min):
    """Flip 0.5, zoom-and-shift 0.5, rotation 0.3 of +-10 degrees, brightness/contrast 0.5."""
    n = x.shape[0]
    x = normalise(x)
    flip = torch.rand(n) < 0.5
    x[flip] = x[flip].flip(3)
    scale = torch.where(torch.rand(n) < 0.5,
                        torch.empty(n).uniform_(crop_scale_min, 1).sqrt(), torch.ones(n))
    angle = torch.where(torch.rand(n) < 0.3,
                        torch.empty(n).uniform_(-10, 10) * math.pi / 180, torch.zeros(n))
    tx = (1 - scale) * torch.empty(n).uniform_(-1, 1)
    ty = (1 - scale) * torch.empty(n).uniform_(-1, 1)
    theta = torch.stack([
        torch.stack([scale * torch.cos(angle), -scale * torch.sin(angle), tx], 1),
        torch.stack([scale * torch.sin(angle), scale * torch.cos(angle), ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, align_corners=False, padding_mode="reflection")
    jitter = (torch.rand(n) < 0.5).float()
    brightness = 1 + torch.empty(n).uniform_(-0.2, 0.2) * jitter
    contrast = 1 + torch.empty(n).uniform_(-0.2, 0.2) * jitter
    mean = x.mean((1, 2, 3), keepdim=True)
    return (x - mean) * contrast.view(n, 1, 1, 1) + mean * brightness.view(n, 1, 1, 1)


def task_loss(logits, labels):
    return sum(F.cross_entropy(logits[:, a:b], labels[:, k]) for k, (a, b) in enumerate(TASKS))


def macro_f1(truth, predicted, classes):
    scores = []
    for c in range(classes):
        tp = ((truth == c) & (predicted == c)).sum().item()
        wrong = ((truth != c) & (predicted == c)).sum().item() + \
            ((truth == c) & (predicted != c)).sum().item()
        if tp + wrong:
            scores.append(2 * tp / (2 * tp + wrong))
    return sum(scores) / len(scores)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dataset")
    p.add_argument("--size", default="96x128")
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--epochs", type=int, default=22)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--mixup", type=float, default=0.0)
    p.add_argument("--crop-scale-min", type=float, default=0.75)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--split-seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(1)
    size = tuple(int(v) for v in a.size.split("x"))
    data = load(a.dataset, size)
    x, y, person = data["x"], data["y"], data["person"]
    order = torch.randperm(int(person.max()) + 1,
                           generator=torch.Generator().manual_seed(a.split_seed))
    held = set(order[:60].tolist())
    is_val = torch.tensor([int(q) in held for q in person])
    xt, yt, xv, yv = x[~is_val], y[~is_val], x[is_val], y[is_val]
    klass = lambda labels: labels[:, 0] * 6 + labels[:, 1] * 3 + labels[:, 2]
    counts = torch.bincount(klass(yt), minlength=18).float()
    balanced = (1 / counts)[klass(yt)]  # class-balanced sampling, as the default sampler

    model = small_cnn(a.width, a.dropout)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    steps_per_epoch = len(xt) // a.batch
    total = a.epochs * steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / steps_per_epoch if s < steps_per_epoch else
        0.5 * (1 + math.cos(math.pi * (s - steps_per_epoch) / max(1, total - steps_per_epoch))))
    start = time.time()
    for epoch in range(a.epochs):
        picks = torch.multinomial(balanced, len(xt), replacement=True)
        for i in range(steps_per_epoch):
            batch = picks[i * a.batch:(i + 1) * a.batch]
            images, labels = augment(xt[batch], a.crop_scale_min), yt[batch]
            if a.mixup > 0:
                lam = float(torch.distributions.Beta(a.mixup, a.mixup).sample())
                shuffle = torch.randperm(len(batch))
                out = model(lam * images + (1 - lam) * images[shuffle])
                loss = lam * task_loss(out, labels) + (1 - lam) * task_loss(out, labels[shuffle])
            else:
                loss = task_loss(model(images), labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            out = torch.cat([model(normalise(xv[i:i + 128])) for i in range(0, len(xv), 128)])
        model.train()
        pred = torch.stack([out[:, a_:b_].argmax(1) for a_, b_ in TASKS], 1)
        print(f"epoch {epoch + 1} {(time.time() - start) / 60:.1f} min  "
              f"macro F1 {macro_f1(klass(yv), klass(pred), 18):.3f}  "
              f"mask {macro_f1(yv[:, 0], pred[:, 0], 3):.3f}  "
              f"gender {macro_f1(yv[:, 1], pred[:, 1], 2):.3f}  "
              f"age {macro_f1(yv[:, 2], pred[:, 2], 3):.3f}", flush=True)


if __name__ == "__main__":
    main()

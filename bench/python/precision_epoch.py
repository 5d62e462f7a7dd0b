#!/usr/bin/python3
"""The Python side of bench/precisionbench.sh: one training epoch of a model over the photos
`trainbench list` wrote, in fp32 or with torch.autocast("cpu", dtype=torch.bfloat16), as a
PyTorch user writes it (Debian's python3-torch: the same 1.13 library as libtorch-dev).

  precision_epoch.py LIST WxH THREADS ARCH PRECISION
ARCH: small_cnn (MaskLab's, rebuilt here), resnet18, mobilenet_v3_large; PRECISION: fp32, bf16.
Single 18-way head, AdamW, cross entropy, batch 32, 2 loader workers; prints images/s.
"""
import sys
import time

import torch
import torchvision

from baseline import BATCH, Photos


def small_cnn(width=16):
    layers, channels = [], 3
    for m in (1, 2, 4, 8):
        out = m * width
        layers += [torch.nn.Conv2d(channels, out, 3, padding=1, bias=False),
                   torch.nn.BatchNorm2d(out), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
        channels = out
    layers += [torch.nn.Conv2d(channels, 2 * channels, 3, padding=1, bias=False),
               torch.nn.BatchNorm2d(2 * channels), torch.nn.ReLU(),
               torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Dropout(0.2),
               torch.nn.Linear(2 * channels, 18)]
    return torch.nn.Sequential(*layers)


def model_of(arch):
    if arch == "small_cnn":
        return small_cnn()
    return getattr(torchvision.models, arch)(num_classes=18)


def main():
    list_path, size, threads, arch, precision = sys.argv[1:6]
    width, height = map(int, size.split("x"))
    torch.set_num_threads(int(threads))
    torch.manual_seed(1)
    model = model_of(arch)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    batches = torch.utils.data.DataLoader(Photos(list_path, width, height), batch_size=BATCH,
                                          shuffle=True, num_workers=2)
    start = time.perf_counter()
    images = 0
    for x, y in batches:
        optimizer.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits.float(), y)
        loss.backward()
        optimizer.step()
        images += x.shape[0]
    seconds = time.perf_counter() - start
    print(f"python  {arch:19} {precision}: {images / seconds:6.1f} images/s "
          f"({images} images in {seconds:.1f} s)")


if __name__ == "__main__":
    main()

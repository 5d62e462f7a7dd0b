#!/usr/bin/python3
"""The Python side of bench/precisionbench.sh: one training epoch of a model over the photos
`trainbench list` wrote, in fp32 or with torch.autocast("cpu", dtype=torch.bfloat16), in
contiguous or channels-last memory format, as a PyTorch user writes it (Debian's python3-torch:
the same 1.13 library as libtorch-dev).

  precision_epoch.py LIST WxH THREADS ARCH PRECISION [FORMAT]
ARCH: small_cnn (MaskLab's, rebuilt here), resnet18, mobilenet_v3_large; PRECISION: fp32, bf16;
FORMAT: contiguous (default) or channels_last.
Single 18-way head, AdamW, cross entropy, batch 32, 2 loader workers; prints images/s.
"""
import sys

import torch
import torchvision

from baseline import train_epoch


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
    layout = sys.argv[6] if len(sys.argv) > 6 else "contiguous"
    torch.set_num_threads(int(threads))
    torch.manual_seed(1)
    images, seconds = train_epoch(model_of(arch), list_path, size, bf16=precision == "bf16",
                                  channels_last=layout == "channels_last")
    print(f"python  {arch:19} {precision} {layout:13}: {images / seconds:6.1f} images/s "
          f"({images} images in {seconds:.1f} s)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The PyTorch side of bench/gpu/proof.sh: what a PyTorch user writes for the same training on
the same GPU, to hold MaskLab's images/s and memory against.

  torch_epoch.py DATASET ARCH PRECISION WxH BATCH WORKERS [DEVICE [FORMAT]]
ARCH: small_cnn (MaskLab's, rebuilt in bench/python/precision_epoch.py), mobilenet_v3_large,
resnet18; PRECISION: fp32, bf16 (torch.autocast), fp16 (torch.autocast + GradScaler); FORMAT:
contiguous (default) or channels_last, the memory format of the images and the weights.
One warm-up epoch is not counted; then one whole epoch over the train photos (decoding and
augmenting in WORKERS loader processes, as MaskLab's whole epochs include its loader), and 50
steps on random tensors already on the GPU (the model alone), in FORMAT and then in the other
format. Single 18-way head, AdamW, cross entropy. Prints one line: images/s of the epoch and of
the model alone in both formats, and peak GPU memory.
DEVICE (default cuda) = cpu only tries the script out where there is no GPU (bf16 or fp32), with
ALONE_STEPS (default 50) lowered.
"""
import os
import sys
import time

import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "python"))
from baseline import Photos  # noqa: E402
from precision_epoch import model_of  # noqa: E402

MASKS = {"mask1": 0, "mask2": 0, "mask3": 0, "mask4": 0, "mask5": 0, "incorrect_mask": 1,
         "normal": 2}


def photo_list(dataset, path):
    """path,label for every train photo: class = mask * 6 + gender * 3 + age group."""
    rows = []
    images = os.path.join(dataset, "train", "images")
    for person in sorted(os.listdir(images)):
        parts = person.split("_")
        if len(parts) < 4 or not os.path.isdir(os.path.join(images, person)):
            continue
        gender = 0 if parts[1] == "male" else 1
        age = int(parts[3])
        group = 0 if age < 30 else 1 if age < 60 else 2
        for name in os.listdir(os.path.join(images, person)):
            stem = os.path.splitext(name)[0]
            if stem in MASKS:
                rows.append(f"{os.path.join(images, person, name)},{MASKS[stem] * 6 + gender * 3 + group}")
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")
    return len(rows)


def steps(model, optimizer, scaler, batches, dtype, device, layout):
    images = 0
    for x, y in batches:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        x = x.contiguous(memory_format=layout)
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device, dtype=dtype or torch.bfloat16, enabled=dtype is not None):
            logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits.float(), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        images += x.shape[0]
    if device == "cuda":
        torch.cuda.synchronize()
    return images


def model_alone(arch, precision, dtype, device, layout, batch, width, height):
    """Training images/s on random tensors already on the device: the model without a loader,
    a fresh one in the given layout (its optimizer state too)."""
    torch.manual_seed(1)
    model = model_of(arch).to(device).train().to(memory_format=layout)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    scaler = torch.cuda.amp.GradScaler(enabled=precision == "fp16")
    x = torch.randn(batch, 3, height, width, device=device)
    y = torch.randint(0, 18, (batch,), device=device)
    count = int(os.environ.get("ALONE_STEPS", "50"))  # fewer where it only tries the script out
    steps(model, optimizer, scaler, [(x, y)] * max(1, count // 5), dtype, device, layout)
    start = time.perf_counter()
    images = steps(model, optimizer, scaler, [(x, y)] * count, dtype, device, layout)
    return images / (time.perf_counter() - start)


def main():
    dataset, arch, precision, size, batch, workers = sys.argv[1:7]
    device = sys.argv[7] if len(sys.argv) > 7 else "cuda"
    layouts = {"contiguous": torch.contiguous_format, "channels_last": torch.channels_last}
    chosen = sys.argv[8] if len(sys.argv) > 8 else "contiguous"
    other = "channels_last" if chosen == "contiguous" else "contiguous"
    gpu = device == "cuda"
    width, height = map(int, size.split("x"))
    batch, workers = int(batch), int(workers)
    dtype = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]
    list_path = f"/tmp/torch_epoch_{os.getpid()}.csv"
    photo_list(dataset, list_path)
    torch.manual_seed(1)
    model = model_of(arch).to(device).train().to(memory_format=layouts[chosen])
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    scaler = torch.cuda.amp.GradScaler(enabled=precision == "fp16")
    loader = torch.utils.data.DataLoader(Photos(list_path, width, height), batch_size=batch,
                                         shuffle=True, num_workers=workers, pin_memory=gpu,
                                         persistent_workers=True, drop_last=True)
    steps(model, optimizer, scaler, loader, dtype, device, layouts[chosen])  # warm-up
    if gpu:
        torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    images = steps(model, optimizer, scaler, loader, dtype, device, layouts[chosen])
    epoch = images / (time.perf_counter() - start)
    peak = torch.cuda.max_memory_reserved() / 2**20 if gpu else 0
    shape = (arch, precision, dtype, device)
    alone = model_alone(*shape, layouts[chosen], batch, width, height)
    alone_other = model_alone(*shape, layouts[other], batch, width, height)
    print(f"pytorch {torch.__version__} {arch} {precision} {size} batch {batch}: "
          f"{epoch:.0f} images/s per epoch, {alone:.0f} images/s model alone, "
          f"peak reserved {peak:.0f} MiB; {chosen}, {alone_other:.0f} images/s model alone "
          f"in {other}")
    os.remove(list_path)


if __name__ == "__main__":
    main()

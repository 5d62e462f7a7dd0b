"""The Python side of bench/trainbench.sh: what the competition's PyTorch baseline does, on the
photos `trainbench list` wrote, with Debian's python3-torch / python3-torchvision (the same
1.13 library as libtorch-dev, so the comparison isolates MaskLab's own code).

  baseline.py loader LIST WxH WORKERS   one augmented epoch through a torchvision DataLoader
  baseline.py epoch LIST WxH THREADS    one training epoch of torchvision's ResNet-18 (18
                                        classes, AdamW, cross entropy), batch 32, 2 workers;
                                        THREADS 0 = PyTorch's own default
The transforms match MaskLab's training pipeline (resize, flip 0.5, random resized crop 0.5,
rotation 0.3 of +-10 degrees, colour jitter 0.5 of 0.2, normalise), applied after the resize,
which is the cheaper order for Python.
"""
import resource
import sys
import time

import torch
import torchvision
from PIL import Image
from torchvision import transforms

BATCH = 32


class Photos(torch.utils.data.Dataset):
    def __init__(self, list_path, width, height):
        with open(list_path) as f:
            rows = [line.rstrip("\n").rsplit(",", 1) for line in f if line.strip()]
        self.items = [(path, int(label)) for path, label in rows]
        self.transform = transforms.Compose([
            transforms.Resize((height, width)),
            transforms.RandomHorizontalFlip(0.5),
            transforms.RandomApply([transforms.RandomResizedCrop((height, width), scale=(0.7, 1.0))], p=0.5),
            transforms.RandomApply([transforms.RandomRotation(10)], p=0.3),
            transforms.RandomApply([transforms.ColorJitter(0.2, 0.2, 0.2)], p=0.5),
            transforms.ToTensor(),
            transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
        ])

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        path, label = self.items[index]
        return self.transform(Image.open(path).convert("RGB")), label


def peak_rss_mb():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, workers / 1024


def loader(list_path, size, workers):
    width, height = map(int, size.split("x"))
    data = Photos(list_path, width, height)
    batches = torch.utils.data.DataLoader(data, batch_size=BATCH, shuffle=True, num_workers=workers)
    start = time.perf_counter()
    images = sum(x.shape[0] for x, _ in batches)
    seconds = time.perf_counter() - start
    print(f"python  loader  {size}  workers {workers}: {images} images in {seconds:.2f} s = "
          f"{images / seconds:.0f} images/s")


def train_epoch(model, list_path, size, bf16=False, channels_last=False):
    """One training epoch of model (AdamW, cross entropy, batch 32, 2 loader workers), the
    forward pass under CPU bf16 autocast and in channels-last when asked; (images, seconds)."""
    width, height = map(int, size.split("x"))
    layout = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=layout)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    batches = torch.utils.data.DataLoader(Photos(list_path, width, height), batch_size=BATCH,
                                          shuffle=True, num_workers=2)
    start = time.perf_counter()
    images = 0
    for x, y in batches:
        optimizer.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits = model(x.contiguous(memory_format=layout))
        loss = torch.nn.functional.cross_entropy(logits.float(), y)
        loss.item()
        loss.backward()
        optimizer.step()
        images += x.shape[0]
    return images, time.perf_counter() - start


def epoch(list_path, size, threads):
    if threads > 0:
        torch.set_num_threads(threads)
    torch.manual_seed(1)
    images, seconds = train_epoch(torchvision.models.resnet18(num_classes=18), list_path, size)
    own, workers = peak_rss_mb()
    print(f"python  epoch   {size}  threads {torch.get_num_threads()}: {images} images in "
          f"{seconds:.2f} s = {images / seconds:.1f} images/s  (peak RSS {own:.0f} MB + "
          f"workers {workers:.0f} MB)")


if __name__ == "__main__":
    mode, list_path, size, number = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if mode == "loader":
        loader(list_path, size, number)
    else:
        epoch(list_path, size, number)

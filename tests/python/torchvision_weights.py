"""Python side of tst_pretrained: torchvision makes weights, MaskLab loads them, and back.

  torchvision_weights.py make DIR [ARCH]
      DIR/weights.pth  a random torchvision ARCH (default resnet18; 18 classes) state dict, as
                       torch.save(model.state_dict()) writes it (an OrderedDict)
      DIR/wrapped.pth  the same inside a training checkpoint {"state_dict": ..., "epoch": 3}
      DIR/module.pth   the whole nn.Module pickled (not a state dict: must be refused)
      DIR/io.pth       {"input": x, "output": model(x)} in eval mode
  torchvision_weights.py check DIR EXPORTED [ARCH]
      loads MaskLab's exported state dict into torchvision's ARCH (strict) and checks
      that it gives io.pth's output for io.pth's input (max abs difference <= 1e-4).
"""
import sys

import torch
import torchvision


def make(out, arch):
    torch.manual_seed(7)
    model = getattr(torchvision.models, arch)(num_classes=18)
    # Non-trivial batch-norm statistics, so eval mode exercises them.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)
    model.eval()
    x = torch.randn(2, 3, 64, 48)
    with torch.no_grad():
        y = model(x)
    torch.save(model.state_dict(), f"{out}/weights.pth")
    torch.save({"state_dict": model.state_dict(), "epoch": 3}, f"{out}/wrapped.pth")
    torch.save(model, f"{out}/module.pth")
    torch.save({"input": x, "output": y}, f"{out}/io.pth")


def check(out, exported, arch):
    io = torch.load(f"{out}/io.pth")
    model = getattr(torchvision.models, arch)(num_classes=18)
    model.load_state_dict(torch.load(exported), strict=True)
    model.eval()
    with torch.no_grad():
        y = model(io["input"])
    diff = (y - io["output"]).abs().max().item()
    print(f"max abs difference {diff:.3g}")
    return 0 if diff <= 1e-4 else 1


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "resnet18")
        sys.exit(0)
    sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "resnet18"))

#!/usr/bin/python3
"""Turns the homework's teacher checkpoint (Food-11/resnet18_teacher.ckpt, a state_dict of
torchvision's ResNet-18 with 11 outputs) into a TorchScript file that netshrink's teacher worker
runs for its logits:

    teacher: {arch: torchscript, epochs: 0, checkpoint: /data/food-11/resnet18_teacher.pt}

Needs Debian's python3-torch and python3-torchvision:
    /usr/bin/python3 tools/hw13_teacher_to_torchscript.py /data/food-11/resnet18_teacher.ckpt /data/food-11/resnet18_teacher.pt

The traced model expects what netshrink feeds it for Food-11: 3x224x224 float32 images,
ImageNet-normalized (the homework's test transform).
"""
import sys

import torch
import torchvision


def main(checkpoint, output):
    model = torchvision.models.resnet18(num_classes=11)
    state = torch.load(checkpoint, map_location="cpu")
    if isinstance(state, dict) and "state_dict" in state:
        state = state["state_dict"]
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.zeros(1, 3, 224, 224))
    traced.save(output)
    print("wrote", output, "-", sum(p.numel() for p in model.parameters()), "parameters")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: hw13_teacher_to_torchscript.py CHECKPOINT.ckpt OUTPUT.pt")
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/python3
"""Trainable parameter counts of the depthwise-separable student, as PyTorch (and torchsummary,
which sums weight and bias of every module) counts them for the same architecture: BatchNorm's
running statistics are buffers, not parameters.

Regenerate (Debian's python3-torch):
    /usr/bin/python3 workers/src/test/python/student_params_golden.py > workers/src/test/resources/golden/student_params.json
"""
import json

import torch
from torch import nn

CONFIGS = [
    (1, [32, 64, 128, 128, 192], 10),
    (1, [8, 16, 32], 10),
    (1, [16], 11),
    (3, [24, 40, 40, 80, 80, 160], 11),
    (1, [5, 7, 13, 29], 10),
]


def student(in_channels, widths, classes):
    layers = [nn.Conv2d(in_channels, widths[0], 3, padding=1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU()]
    for i in range(1, len(widths)):
        c_in, c_out, stride = widths[i - 1], widths[i], 2 if i == 1 or i % 2 == 0 else 1
        layers += [nn.Conv2d(c_in, c_in, 3, stride=stride, padding=1, groups=c_in, bias=False), nn.BatchNorm2d(c_in),
                   nn.Conv2d(c_in, c_out, 1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU()]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(widths[-1], classes)]
    return nn.Sequential(*layers)


def main():
    results = []
    for in_channels, widths, classes in CONFIGS:
        net = student(in_channels, widths, classes)
        trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
        out = net(torch.zeros(2, in_channels, 28, 28))
        results.append({"inChannels": in_channels, "widths": widths, "classes": classes,
                        "parameters": trainable, "outputShape": list(out.shape)})
    print(json.dumps({"torch": torch.__version__, "students": results}, indent=1))


if __name__ == "__main__":
    main()

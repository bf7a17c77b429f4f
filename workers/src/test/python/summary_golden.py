#!/usr/bin/python3
"""Golden layer tables for ModelSummary: every Conv2d, BatchNorm and Linear in forward order with
its output shape and trainable parameters, and the model's total, as PyTorch itself reports them
(forward hooks, like torchsummary), for each architecture netshrink builds.

ResNet-18 is torchvision's own (torchvision.models.resnet18(num_classes=11)); the others are
written here after their description in workers/README.md.

Regenerate (Debian's python3-torch and python3-torchvision):
    /usr/bin/python3 workers/src/test/python/summary_golden.py > workers/src/test/resources/golden/model_summaries.json
"""
import json

import torch
import torch.nn as nn
import torchvision


def teacher_cnn(classes):
    def stage(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(*stage(1, 32), nn.MaxPool2d(2), *stage(32, 64), nn.MaxPool2d(2),
                         *stage(64, 128), nn.Flatten(), nn.Linear(128 * 7 * 7, classes))


def dw_student(cin, widths, strides, classes, imagenet_stem):
    if imagenet_stem:
        layers = [nn.Conv2d(cin, widths[0], 7, 2, 3, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU(),
                  nn.MaxPool2d(3, 2, 1)]
    else:
        layers = [nn.Conv2d(cin, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU()]
    for i in range(1, len(widths)):
        a, b = widths[i - 1], widths[i]
        layers += [nn.Conv2d(a, a, 3, strides[i - 1], 1, groups=a, bias=False), nn.BatchNorm2d(a),
                   nn.Conv2d(a, b, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU()]
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(widths[-1], classes))


CASES = [
    ("teacher-cnn", [1, 28, 28], 10, None, lambda: teacher_cnn(10)),
    ("dw-student", [1, 28, 28], 10, None,
     lambda: dw_student(1, [32, 64, 128, 128, 192], [2, 2, 1, 2], 10, False)),
    ("dw-student", [3, 32, 32], 10, [16, 32, 64], lambda: dw_student(3, [16, 32, 64], [2, 2], 10, False)),
    ("hw13-student", [3, 224, 224], 11, None,
     lambda: dw_student(3, [24, 64, 96, 128, 224], [1, 2, 2, 2], 11, True)),
    ("hw13-student", [3, 224, 224], 11, [64, 64, 128, 256, 8],
     lambda: dw_student(3, [64, 64, 128, 256, 8], [1, 2, 2, 2], 11, True)),
    ("resnet18", [3, 224, 224], 11, None, lambda: torchvision.models.resnet18(num_classes=11)),
]


def rows(model, shape):
    found = []

    def hook(module, _inputs, output):
        found.append({"type": type(module).__name__, "output": list(output.shape)[1:],
                      "params": sum(p.numel() for p in module.parameters(recurse=False) if p.requires_grad)})

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.BatchNorm2d, nn.BatchNorm1d, nn.Linear)):
            m.register_forward_hook(hook)
    model.eval()
    with torch.no_grad():
        model(torch.zeros([1] + shape))
    return found


def main():
    out = []
    for arch, shape, classes, widths, build in CASES:
        model = build()
        out.append({"arch": arch, "input": shape, "classes": classes, "widths": widths,
                    "total": sum(p.numel() for p in model.parameters() if p.requires_grad),
                    "rows": rows(model, shape)})
    print(json.dumps({"torch": torch.__version__, "torchvision": torchvision.__version__, "cases": out}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The PyTorch reference for `netshrink bench train`, in the plain form of the homework:
- student: the same depthwise-separable student (widths 32-64-128-128-192, strides 2-2-1-2,
  58,378 parameters), the same Hinton KD loss (alpha * T^2 * KL(batchmean) + (1 - alpha) * CE)
  on teacher logits held in memory as netshrink's student worker holds them, Adam 5e-3;
- teacher: the same 155,626-parameter CNN trained with cross entropy, Adam 3e-3;
then inference over the same images in eval mode without autograd. Same batch size, thread count
and images (the first N Fashion-MNIST training images, normalized as netshrink normalizes them).
`--layout channels-last` converts the model and the batches to channels-last, which the plain
script does not do. Prints one line of JSON.

    /usr/bin/python3 bench/train_reference.py --model student --images 10000 --epochs 2 --threads 1
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    path = os.path.join(DATA, name)
    gz = path + ".gz"
    with (gzip.open(gz, "rb") if os.path.exists(gz) else open(path, "rb")) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def student(widths=(32, 64, 128, 128, 192), strides=(2, 2, 1, 2), classes=10):
    layers = [nn.Conv2d(1, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU()]
    for i in range(1, len(widths)):
        a, b = widths[i - 1], widths[i]
        layers += [nn.Conv2d(a, a, 3, strides[i - 1], 1, groups=a, bias=False), nn.BatchNorm2d(a),
                   nn.Conv2d(a, b, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU()]
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(widths[-1], classes))


def teacher_cnn(widths=(32, 64, 128), classes=10):
    layers, previous = [], 1
    for i, width in enumerate(widths):
        layers += [nn.Conv2d(previous, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
        if i < len(widths) - 1:
            layers.append(nn.MaxPool2d(2))
        previous = width
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(widths[-1] * 7 * 7, classes))


def kd_loss(s, t, y, alpha, temperature):
    kl = F.kl_div(F.log_softmax(s / temperature, 1), F.softmax(t / temperature, 1), reduction="batchmean")
    return alpha * temperature * temperature * kl + (1 - alpha) * F.cross_entropy(s, y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["student", "teacher"], default="student")
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--inference-batch", type=int, default=256)
    p.add_argument("--inference-passes", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--layout", choices=["nchw", "channels-last"], default="nchw")
    p.add_argument("--alpha", type=float, default=0.5)
    p.add_argument("--temperature", type=float, default=4.0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x = (torch.tensor(idx("train-images-idx3-ubyte")[:a.images], dtype=torch.float32).unsqueeze(1) / 255
         - 0.2860) / 0.3530
    y = torch.tensor(idx("train-labels-idx1-ubyte")[:a.images], dtype=torch.long)
    teacher = torch.randn(a.images, 10) * 3
    layout = torch.channels_last if a.layout == "channels-last" else torch.contiguous_format
    model = (student() if a.model == "student" else teacher_cnn()).to(memory_format=layout)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3 if a.model == "student" else 3e-3)
    model.train()
    per_epoch = []
    for epoch in range(a.epochs):
        order = torch.randperm(a.images)
        start = time.perf_counter()
        for i in range(0, a.images, a.batch):
            b = order[i:i + a.batch]
            optimizer.zero_grad()
            out = model(x[b].contiguous(memory_format=layout))
            if a.model == "student":
                loss = kd_loss(out, teacher[b], y[b], a.alpha, a.temperature)
            else:
                loss = F.cross_entropy(out, y[b])
            loss.backward()
            optimizer.step()
        per_epoch.append(a.images / (time.perf_counter() - start))
    model.eval()
    inference = []
    with torch.no_grad():
        for _ in range(a.inference_passes):
            start = time.perf_counter()
            for i in range(0, a.images, a.inference_batch):
                model(x[i:i + a.inference_batch].contiguous(memory_format=layout))
            inference.append(a.images / (time.perf_counter() - start))
    print(json.dumps({"impl": "pytorch " + torch.__version__, "model": a.model, "layout": a.layout,
                      "threads": a.threads, "batch": a.batch, "images": a.images,
                      "images_per_second": per_epoch, "inference_batch": a.inference_batch,
                      "inference_images_per_second": inference}))


if __name__ == "__main__":
    main()

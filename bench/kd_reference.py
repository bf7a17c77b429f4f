#!/usr/bin/python3
"""The PyTorch reference for `netshrink bench train`: the same depthwise-separable student
(widths 32-64-128-128-192, strides 2-2-1-2, 58,378 parameters), the same Hinton KD loss
(alpha * T^2 * KL(batchmean) + (1 - alpha) * CE), Adam, batch size, thread count and images
(the first N Fashion-MNIST training images, normalized as netshrink normalizes them), teacher
logits held in memory as netshrink's student worker holds them. Prints one line of JSON.

    /usr/bin/python3 bench/kd_reference.py --images 10000 --epochs 2 --batch 64 --threads 1
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


def kd_loss(s, t, y, alpha, temperature):
    kl = F.kl_div(F.log_softmax(s / temperature, 1), F.softmax(t / temperature, 1), reduction="batchmean")
    return alpha * temperature * temperature * kl + (1 - alpha) * F.cross_entropy(s, y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--alpha", type=float, default=0.5)
    p.add_argument("--temperature", type=float, default=4.0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x = (torch.tensor(idx("train-images-idx3-ubyte")[:a.images], dtype=torch.float32).unsqueeze(1) / 255
         - 0.2860) / 0.3530
    y = torch.tensor(idx("train-labels-idx1-ubyte")[:a.images], dtype=torch.long)
    teacher = torch.randn(a.images, 10) * 3
    model = student()
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
    model.train()
    per_epoch = []
    for epoch in range(a.epochs):
        order = torch.randperm(a.images)
        start = time.perf_counter()
        for i in range(0, a.images, a.batch):
            b = order[i:i + a.batch]
            optimizer.zero_grad()
            loss = kd_loss(model(x[b]), teacher[b], y[b], a.alpha, a.temperature)
            loss.backward()
            optimizer.step()
        per_epoch.append(a.images / (time.perf_counter() - start))
    print(json.dumps({"impl": "pytorch " + torch.__version__, "threads": a.threads, "batch": a.batch,
                      "images": a.images, "images_per_second": per_epoch}))


if __name__ == "__main__":
    main()

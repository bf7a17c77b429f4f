#!/usr/bin/python3
"""Horizontal fusion in PyTorch, as netshrink's fused packs do it, to tell what fusion can win on
this CPU whatever the framework (BENCHMARKS.md section 11):
K students (the depthwise-separable student of train_reference.py) trained as one network: the
stem writes K x C channels, depthwise convolutions and BatchNorms cover K x C channels, pointwise
convolutions and the classifier are grouped convolutions with K groups, and the loss is the sum
of the K members' own KD losses (each its own alpha and T). Channels-last, Adam with one rate.
Each round times one epoch per K in turn, after a warm-up epoch; prints trial-images/s (K x images
per second) min/median/max over rounds. `--profile` adds torch.profiler's top operators (self CPU
time over 5 steps) per K, which is where section 11's op-by-op figures come from.

    /usr/bin/python3 bench/fusion_reference.py --packs 1,2,4,8 --images 6000 --rounds 3 --threads 2
    /usr/bin/python3 bench/fusion_reference.py --packs 1,8 --profile
"""
import argparse
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_reference import idx  # noqa: E402  the same images, read the same way

WIDTHS = (32, 64, 128, 128, 192)
STRIDES = (2, 2, 1, 2)
CLASSES = 10


def fused_student(k):
    w = WIDTHS
    layers = [nn.Conv2d(1, k * w[0], 3, 1, 1, bias=False), nn.BatchNorm2d(k * w[0]), nn.ReLU()]
    for i in range(1, len(w)):
        a, b = w[i - 1], w[i]
        layers += [nn.Conv2d(k * a, k * a, 3, STRIDES[i - 1], 1, groups=k * a, bias=False),
                   nn.BatchNorm2d(k * a),
                   nn.Conv2d(k * a, k * b, 1, groups=k, bias=False), nn.BatchNorm2d(k * b), nn.ReLU()]
    # the K classifiers as one grouped 1x1 convolution over the pooled features
    layers += [nn.AdaptiveAvgPool2d(1), nn.Conv2d(k * w[-1], k * CLASSES, 1, groups=k), nn.Flatten()]
    return nn.Sequential(*layers)


def pack_loss(out, teacher, y, alphas, temperatures):
    total = 0
    for i, (alpha, t) in enumerate(zip(alphas, temperatures)):
        s = out[:, i * CLASSES:(i + 1) * CLASSES]
        kl = F.kl_div(F.log_softmax(s / t, 1), F.softmax(teacher / t, 1), reduction="batchmean")
        total = total + alpha * t * t * kl + (1 - alpha) * F.cross_entropy(s, y)
    return total


def epoch(model, opt, x, y, teacher, k, batch, steps=None):
    alphas = [0.5 + 0.4 * (i % 2) for i in range(k)]
    temperatures = [1.0 + 3.0 * ((i // 2) % 2) for i in range(k)]
    n = x.shape[0] if steps is None else min(x.shape[0], steps * batch)
    start = time.perf_counter()
    for i in range(0, n - batch + 1, batch):
        xb = x[i:i + batch].contiguous(memory_format=torch.channels_last)
        loss = pack_loss(model(xb), teacher[i:i + batch], y[i:i + batch], alphas, temperatures)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return (n // batch) * batch, time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--packs", default="1,2,4,8")
    p.add_argument("--images", type=int, default=6000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--profile", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x = (torch.tensor(idx("train-images-idx3-ubyte")[:a.images], dtype=torch.float32).unsqueeze(1)
         / 255 - 0.2860) / 0.3530
    y = torch.tensor(idx("train-labels-idx1-ubyte")[:a.images], dtype=torch.long)
    teacher = torch.randn(a.images, CLASSES) * 3
    packs = [int(k) for k in a.packs.split(",")]
    models = {}
    for k in packs:
        model = fused_student(k).to(memory_format=torch.channels_last)
        opt = torch.optim.Adam(model.parameters(), lr=5e-3)
        epoch(model, opt, x, y, teacher, k, a.batch)  # warm-up: kernels chosen, arenas grown
        models[k] = (model, opt)
    rates = {k: [] for k in packs}
    for _ in range(a.rounds):
        for k in packs:
            images, seconds = epoch(*models[k], x, y, teacher, k, a.batch)
            rates[k].append(k * images / seconds)
    print(f"torch {torch.__version__}, {a.threads} threads, batch {a.batch}, {a.images} images, "
          f"channels-last, {a.rounds} rounds")
    print("| K | trial-images/s min | median | max | median vs K=1 |")
    print("|---|---:|---:|---:|---:|")
    base = statistics.median(rates[packs[0]])
    for k in packs:
        r = rates[k]
        print(f"| {k} | {min(r):.0f} | {statistics.median(r):.0f} | {max(r):.0f} | "
              f"{statistics.median(r) / base:.2f}x |")
    if a.profile:
        from torch.profiler import ProfilerActivity, profile
        for k in packs:
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                epoch(*models[k], x, y, teacher, k, a.batch, steps=5)
            print(f"\nK = {k}, 5 steps, top operators by self CPU time:")
            print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=10))


if __name__ == "__main__":
    main()

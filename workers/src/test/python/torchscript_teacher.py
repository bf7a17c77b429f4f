#!/usr/bin/python3
"""A small Fashion-MNIST teacher trained elsewhere: trained here with Debian's python3-torch,
exported with torch.jit.trace, and golden logits it computes in PyTorch, so that the Java side
can check that DJL runs the TorchScript file to the same numbers.

Input is what netshrink feeds its networks: (x / 255 - 0.2860) / 0.3530, NCHW float32.
The weights are deterministic (fixed seed, one epoch on the first 6,000 training images).

Regenerate (Debian's python3-torch and the dataset-fashion-mnist package):
    /usr/bin/python3 workers/src/test/python/torchscript_teacher.py workers/src/test/resources/torchscript
"""
import gzip
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

DATA = "/usr/share/datasets/fashion-mnist"
SEED = 13


def idx(name):
    path = os.path.join(DATA, name)
    opener = gzip.open if os.path.exists(path + ".gz") else open
    with opener(path + ".gz" if os.path.exists(path + ".gz") else path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images(name, n):
    x = torch.tensor(idx(name)[:n], dtype=torch.float32).unsqueeze(1)
    return (x / 255 - 0.2860) / 0.3530


def main(out_dir):
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    train_x = images("train-images-idx3-ubyte", 6000)
    train_y = torch.tensor(idx("train-labels-idx1-ubyte")[:6000], dtype=torch.long)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for start in range(0, 6000, 64):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(train_x[start:start + 64]), train_y[start:start + 64])
        loss.backward()
        optimizer.step()
    model.eval()
    traced = torch.jit.trace(model, torch.zeros(1, 1, 28, 28))
    os.makedirs(out_dir, exist_ok=True)
    traced.save(os.path.join(out_dir, "fashion_teacher.pt"))

    test_x = images("t10k-images-idx3-ubyte", 1000)
    test_y = torch.tensor(idx("t10k-labels-idx1-ubyte")[:1000], dtype=torch.long)
    with torch.no_grad():
        logits = traced(test_x)
    golden = {"torch": torch.__version__, "seed": SEED, "images": 64,
              "logits": logits[:64].flatten().tolist(),
              "accuracy1000": (logits.argmax(1) == test_y).float().mean().item(),
              "parameters": sum(p.numel() for p in model.parameters())}
    with open(os.path.join(out_dir, "fashion_teacher_golden.json"), "w") as f:
        json.dump(golden, f)
    print("accuracy on 1,000 test images:", golden["accuracy1000"], "parameters:", golden["parameters"])


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/python3
"""The PyTorch side of `netshrink bench naive --reference pytorch`: the homework's own loop for a KD
sweep, with PyTorch's best CPU settings. It trains the teacher, then runs the trials one after
another, each with the teacher's forward pass (no_grad, eval mode) inside every student step, as
the homework's sample code does; the CE-only baseline trains without the teacher. Models, KD loss,
optimizers and data are those of `train_reference.py` (the same networks as netshrink's): Adam with
a cosine decay to 0 over all steps (teacher 3e-3, students 5e-3), batch 64, the first N
Fashion-MNIST training images, and after every epoch an evaluation on the first M test images.
Models and batches are channels-last; threads are set to all cores unless told. Prints one line of
JSON with the wall time from the first teacher step to the last trial's evaluation.

    /usr/bin/python3 bench/sweep_reference.py --images 10000 --epochs 3 --teacher-epochs 1 \
        --trials "0.5:1,0.5:4,0.9:1,0.9:4,0:1"
"""
import argparse
import importlib.util
import json
import os
import time

import torch
import torch.nn.functional as F

_spec = importlib.util.spec_from_file_location(
    "train_reference", os.path.join(os.path.dirname(os.path.abspath(__file__)), "train_reference.py"))
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

LAYOUT = torch.channels_last


def load(split, count):
    x = (torch.tensor(ref.idx(split + "-images-idx3-ubyte")[:count], dtype=torch.float32).unsqueeze(1)
         / 255 - 0.2860) / 0.3530
    y = torch.tensor(ref.idx(split + "-labels-idx1-ubyte")[:count], dtype=torch.long)
    return x.contiguous(memory_format=LAYOUT), y


def accuracy(model, x, y, batch=256):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    model.train()
    return correct / len(x)


def train(model, lr, epochs, batch, x, y, test, step_loss):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    steps = epochs * ((len(x) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    model.train()
    accuracies = []
    for epoch in range(epochs):
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            b = order[i:i + batch]
            inputs = x[b].contiguous(memory_format=LAYOUT)
            optimizer.zero_grad()
            loss = step_loss(model(inputs), inputs, y[b])
            loss.backward()
            optimizer.step()
            schedule.step()
        accuracies.append(accuracy(model, *test))
    return accuracies


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--test-images", type=int, default=1000)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--teacher-epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--trials", default="0.5:1,0.5:4,0.9:1,0.9:4,0:1",
                   help="alpha:temperature pairs; alpha 0 is the CE-only baseline")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x, y = load("train", a.images)
    test = load("t10k", a.test_images)
    start = time.perf_counter()
    teacher = ref.teacher_cnn().to(memory_format=LAYOUT)
    teacher_acc = train(teacher, 3e-3, a.teacher_epochs, a.batch, x, y, test,
                        lambda out, inputs, labels: F.cross_entropy(out, labels))
    teacher.eval()
    trials = []
    for pair in a.trials.split(","):
        alpha, temperature = (float(v) for v in pair.split(":"))

        def kd(out, inputs, labels, alpha=alpha, temperature=temperature):
            if alpha == 0:
                return F.cross_entropy(out, labels)
            with torch.no_grad():
                soft = teacher(inputs)
            return ref.kd_loss(out, soft, labels, alpha, temperature)

        student = ref.student().to(memory_format=LAYOUT)
        trials.append({"alpha": alpha, "temperature": temperature,
                       "accuracy": train(student, 5e-3, a.epochs, a.batch, x, y, test, kd)[-1]})
    wall = time.perf_counter() - start
    print(json.dumps({"impl": "pytorch " + torch.__version__, "threads": a.threads, "layout": "channels-last",
                      "images": a.images, "epochs": a.epochs, "teacher_epochs": a.teacher_epochs,
                      "teacher_accuracy": teacher_acc[-1], "trials": trials, "wall_seconds": wall}))


if __name__ == "__main__":
    main()

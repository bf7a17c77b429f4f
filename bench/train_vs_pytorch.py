#!/usr/bin/python3
"""Benchmark 1: training and inference throughput, netshrink (DJL) against the PyTorch reference,
alternated in one run so both see the same machine state. Each round starts a fresh process of
each implementation; the first training epoch of each run is warm-up, later epochs are measured,
and the inference figure is the median of the passes after training.

    /usr/bin/python3 bench/train_vs_pytorch.py --models student,teacher --rounds 3 --threads 1

The reference runs as the homework writes it (plain NCHW tensors). `--channels-last-reference`
adds a third contender: the reference with its model and batches converted to channels-last, the
layout netshrink uses by default, to show how much of the difference is the layout.
Run from the repository root; `./netshrink` builds first when the sources changed.
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    training = [float(v) for v in result["images_per_second"]]
    measured = training[1:] or training
    return result["impl"], statistics.mean(measured), statistics.median(result["inference_images_per_second"])


def table(title, rows, threads, batch, reference):
    print(f"{title}\n")
    print("| implementation | threads | batch | min img/s | median | max | vs reference |")
    print("|---|---|---|---|---|---|---|")
    base = statistics.median(rows[reference][1])
    for label, (name, values) in rows.items():
        median = statistics.median(values)
        print(f"| {name}{label} | {threads} | {batch} | {min(values):.0f} | {median:.0f} | {max(values):.0f}"
              f" | {median / base:.2f}x |")
    print()


def ensure_reference():
    """The reference is Debian's PyTorch: installed as root when missing, otherwise named."""
    if importlib.util.find_spec("torch") is not None:
        return
    if os.geteuid() == 0:
        print("installing python3-torch (Debian)...", file=sys.stderr, flush=True)
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                       " python3-torch", shell=True, check=True)
    else:
        sys.exit("missing python3-torch. Install with: sudo apt-get install -y python3-torch")


def main():
    ensure_reference()
    p = argparse.ArgumentParser()
    p.add_argument("--models", default="student,teacher")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--inference-batch", type=int, default=256)
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--channels-last-reference", action="store_true")
    a = p.parse_args()
    common = ["--images", str(a.images), "--epochs", str(a.epochs), "--batch", str(a.batch),
              "--threads", str(a.threads), "--inference-batch", str(a.inference_batch)]
    contenders = {"": ["./netshrink", "bench", "train"],
                  " (reference)": ["/usr/bin/python3", "bench/train_reference.py"]}
    if a.channels_last_reference:
        contenders[" channels-last"] = ["/usr/bin/python3", "bench/train_reference.py",
                                        "--layout", "channels-last"]
    for model in a.models.split(","):
        training = {label: [None, []] for label in contenders}
        inference = {label: [None, []] for label in contenders}
        for r in range(a.rounds):
            line = []
            for label, command in contenders.items():
                name, train, infer = run(command + ["--model", model] + common)
                training[label][0] = inference[label][0] = name
                training[label][1].append(train)
                inference[label][1].append(infer)
                line.append(f"{name}{label} {train:.0f} / {infer:.0f}")
            print(f"{model} round {r + 1} (train / inference img/s): " + ", ".join(line), flush=True)
        print()
        table(f"{model} training", training, a.threads, a.batch, " (reference)")
        table(f"{model} inference", inference, a.threads, a.inference_batch, " (reference)")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Benchmark 1: student KD training throughput, netshrink (DJL) against the PyTorch reference,
alternated in one run so both see the same machine state. Each round starts a fresh process of
each; the first epoch of each run is warm-up, later epochs are measured.

    /usr/bin/python3 bench/train_vs_pytorch.py --rounds 5 --threads 1

Run from the repository root after a build (`./netshrink` builds when sources changed).
"""
import argparse
import json
import statistics
import subprocess


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    result = json.loads(line)
    measured = [float(v) for v in result["images_per_second"][1:]] or [float(result["images_per_second"][0])]
    return result["impl"], statistics.mean(measured)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=3)
    a = p.parse_args()
    args = ["--images", str(a.images), "--epochs", str(a.epochs), "--batch", str(a.batch),
            "--threads", str(a.threads)]
    ours, theirs = [], []
    names = {}
    for r in range(a.rounds):
        name, value = run(["./netshrink", "bench", "train"] + args)
        names["ours"] = name
        ours.append(value)
        name, value = run(["/usr/bin/python3", "bench/kd_reference.py"] + args)
        names["theirs"] = name
        theirs.append(value)
        print(f"round {r + 1}: netshrink {ours[-1]:.0f} img/s, pytorch {theirs[-1]:.0f} img/s", flush=True)
    print()
    print(f"| implementation | threads | batch | min img/s | median | max |")
    print(f"|---|---|---|---|---|---|")
    for key, values in (("ours", ours), ("theirs", theirs)):
        print(f"| {names[key]} | {a.threads} | {a.batch} | {min(values):.0f} | {statistics.median(values):.0f} | {max(values):.0f} |")
    print()
    print(f"ratio of medians (netshrink / pytorch): {statistics.median(ours) / statistics.median(theirs):.2f}x")


if __name__ == "__main__":
    main()

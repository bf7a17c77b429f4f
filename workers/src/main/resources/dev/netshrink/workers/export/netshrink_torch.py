"""Rebuilds a network exported by `netshrink export` as a torch.nn.Module, with its weights.

An export folder holds model.json (the layers), weights.safetensors (the parameters, named as this
module's state_dict names them) and this file. Nothing here unpickles anything.

    import netshrink_torch
    model = netshrink_torch.load("FOLDER")          # a torch.nn.Sequential in eval mode

    python3 netshrink_torch.py FOLDER --torchscript model.pt    # torch.jit.trace
    python3 netshrink_torch.py FOLDER --onnx model.onnx         # torch.onnx.export
    python3 netshrink_torch.py FOLDER --check inputs.safetensors
        # logits of its "input" tensor, compared with its "expected" tensor, as one line of JSON
    python3 netshrink_torch.py FOLDER --latency --batch 256 --rounds 5 --threads 2
        # median milliseconds per batch, channels-last, in inference mode
"""
import argparse
import json
import os
import statistics
import struct
import sys
import time

import torch
import torch.nn as nn

DTYPES = {"F32": torch.float32, "F16": torch.float16, "I64": torch.int64}


def read_safetensors(path):
    """The tensors of a safetensors file, by name (the format's own reader is not needed)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length].decode("utf-8"))
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = bytearray(data[start + begin:start + end])
        flat = torch.frombuffer(raw, dtype=DTYPES[entry["dtype"]]) if raw else torch.empty(0)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors


class Residual(nn.Module):
    """ReLU of main(x) + shortcut(x); an empty shortcut is the identity (ResNet's basic block)."""

    def __init__(self, main, shortcut):
        super().__init__()
        self.main = nn.Sequential(*main)
        self.shortcut = nn.Sequential(*shortcut)

    def forward(self, x):
        return torch.relu(self.main(x) + self.shortcut(x))


class GlobalAvgPool(nn.Module):
    """The mean over height and width: (N, C, H, W) -> (N, C)."""

    def forward(self, x):
        return x.mean(dim=(2, 3))


def layer(spec):
    kind = spec["type"]
    if kind == "conv2d":
        return nn.Conv2d(spec["in"], spec["out"], spec["kernel"], spec["stride"], spec["padding"],
                         groups=spec["groups"], bias=spec["bias"])
    if kind == "batchnorm2d":
        return nn.BatchNorm2d(spec["channels"], eps=spec["eps"])
    if kind == "relu":
        return nn.ReLU()
    if kind == "maxpool2d":
        return nn.MaxPool2d(spec["kernel"], spec["stride"], spec["padding"])
    if kind == "globalavgpool":
        return GlobalAvgPool()
    if kind == "flatten":
        return nn.Flatten()
    if kind == "residual":
        return Residual([layer(s) for s in spec["main"]], [layer(s) for s in spec["shortcut"]])
    if kind == "linear":
        return nn.Linear(spec["in"], spec["out"])
    raise ValueError("unknown layer type " + repr(kind))


def build(description):
    """The network model.json describes, with fresh weights."""
    if description.get("format") != "netshrink-model/1":
        raise ValueError("not a netshrink-model/1 description: " + repr(description.get("format")))
    return nn.Sequential(*[layer(spec) for spec in description["layers"]])


def load(folder):
    """The exported network with its weights, in eval mode."""
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        description = json.load(f)
    model = build(description)
    weights = read_safetensors(os.path.join(folder, "weights.safetensors"))
    state = model.state_dict()
    # BatchNorm's step counter is PyTorch's own: netshrink has none to export
    for name, value in state.items():
        if name.endswith("num_batches_tracked"):
            weights.setdefault(name, value)
    model.load_state_dict(weights, strict=True)
    parameters = sum(p.numel() for p in model.parameters())
    if parameters != description["parameters"]:
        raise ValueError("%d parameters, model.json says %d" % (parameters, description["parameters"]))
    return model.eval()


def input_shape(folder, batch):
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        d = json.load(f)
    return (batch, d["inChannels"], d["height"], d["width"])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("folder")
    p.add_argument("--torchscript", metavar="FILE")
    p.add_argument("--onnx", metavar="FILE")
    p.add_argument("--check", metavar="INPUTS")
    p.add_argument("--latency", action="store_true")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    model = load(args.folder)
    example = torch.zeros(input_shape(args.folder, 1))
    if args.torchscript:
        with torch.no_grad():
            torch.jit.trace(model, example).save(args.torchscript)
    if args.onnx:
        torch.onnx.export(model, example, args.onnx, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    if args.check:
        tensors = read_safetensors(args.check)
        with torch.no_grad():
            logits = model(tensors["input"])
        result = {"parameters": sum(q.numel() for q in model.parameters()),
                  "shape": list(logits.shape)}
        if "expected" in tensors:
            result["maxAbsDiff"] = (logits - tensors["expected"]).abs().max().item()
        print(json.dumps(result))
    if args.latency:
        model = model.to(memory_format=torch.channels_last)
        x = torch.randn(input_shape(args.folder, args.batch)).to(memory_format=torch.channels_last)
        times = []
        with torch.inference_mode():
            model(x)  # warm-up
            for _ in range(args.rounds):
                start = time.perf_counter()
                model(x)
                times.append((time.perf_counter() - start) * 1000)
        print(json.dumps({"batch": args.batch, "threads": torch.get_num_threads(),
                          "ms": {"min": min(times), "median": statistics.median(times),
                                 "max": max(times)}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

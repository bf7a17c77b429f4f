#!/usr/bin/python3
"""Golden masks for MagnitudePruning, from torch.nn.utils.prune.l1_unstructured itself.

Most tensors are quantized so that many weights share a magnitude (ties, zeros, +w and -w): where
ties straddle the pruning boundary PyTorch's choice comes from its topk kernel, not from an index
rule, and the Java side must reproduce it. Masks are strings of 0 (pruned) and 1 (kept). Each case also records whether "among equal magnitudes,
prune the lowest index first" would have chosen the same weights, to document the tie rule.

Regenerate (Debian's python3-torch):
    /usr/bin/python3 workers/src/test/python/prune_golden.py > workers/src/test/resources/golden/prune_masks.json
"""
import json

import torch
import torch.nn.utils.prune as prune

SEED = 1234
AMOUNTS = (0.0, 0.01, 0.05, 0.1, 0.15, 0.25, 0.3, 0.35, 0.5, 0.75, 0.9, 0.95, 1.0)


def tensors():
    yield "small_integers", torch.randint(-3, 4, (4, 2, 3, 3)).float()
    yield "conv_quantized", torch.round(torch.randn(16, 8, 3, 3) * 4) / 20
    yield "depthwise_integers", torch.randint(-5, 6, (32, 1, 3, 3)).float()
    yield "pointwise_quantized", torch.round(torch.randn(64, 32, 1, 1) * 8) / 16
    yield "symmetric_pairs", torch.cat([torch.arange(1, 46).float(), -torch.arange(1, 46).float()]).reshape(10, 1, 3, 3)
    yield "distinct", torch.randn(8, 4, 3, 3)
    yield "ten", torch.tensor([0.5, -0.5, 0.25, 0.0, 1.0, -0.25, 0.0, 0.75, -1.0, 0.5]).reshape(10, 1, 1, 1)


def main():
    torch.manual_seed(SEED)
    results = []
    for name, weight in tensors():
        cases = []
        for amount in AMOUNTS:
            module = torch.nn.Conv2d(1, 1, 1, bias=False)
            module.weight = torch.nn.Parameter(weight.clone())
            prune.l1_unstructured(module, "weight", amount=amount)
            mask = module.weight_mask.flatten()
            pruned = (mask == 0).nonzero().flatten().tolist()
            cases.append({
                "amount": amount,
                "mask": "".join("1" if kept else "0" for kept in (mask != 0).tolist()),
                "lowestIndexRuleAgrees": pruned == lowest_index_rule(weight, len(pruned)),
            })
        results.append({"name": name, "shape": list(weight.shape), "weight": weight.flatten().tolist(),
                        "cases": cases})
    print(json.dumps({"torch": torch.__version__, "seed": SEED, "tensors": results}))


def lowest_index_rule(weight, count):
    magnitudes = weight.abs().flatten().tolist()
    order = sorted(range(len(magnitudes)), key=lambda i: (magnitudes[i], i))
    return sorted(order[:count])


if __name__ == "__main__":
    main()

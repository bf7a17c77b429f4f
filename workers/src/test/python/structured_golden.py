#!/usr/bin/python3
"""Golden channel masks for StructuredPruning, from torch.nn.utils.prune.ln_structured itself.

ln_structured(module, 'weight', amount, n, dim=0) keeps the output channels with the largest Ln
norm: the count pruned is round(amount * channels) (Python's round, half to even) and the kept
ones are torch.topk(norm, k=kept, largest=True). Several tensors are built so that channels share
a norm exactly (integer weights, channels that are permutations or negations of each other): at
the boundary PyTorch's choice then comes from its topk kernel, not from an index rule. Each case
records whether "among equal norms, keep the lowest index" would have agreed, to document it.

Regenerate (Debian's python3-torch):
    /usr/bin/python3 workers/src/test/python/structured_golden.py > workers/src/test/resources/golden/structured_masks.json
"""
import json

import torch
import torch.nn.utils.prune as prune

SEED = 4321
AMOUNTS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.6, 0.75, 0.9, 1.0)


def tensors():
    yield "stem_integers", torch.randint(-2, 3, (16, 1, 3, 3)).float()
    base = torch.randint(-3, 4, (4, 8, 1, 1)).float()
    # each channel appears 4 times: permuted, negated, permuted and negated -> exact norm ties
    variants = []
    for c in range(4):
        row = base[c]
        variants += [row, -row, row.flip(0), -row.flip(0)]
    yield "pointwise_permuted_ties", torch.stack(variants)
    yield "pointwise_quantized", torch.round(torch.randn(32, 16, 1, 1) * 4) / 8
    yield "conv_distinct", torch.randn(12, 4, 3, 3)
    yield "depthwise_integers", torch.randint(-1, 2, (24, 1, 3, 3)).float()


def main():
    torch.manual_seed(SEED)
    results = []
    for name, weight in tensors():
        cases = []
        for n in (1, 2):
            norms = torch.norm(weight, p=n, dim=tuple(range(1, weight.dim())))
            for amount in AMOUNTS:
                module = torch.nn.Conv2d(1, 1, 1, bias=False)
                module.weight = torch.nn.Parameter(weight.clone())
                prune.ln_structured(module, "weight", amount=amount, n=n, dim=0)
                kept = (module.weight_mask.flatten(1).amax(dim=1) != 0).tolist()
                cases.append({
                    "n": n,
                    "amount": amount,
                    "mask": "".join("1" if k else "0" for k in kept),
                    "lowestIndexRuleAgrees": kept == lowest_index_rule(norms.tolist(), sum(kept)),
                })
        results.append({"name": name, "shape": list(weight.shape), "weight": weight.flatten().tolist(),
                        "cases": cases})
    print(json.dumps({"torch": torch.__version__, "seed": SEED, "tensors": results}))


def lowest_index_rule(norms, keep):
    order = sorted(range(len(norms)), key=lambda i: (-norms[i], i))
    chosen = set(order[:keep])
    return [i in chosen for i in range(len(norms))]


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Golden masks for MagnitudePruning.globalL1Unstructured, from torch.nn.utils.prune.global_unstructured
with pruning_method=L1Unstructured: the weights of several layers ranked together by |w|.

PyTorch concatenates the flattened weights in the order the parameters are given, prunes
round(amount * total) of the smallest magnitudes with topk over the concatenation, and splits
the mask back. The layers are quantized so that equal magnitudes straddle the boundary, within
and across layers; each case records whether "lowest concatenated index first" would agree.

Regenerate (Debian's python3-torch):
    /usr/bin/python3 workers/src/test/python/global_prune_golden.py > workers/src/test/resources/golden/global_prune_masks.json
"""
import json

import torch
import torch.nn.utils.prune as prune

SEED = 777
AMOUNTS = (0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 1.0)


def layer_sets():
    yield "student_like", [torch.randint(-3, 4, (8, 1, 3, 3)).float(), torch.randint(-3, 4, (8, 1, 3, 3)).float(),
                           torch.randint(-3, 4, (16, 8, 1, 1)).float()]
    yield "quantized_mixed", [torch.round(torch.randn(6, 3, 3, 3) * 4) / 8, torch.round(torch.randn(12, 6, 1, 1) * 4) / 8]
    yield "distinct", [torch.randn(4, 2, 3, 3), torch.randn(8, 4, 3, 3) * 0.1]


def main():
    torch.manual_seed(SEED)
    out = []
    for name, weights in layer_sets():
        cases = []
        for amount in AMOUNTS:
            modules = []
            for w in weights:
                m = torch.nn.Conv2d(1, 1, 1, bias=False)
                m.weight = torch.nn.Parameter(w.clone())
                modules.append(m)
            prune.global_unstructured([(m, "weight") for m in modules], pruning_method=prune.L1Unstructured,
                                      amount=amount)
            masks = ["".join("1" if v != 0 else "0" for v in m.weight_mask.flatten().tolist()) for m in modules]
            flat = torch.cat([w.flatten() for w in weights]).abs().tolist()
            pruned = [i for i, c in enumerate("".join(masks)) if c == "0"]
            order = sorted(range(len(flat)), key=lambda i: (flat[i], i))
            cases.append({"amount": amount, "masks": masks,
                          "lowestIndexRuleAgrees": pruned == sorted(order[:len(pruned)])})
        out.append({"name": name, "shapes": [list(w.shape) for w in weights],
                    "weights": [w.flatten().tolist() for w in weights], "cases": cases})
    print(json.dumps({"torch": torch.__version__, "seed": SEED, "layerSets": out}))


if __name__ == "__main__":
    main()

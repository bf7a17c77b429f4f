#!/usr/bin/python3
"""Golden values for KnowledgeDistillationLoss, from the PyTorch reference formula.

    loss = alpha*T*T*F.kl_div(F.log_softmax(s/T, 1), F.softmax(t/T, 1), reduction='batchmean')
           + (1 - alpha)*F.cross_entropy(s, y)

Logits are multiples of 2^-10, exact in float32 (what the Java side trains with) and short in
JSON; the loss is evaluated in float64 so the golden values carry no rounding of their own. For small batches the gradient of the loss with
respect to the student logits is stored too.

Regenerate (Debian's python3-torch):
    /usr/bin/python3 workers/src/test/python/kd_golden.py > workers/src/test/resources/golden/kd_loss.json
"""
import json

import torch
import torch.nn.functional as F

SEED = 20261101
BATCHES = (1, 7, 64)
CLASSES = (10, 11)
TEMPERATURES = (1.0, 2.5, 4.0, 10.0)
ALPHAS = (0.0, 0.5, 0.9, 1.0)
MAX_BATCH_WITH_GRADIENT = 7


def main():
    torch.manual_seed(SEED)
    shapes = []
    for batch in BATCHES:
        for classes in CLASSES:
            student = quantize(torch.randn(batch, classes) * 3)
            teacher = quantize(torch.randn(batch, classes) * 5)
            labels = torch.randint(0, classes, (batch,))
            cases = []
            for temperature in TEMPERATURES:
                for alpha in ALPHAS:
                    cases.append(evaluate(student, teacher, labels, temperature, alpha,
                                          batch <= MAX_BATCH_WITH_GRADIENT))
            shapes.append({
                "batch": batch,
                "classes": classes,
                "student": student.flatten().tolist(),
                "teacher": teacher.flatten().tolist(),
                "labels": labels.tolist(),
                "cases": cases,
            })
    print(json.dumps({"torch": torch.__version__, "seed": SEED, "shapes": shapes}))


def quantize(values):
    return (torch.round(values * 1024) / 1024).float()


def evaluate(student, teacher, labels, temperature, alpha, with_gradient):
    s = student.double().requires_grad_(True)
    t = teacher.double()
    kd = F.kl_div(F.log_softmax(s / temperature, 1), F.softmax(t / temperature, 1), reduction="batchmean")
    ce = F.cross_entropy(s, labels)
    total = alpha * temperature * temperature * kd + (1 - alpha) * ce
    case = {"temperature": temperature, "alpha": alpha,
            "kd": kd.item(), "ce": ce.item(), "total": total.item()}
    if with_gradient:
        total.backward()
        case["gradient"] = s.grad.flatten().tolist()
    return case


if __name__ == "__main__":
    main()

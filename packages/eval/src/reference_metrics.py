"""Reference metrics with scikit-learn (Debian python3-sklearn) for metrics.parity.test.ts.

Reads JSON {"cases": [{"scores", "labels", "weights"|null, "threshold"}]} on stdin and prints
JSON with one result per case. AUROC, AP, accuracy and Brier are scikit-learn's own functions;
EER, TPR at FPR and ECE are the formulas of docs/evaluation.md applied to scikit-learn's
roc_curve and calibration_curve.
"""
import json
import sys

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    roc_auc_score,
    roc_curve,
)


def eer(fpr, tpr):
    fnr = 1 - tpr
    diff = fnr - fpr
    for k in range(len(fpr)):
        if diff[k] <= 0:
            if diff[k] == 0 or k == 0:
                return float(fpr[k])
            t = diff[k - 1] / (diff[k - 1] - diff[k])
            return float(fpr[k - 1] + t * (fpr[k] - fpr[k - 1]))
    raise AssertionError("no crossing")


def tpr_at(fpr, tpr, target):
    ok = fpr <= target
    return float(tpr[ok].max())


def ece(y, p, bins):
    prob_true, prob_pred = calibration_curve(y, p, n_bins=bins, strategy="uniform")
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=bins)
    counts = counts[counts > 0]
    return float(np.sum(counts / len(p) * np.abs(prob_true - prob_pred)))


def main():
    cases = json.load(sys.stdin)["cases"]
    out = []
    for c in cases:
        y = np.array(c["labels"], dtype=int)
        s = np.array(c["scores"], dtype=float)
        w = None if c.get("weights") is None else np.array(c["weights"], dtype=float)
        fpr, tpr, _ = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
        r = {
            "auroc": float(roc_auc_score(y, s, sample_weight=w)),
            "ap": float(average_precision_score(y, s, sample_weight=w)),
            "eer": eer(fpr, tpr),
            "tprAtFpr1": tpr_at(fpr, tpr, 0.01),
            "tprAtFpr5": tpr_at(fpr, tpr, 0.05),
            "accuracy": float(accuracy_score(y, (s >= c["threshold"]).astype(int), sample_weight=w)),
        }
        if c.get("probabilistic"):
            r["brier"] = float(brier_score_loss(y, s, sample_weight=w))
            if w is None:
                r["ece"] = ece(y, s, 10)
        out.append(r)
    json.dump(out, sys.stdout)


main()

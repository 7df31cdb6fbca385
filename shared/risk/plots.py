"""Calibration and feature-importance charts of an evaluated model, as PNG (matplotlib)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on a server
import matplotlib.pyplot as plt

from shared.risk.model import Evaluation


def calibration_png(evaluation: Evaluation, path: Path) -> Path:
    figure, axes = plt.subplots(figsize=(5, 5), dpi=110)
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    axes.plot(evaluation.calibration["predicted"], evaluation.calibration["observed"],
              marker="o", label="model (newest 20%)")
    axes.set_xlabel("predicted probability of a breach")
    axes.set_ylabel("observed share breached")
    axes.set_title(f"{evaluation.target}: AUC {evaluation.model['roc_auc']:.3f} "
                   f"(baseline {evaluation.baseline['roc_auc']:.3f})", fontsize=10)
    axes.legend(loc="upper left")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def importance_png(target: str, importance: Mapping[str, float], path: Path) -> Path:
    items = [(k, v) for k, v in importance.items() if v > 0][:12][::-1]
    figure, axes = plt.subplots(figsize=(6, 4), dpi=110)
    axes.barh([k for k, _ in items], [v for _, v in items], color="#0b5cad")
    axes.set_xlabel("share of the spread of scores")
    axes.set_title(f"{target}: what moves the score", fontsize=10)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path

"""The risk model and the bailiff indicators on a synthetic history with planted patterns: the
model must find them and beat the plain baseline; the indicators must flag the planted
bailiffs; a model that cannot beat the baseline is not promoted."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from shared.legal.calendar import working_calendar
from shared.legal.rules import Context, proceeding_breaches
from shared.risk.features import MATURITY_DAYS, TARGETS, History, frame
from shared.risk.indicators import bailiff_indicators, robust_z
from shared.risk.model import NotEnoughHistory, importance, train_and_evaluate
from shared.settings import Policy
from tests.support.risk_history import (
    ALIMONY_NEGLECT,
    AS_OF,
    NEGLECTFUL,
    SLOW_REGION,
    bailiffs,
    generate,
    histories,
)

CTX = Context(working_calendar(), Policy())


@pytest.fixture(scope="module")
def generated() -> tuple[dict[str, pd.DataFrame], list[History]]:
    made = generate(6000, seed=11)
    folded = histories(made.events)
    return {t: frame(folded, AS_OF, CTX, made.acts, target=t) for t in TARGETS}, folded


# The calibration check needs a large test set: only completion has one (opening and valuation
# are judged on the few proceedings still pending on their snapshot day).
@pytest.mark.parametrize(("target", "floor", "calibration"), [("COMPLETION_TERM", 0.72, 0.05),
                                                              ("OPENING_TERM", 0.65, None),
                                                              ("VALUATION_TERM", 0.7, None)])
def test_the_model_finds_the_planted_patterns_and_beats_the_baseline(
        generated: tuple[dict[str, pd.DataFrame], list[History]], target: str, floor: float,
        calibration: float | None) -> None:
    frames, _ = generated
    _, evaluation = train_and_evaluate(frames[target].copy(), target)
    assert evaluation.model["roc_auc"] >= floor, evaluation.model
    assert evaluation.model["roc_auc"] > evaluation.baseline["roc_auc"]
    assert evaluation.model["average_precision"] > evaluation.baseline["average_precision"]
    assert evaluation.promoted
    # A time-based split: the newest proceedings are judged by a model of the older ones.
    assert evaluation.train_window[1] <= evaluation.test_window[0]
    assert evaluation.examples["test"] > 0.15 * sum(evaluation.examples.values())
    if calibration is not None:
        # Calibrated: the mean prediction is near the observed rate on the newest 20%.
        predicted = np.mean(evaluation.calibration["predicted"])
        observed = np.mean(evaluation.calibration["observed"])
        assert abs(predicted - observed) < calibration


def test_examples_see_only_terms_still_running(
        generated: tuple[dict[str, pd.DataFrame], list[History]]) -> None:
    # No leak: on its snapshot day an example's term had not been met, missed or ended.
    frames, folded = generated
    by_id = {h.now.proceeding_id: h for h in folded}
    for target, df in frames.items():
        examples = df[df[f"pending_{target}"] & df[f"y_{target}"].notna()]
        assert len(examples) > 300
        for pid, on in examples[["proceeding_id", "on"]].head(300).itertuples(index=False):
            snapshot = (by_id[pid].snapshots or {})[target]
            assert target not in {b.rule for b in proceeding_breaches(snapshot, on, CTX)}
            assert snapshot.ended_on is None
        # Outcomes only where every term had surely run out by the evaluation day.
        young = df[(pd.to_datetime(df["accepted_on"]) > pd.Timestamp(AS_OF)
                    - pd.Timedelta(days=MATURITY_DAYS[target]))]
        assert young[f"y_{target}"].isna().all()


def test_completion_risk_names_the_planted_causes(
        generated: tuple[dict[str, pd.DataFrame], list[History]]) -> None:
    frames, _ = generated
    df = frames["COMPLETION_TERM"]
    model, _ = train_and_evaluate(df.copy(), "COMPLETION_TERM")
    weights = importance(model, df[df["pending_COMPLETION_TERM"]].copy())
    top = list(weights)[:4]
    assert "category" in top and "bailiff_past_rate" in top, weights
    # One case with every planted cause: eviction, a neglectful bailiff, the slow region.
    worst = df[(df["category"] == "eviction") & (df["bailiff_id"].isin(NEGLECTFUL))
               & (df["region"] == SLOW_REGION) & df["pending_COMPLETION_TERM"]].head(1).copy()
    usual = df[(df["category"] == "fine") & ~(df["bailiff_id"].isin(NEGLECTFUL))
               & (df["region"] != SLOW_REGION) & df["pending_COMPLETION_TERM"]].head(1).copy()
    assert len(worst) == 1 and len(usual) == 1
    p_worst, p_usual = model.probabilities(worst)[0], model.probabilities(usual)[0]
    assert p_worst > 3 * p_usual
    [reasons] = model.reasons(worst)
    # Its reasons are planted causes (acts were planted on the neglectful bailiffs too).
    named = {r["feature"] for r in reasons}
    assert {"category", "bailiff_past_rate"} <= named <= {"category", "bailiff_past_rate",
                                                        "region", "bailiff_acts"}
    assert all(r["weight"] > 0 for r in reasons)


def test_a_model_that_does_not_beat_the_baseline_is_not_promoted() -> None:
    # Whether a case breaches is the bailiff's doing alone (and chance): the baseline knows
    # all there is to know, the other features are noise.
    rng = np.random.default_rng(3)
    rows = []
    for n in range(3000):
        bailiff = f"B{n % 30}"
        rows.append({"proceeding_id": f"P{n}", "bailiff_id": bailiff,
                     "accepted_on": date(2024, 1, 1) + pd.Timedelta(days=n // 10),
                     "category": rng.choice(["wages", "fine"]), "region": "R1",
                     **{name: float(rng.normal()) for name in (
                         "periodic", "log_amount", "amount_missing", "age_days", "initiated",
                         "days_to_open", "arrests", "valuations", "suspensions", "transfers",
                         "suspended_now", "bailiff_acts", "bailiff_load")},
                     "pending_COMPLETION_TERM": True,
                     "y_COMPLETION_TERM": float((n % 30 < 5) != (rng.random() < 0.1))})
    _, evaluation = train_and_evaluate(pd.DataFrame(rows), "COMPLETION_TERM")
    assert evaluation.baseline["roc_auc"] < 0.95  # the baseline is good, not perfect
    assert not evaluation.promoted, (evaluation.model, evaluation.baseline)


def test_too_little_history_is_refused() -> None:
    made = generate(40, seed=2)
    df = frame(histories(made.events), AS_OF, CTX, made.acts, target="VALUATION_TERM")
    with pytest.raises(NotEnoughHistory, match="known outcome"):
        train_and_evaluate(df, "VALUATION_TERM")


def test_indicators_flag_the_planted_bailiffs(
        generated: tuple[dict[str, pd.DataFrame], list[History]]) -> None:
    _, folded = generated
    table = bailiff_indicators(folded, AS_OF, CTX, dict(bailiffs()))
    alimony = {b for b, flags in table["outlier_on"].items() if "alimony_neglect" in flags}
    completion = {b for b, flags in table["outlier_on"].items()
                  if "completion_breach_rate" in flags}
    assert alimony == set(ALIMONY_NEGLECT)
    assert set(NEGLECTFUL) <= completion <= set(NEGLECTFUL) | set(ALIMONY_NEGLECT)
    # The inspection ranking puts every planted bailiff above every other.
    planted = set(NEGLECTFUL) | set(ALIMONY_NEGLECT)
    ranked = list(table.index)
    assert set(ranked[:len(planted)]) == planted


def test_robust_z_is_not_pulled_by_the_outlier() -> None:
    values = pd.Series([0.10, 0.11, 0.09, 0.10, 0.12, 0.10, 0.60])
    z = robust_z(values)
    assert z.iloc[-1] > 10 and abs(z.iloc[0]) < 1


def test_targets_are_the_three_terms() -> None:
    assert TARGETS == ("COMPLETION_TERM", "OPENING_TERM", "VALUATION_TERM")

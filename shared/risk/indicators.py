"""Bailiff indicators and their outliers within the region (docs/rules.md#beyond-the-letter).

Per bailiff: the share of proceedings that breached their completion term, and the
alimony-neglect indicator — the share of the bailiff's alimony cases that are overdue (a term
breached and still open) or idle (nothing recorded for `IDLE_DAYS`), minus the same share among
their large-sum cases (the top quarter of amounts in the whole history). A bailiff who favours
large sums over alimony (seed 002, L2471–2479) scores high on it.

The method is robust z-scores within the region: z = 0.6745 · (x − median) / MAD. Medians and
MADs are not pulled by the outliers themselves, as a mean and standard deviation would be; a
bailiff above `OUTLIER_Z` on any indicator is flagged. Bailiffs with too few cases for an
indicator get none (NaN), not a misleading 0.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta

import numpy as np
import pandas as pd

from shared.legal.rules import PROSECUTORS_TERMS, Context, proceeding_breaches
from shared.risk.features import History

IDLE_DAYS = 60
OUTLIER_Z = 3.5
MIN_CASES = 5
INDICATORS = ("completion_breach_rate", "alimony_neglect")


def _case_rows(histories: Iterable[History], as_of: date, ctx: Context) -> pd.DataFrame:
    rows = []
    idle_before = as_of - timedelta(days=IDLE_DAYS)
    for history in histories:
        p = history.final or history.now
        if p.accepted_on is None:
            continue
        breaches = [b for b in proceeding_breaches(p, as_of, ctx)
                    if b.rule not in PROSECUTORS_TERMS]  # not the bailiff's delay
        is_open = p.ended_on is None and p.refused_on is None
        overdue = is_open and any(b.state == "open" for b in breaches)
        idle = is_open and history.last_activity is not None \
            and history.last_activity < idle_before
        rows.append({
            "bailiff_id": p.bailiff_on(as_of) or "", "category": p.category,
            "amount": p.amount_kzt if p.amount_kzt is not None else np.nan,
            "completion_breach": any(b.rule == "COMPLETION_TERM" for b in breaches),
            "completion_known": not p.periodic and (
                p.ended_on is not None
                or any(b.rule == "COMPLETION_TERM" for b in breaches)),
            "neglected": overdue or idle,
        })
    return pd.DataFrame(rows)


def robust_z(values: pd.Series) -> pd.Series:
    """0.6745 · (x − median) / MAD; where more than half the values are equal (MAD 0), the
    mean absolute deviation stands in: (x − median) / (1.2533 · meanAD)."""
    median = values.median()
    mad = (values - median).abs().median()
    if mad and not np.isnan(mad):
        return 0.6745 * (values - median) / mad
    mean_ad = (values - median).abs().mean()
    return (values - median) / (1.2533 * mean_ad) if mean_ad else values * np.nan


def bailiff_indicators(histories: Iterable[History], as_of: date, ctx: Context,
                       regions: Mapping[str, str],
                       private: Collection[str] | None = None) -> pd.DataFrame:
    """One row per bailiff: the indicators, their robust z within the region, the flags.
    Alimony neglect is a private bailiffs' indicator: given `private`, others get none."""
    cases = _case_rows(histories, as_of, ctx)
    if cases.empty:
        return pd.DataFrame()
    large_from = cases["amount"].quantile(0.75)
    known = cases[cases["completion_known"]]
    by = cases.groupby("bailiff_id")
    out = pd.DataFrame({"proceedings": by.size()})
    counts = known.groupby("bailiff_id")["completion_breach"].agg(["mean", "size"])
    out["completion_breach_rate"] = counts["mean"].where(counts["size"] >= MIN_CASES)
    alimony = cases[cases["category"] == "alimony"].groupby("bailiff_id")["neglected"]
    large = cases[cases["amount"] >= large_from].groupby("bailiff_id")["neglected"]
    a, big = alimony.agg(["mean", "size"]), large.agg(["mean", "size"])
    out["alimony_cases"] = a["size"]
    out["alimony_neglected_share"] = a["mean"]
    out["large_sum_neglected_share"] = big["mean"]
    enough = (a["size"] >= MIN_CASES) & (big["size"] >= MIN_CASES)
    out["alimony_neglect"] = (a["mean"] - big["mean"]).where(enough)
    if private is not None:
        out.loc[~out.index.isin(list(private)), "alimony_neglect"] = np.nan
    out = out.fillna({"alimony_cases": 0})
    out["region"] = [regions.get(str(b), "unknown") for b in out.index]
    for name in INDICATORS:
        out[f"z_{name}"] = out.groupby("region")[name].transform(robust_z)
    zs = out[[f"z_{n}" for n in INDICATORS]]
    out["outlier_on"] = [[n for n in INDICATORS if row[f"z_{n}"] > OUTLIER_Z]
                    for _, row in zs.iterrows()]
    # The inspection ranking: the strongest deviation above the region's norm.
    out["rank_score"] = zs.clip(lower=0).max(axis=1).fillna(0)
    return out.sort_values(["rank_score"], ascending=False)

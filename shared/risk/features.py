"""A proceeding as model features on a given day, and the outcomes the rules later gave it.

A training example is a proceeding seen on a *snapshot* day — what a prosecutor would have seen
then — labelled with what the rules found once its terms had run out. The snapshot falls a
few weeks after acceptance (a fixed hash of the id, so the same on every run), because open
proceedings are scored at every age. Bailiff features are computed only from earlier
proceedings of the same bailiff, so that no example learns from its own future.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from shared.legal.history import MONEY_KINDS, Proceeding
from shared.legal.rules import Context, proceeding_breaches

TARGETS = ("COMPLETION_TERM", "OPENING_TERM", "VALUATION_TERM")
CATEGORICAL = ("category", "region")
NUMERIC = ("periodic", "log_amount", "amount_missing", "age_days", "initiated", "days_to_open",
           "arrests", "valuations", "suspensions", "transfers", "suspended_now",
           "bailiff_past_rate", "bailiff_acts", "bailiff_load")
SNAPSHOT_SPREAD_DAYS = 45
LOAD_WINDOW_DAYS = 60
PRIOR_WEIGHT = 5.0  # a new bailiff's past rate leans on the overall rate this much


@dataclass(frozen=True, slots=True)
class History:
    """A proceeding folded twice: as of its snapshot day (features) and as of today
    (outcomes); `final` is None when scoring, where only the present is known."""

    now: Proceeding
    final: Proceeding | None = None
    last_activity: date | None = None  # the latest fact's date (for the idle indicator)


def snapshot_day(proceeding_id: str, accepted_on: date, as_of: date) -> date:
    spread = zlib.crc32(proceeding_id.encode()) % SNAPSHOT_SPREAD_DAYS
    return min(accepted_on + timedelta(days=spread), as_of)


def proceeding_features(p: Proceeding, on: date) -> dict[str, object]:
    """What is known of one proceeding on `on` (it was folded as of that day)."""
    assert p.accepted_on is not None
    amount = p.amount_kzt
    suspended_now = bool(p.suspensions and p.suspensions[-1].resumed_on is None)
    return {
        "proceeding_id": p.proceeding_id, "bailiff_id": p.bailiff_on(on) or "",
        "accepted_on": p.accepted_on, "on": on,
        "category": p.category or "unknown", "region": p.region or "unknown",
        "periodic": float(p.periodic),
        "log_amount": math.log1p(amount) if amount is not None else 0.0,
        "amount_missing": float(amount is None),
        "age_days": float((on - p.accepted_on).days),
        "initiated": float(p.initiated_on is not None),
        "days_to_open": float((p.initiated_on - p.accepted_on).days)
        if p.initiated_on is not None else float((on - p.accepted_on).days),
        "arrests": float(sum(1 for x in p.properties.values() if x.kind not in MONEY_KINDS)),
        "valuations": float(sum(1 for x in p.properties.values() if x.appraised_on)),
        "suspensions": float(len(p.suspensions)),
        "transfers": float(len(p.transfers)),
        "suspended_now": float(suspended_now),
    }


def pending(p: Proceeding, target: str) -> bool:
    """Whether the target's term may still be breached: what is worth scoring."""
    if p.ended_on is not None or p.refused_on is not None:
        return False
    if target == "OPENING_TERM":
        return p.initiated_on is None
    if target == "COMPLETION_TERM":
        return not p.periodic
    return any(x.kind not in MONEY_KINDS and x.appraised_on is None and x.released_on is None
               for x in p.properties.values())


def outcomes(final: Proceeding, as_of: date, ctx: Context) -> dict[str, float]:
    """1 where the rules found the term breached, 0 where it was met, NaN while unknown."""
    found = {b.rule for b in proceeding_breaches(final, as_of, ctx)}
    ended = final.ended_on is not None or final.refused_on is not None
    out = {}
    for target in TARGETS:
        if target in found:
            out[target] = 1.0
        elif target == "OPENING_TERM":
            out[target] = 0.0 if final.initiated_on or final.refused_on else math.nan
        elif target == "COMPLETION_TERM":
            out[target] = math.nan if final.periodic else (0.0 if ended else math.nan)
        else:
            eligible = [x for x in final.properties.values() if x.kind not in MONEY_KINDS
                        and x.ownership_on is not None]
            settled = all(x.appraised_on or x.released_on for x in eligible)
            out[target] = 0.0 if eligible and (settled or ended) else math.nan
    return out


def frame(histories: Iterable[History], as_of: date, ctx: Context,
          acts_by_bailiff: Mapping[str, list[date]] | None = None) -> pd.DataFrame:
    """One row per proceeding: features as of its snapshot (or today, when scoring) and, for
    histories with a `final`, the outcomes as of `as_of`."""
    rows = []
    for history in histories:
        p = history.now
        if p.accepted_on is None:
            continue
        on = snapshot_day(p.proceeding_id, p.accepted_on, as_of) if history.final else as_of
        row = proceeding_features(p, on)
        # A term already met or missed on the row's day is no question for a model: only rows
        # where it is still open train it (and are scored).
        row.update({f"pending_{t}": pending(p, t) for t in TARGETS})
        if history.final is not None:
            row.update({f"y_{t}": v for t, v in outcomes(history.final, as_of, ctx).items()})
        rows.append(row)
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    _bailiff_load(df)
    _bailiff_acts(df, acts_by_bailiff or {})
    return df


def _bailiff_load(df: pd.DataFrame) -> None:
    """Proceedings the bailiff accepted in the weeks before the row's day: their load."""
    df["bailiff_load"] = 0.0
    for _, index in df.groupby("bailiff_id").groups.items():
        part = df.loc[index]
        accepted = np.sort(part["accepted_on"].to_numpy(dtype="datetime64[D]"))
        on = part["on"].to_numpy(dtype="datetime64[D]")
        window = np.timedelta64(LOAD_WINDOW_DAYS, "D")
        upto = np.searchsorted(accepted, on, side="right")
        since = np.searchsorted(accepted, on - window, side="left")
        df.loc[index, "bailiff_load"] = (upto - since).astype(float)


def _bailiff_acts(df: pd.DataFrame, acts_by_bailiff: Mapping[str, list[date]]) -> None:
    """Supervisory acts against the bailiff in the year before the row's day."""
    df["bailiff_acts"] = 0.0
    for bailiff, index in df.groupby("bailiff_id").groups.items():
        dates = np.sort(np.array(acts_by_bailiff.get(str(bailiff), []), dtype="datetime64[D]"))
        if not len(dates):
            continue
        on = df.loc[index, "on"].to_numpy(dtype="datetime64[D]")
        upto = np.searchsorted(dates, on, side="right")
        since = np.searchsorted(dates, on - np.timedelta64(365, "D"), side="left")
        df.loc[index, "bailiff_acts"] = (upto - since).astype(float)


def add_past_rates(df: pd.DataFrame, target: str, reference: pd.DataFrame | None = None) -> None:
    """`bailiff_past_rate`: the share of the bailiff's earlier proceedings (accepted before this
    one's day, with a known outcome) that breached `target`, smoothed toward the overall rate.
    With a `reference` (the training history), scoring rows take the bailiff's rate in it."""
    label = f"y_{target}"
    if reference is not None:
        known = reference[reference[label].notna()]
        overall = float(known[label].mean()) if len(known) else 0.0
        stats = known.groupby("bailiff_id")[label].agg(["sum", "count"])
        joined = df[["bailiff_id"]].join(stats, on="bailiff_id")
        df["bailiff_past_rate"] = ((joined["sum"].fillna(0) + PRIOR_WEIGHT * overall)
                                   / (joined["count"].fillna(0) + PRIOR_WEIGHT)).to_numpy()
        return
    known_mask = df[label].notna()
    overall = float(df.loc[known_mask, label].mean()) if known_mask.any() else 0.0
    ordered = df.sort_values(["bailiff_id", "accepted_on", "proceeding_id"])
    y = ordered[label].fillna(0.0)
    seen = ordered[label].notna().astype(float)
    groups = ordered["bailiff_id"]
    # Earlier proceedings only: the running sums exclude the row itself.
    past_sum = y.groupby(groups).cumsum() - y
    past_count = seen.groupby(groups).cumsum() - seen
    rate = (past_sum + PRIOR_WEIGHT * overall) / (past_count + PRIOR_WEIGHT)
    df["bailiff_past_rate"] = rate.reindex(df.index)

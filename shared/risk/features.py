"""A proceeding as model features on a given day, and the outcomes the rules later gave it.

A training example is a proceeding seen on a *snapshot* day — what a prosecutor would have seen
then — labelled with what the rules found once its terms had run out. The snapshot falls
anywhere in the first four months after acceptance (a fixed hash of the id, so the same on
every run), because open proceedings are scored at every age while a term runs. A target is an
example (and is scored) only while its term is still running on that day: not met, not ended,
and not already breached. Outcomes count only for proceedings old enough for every term of the
target to have run out, so that recent proceedings do not enter only when they finished
early. Bailiff features are computed from earlier proceedings of the same bailiff.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from shared.legal.history import MONEY_KINDS, Fact, Proceeding, fold_proceeding
from shared.legal.rules import Context, proceeding_breaches

TARGETS = ("COMPLETION_TERM", "OPENING_TERM", "VALUATION_TERM")
CATEGORICAL = ("category", "region")
NUMERIC = ("periodic", "log_amount", "amount_missing", "age_days", "initiated", "days_to_open",
           "arrests", "valuations", "suspensions", "transfers", "suspended_now",
           "bailiff_past_rate", "bailiff_acts", "bailiff_load")
SNAPSHOT_SPREAD_DAYS = 120
# Days after acceptance by which the target's term has surely run out (two months, four for
# hard cases, plus suspensions' slack): only then is its outcome known.
MATURITY_DAYS = {"COMPLETION_TERM": 200, "OPENING_TERM": 30, "VALUATION_TERM": 150}
LOAD_WINDOW_DAYS = 60
PRIOR_WEIGHT = 5.0  # a new bailiff's past rate leans on the overall rate this much


@dataclass(frozen=True, slots=True)
class History:
    """A proceeding as it stands (`now`) and, for training, as it stood on each target's
    snapshot day (`snapshots`) and as the rules judged it at the end (`final`)."""

    now: Proceeding
    final: Proceeding | None = None
    last_activity: date | None = None  # the latest fact's date (for the idle indicator)
    snapshots: Mapping[str, Proceeding] | None = None


def _spread(proceeding_id: str, target: str, days: int) -> int:
    return zlib.crc32(f"{target}:{proceeding_id}".encode()) % days


def snapshot_day(final: Proceeding, target: str, as_of: date) -> date | None:
    """The day a training example looks at the target's term: a fixed draw (a hash of the
    id) over the time that term runs — the first week for opening, the first four months
    after opening for completion, the fortnight after an appraisal became due for valuation.
    None where the term never ran."""
    assert final.accepted_on is not None
    pid = final.proceeding_id
    if target == "OPENING_TERM":
        day = final.accepted_on + timedelta(days=_spread(pid, target, 8))
    elif target == "COMPLETION_TERM":
        if final.initiated_on is None or final.periodic:
            return None
        day = final.initiated_on + timedelta(days=_spread(pid, target, SNAPSHOT_SPREAD_DAYS))
    else:
        starts = [max(x.arrested_on, x.ownership_on) for x in final.properties.values()
                  if x.kind not in MONEY_KINDS and x.ownership_on is not None]
        if not starts:
            return None
        day = min(starts) + timedelta(days=_spread(pid, target, 20))
    return min(day, as_of)


def training_history(proceeding_id: str, facts: list[Fact], as_of: date,
                     last_activity: date | None = None) -> History | None:
    """A proceeding folded as of today and as of each target's snapshot day."""
    final = fold_proceeding(proceeding_id, facts, as_of)
    if final.accepted_on is None:
        return None
    snapshots = {}
    for target in TARGETS:
        day = snapshot_day(final, target, as_of)
        if day is not None:
            snapshots[target] = fold_proceeding(proceeding_id, facts, day)
    return History(final, final, last_activity, snapshots)


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
    """1 where the rules found the term breached, 0 where it was met, NaN while unknown (also
    for a proceeding too young for the term to have surely run out)."""
    found = {b.rule for b in proceeding_breaches(final, as_of, ctx)}
    ended = final.ended_on is not None or final.refused_on is not None
    assert final.accepted_on is not None
    age = (as_of - final.accepted_on).days
    out = {}
    for target in TARGETS:
        if age < MATURITY_DAYS[target]:
            out[target] = math.nan
        elif target in found:
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
          acts_by_bailiff: Mapping[str, list[date]] | None = None,
          accepted_by_bailiff: Mapping[str, list[date]] | None = None,
          target: str | None = None) -> pd.DataFrame:
    """One row per proceeding. Scoring (no `target`): features as of today and which targets
    are still running. Training (`target`): features as of that target's snapshot day, and
    the outcome as of `as_of`. `accepted_by_bailiff` (every acceptance date of each bailiff)
    makes the load right when histories come in chunks."""
    rows = []
    for history in histories:
        if target is None:
            p, on = history.now, as_of
        else:
            snapshot = (history.snapshots or {}).get(target)
            if snapshot is None or history.final is None:
                continue
            p = snapshot
            day = snapshot_day(history.final, target, as_of)
            assert day is not None
            on = day
        if p.accepted_on is None:
            continue
        row = proceeding_features(p, on)
        # A term already met, ended or missed on the row's day is no question for a model:
        # only rows where it still runs train it (and are scored).
        missed = {b.rule for b in proceeding_breaches(p, on, ctx)}
        row.update({f"pending_{t}": pending(p, t) and t not in missed for t in TARGETS})
        if target is not None and history.final is not None:
            row.update({f"y_{t}": v for t, v in outcomes(history.final, as_of, ctx).items()})
        rows.append(row)
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    _bailiff_load(df, accepted_by_bailiff)
    _bailiff_acts(df, acts_by_bailiff or {})
    return df


def _bailiff_load(df: pd.DataFrame,
                  accepted_by_bailiff: Mapping[str, list[date]] | None) -> None:
    """Proceedings the bailiff accepted in the weeks before the row's day: their load."""
    df["bailiff_load"] = 0.0
    for bailiff, index in df.groupby("bailiff_id").groups.items():
        part = df.loc[index]
        dates = accepted_by_bailiff.get(str(bailiff), []) if accepted_by_bailiff is not None \
            else part["accepted_on"]
        accepted = np.sort(np.asarray(dates, dtype="datetime64[D]"))
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

"""The risk room's daily job: trains breach-risk models on the history the monitor stores,
keeps them versioned with their metadata, scores open proceedings, and computes the bailiff
indicators.

A job, like a consumer, is an edge: it owns its transactions, one per chunk of proceedings, so
that scoring the whole country holds neither one transaction nor all of it in memory. What the
API reads is in services/monitor/risk/service.py.

Scores go out on `proceedings.risk` (through the outbox) for the alert queue; the models, the
scores and the indicators stay in the monitor's own tables.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.monitor.judge.models import StoredFact, Subject
from services.monitor.judge.service import fact_of_row
from services.monitor.risk.models import BailiffIndicator, RiskModelRecord, RiskRun, RiskScore
from services.monitor.risk.service import model_dict
from shared.legal.history import Fact, fold_bailiffs, fold_proceeding
from shared.legal.rules import Context
from shared.messages import RISK_SCORE_CODEC, RiskCleared, RiskScored
from shared.metrics import RISK_SCORED, RISK_SCORING_SECONDS
from shared.risk.features import TARGETS, History, frame, training_history
from shared.risk.indicators import INDICATORS, bailiff_indicators
from shared.risk.model import (
    Evaluation,
    NotEnoughHistory,
    RiskModel,
    importance,
    train_and_evaluate,
)
from shared.storage import enqueue, transaction

log = logging.getLogger(__name__)
CHUNK = 20_000  # proceedings folded and scored at a time: bounded memory at national scale


class RiskDesk:
    def __init__(self, sessions: sessionmaker[Session], ctx: Context,
                 today: Callable[[], date]) -> None:
        self.sessions, self.ctx, self.today = sessions, ctx, today
        self._models: dict[int, RiskModel] = {}

    # --- history -----------------------------------------------------------------------------

    def _facts_by_proceeding(self, session: Session,
                             open_only: bool) -> Iterator[tuple[str, list[Fact]]]:
        """Proceedings' facts, one proceeding at a time, streamed from the table. `open_only`:
        those with a term still running (a next check) — what there is to score."""
        query = (select(StoredFact.subject, StoredFact.on, StoredFact.seq, StoredFact.type,
                        StoredFact.key, StoredFact.value, StoredFact.when)
                 .where(StoredFact.subject.like("P:%")))
        if open_only:
            query = query.where(StoredFact.subject.in_(
                select(Subject.subject).where(Subject.subject.like("P:%"),
                                              Subject.next_check.is_not(None))))
        rows = session.execute(query.order_by(StoredFact.subject, StoredFact.on,
                                              StoredFact.seq).execution_options(yield_per=10_000))
        current: str | None = None
        facts: list[Fact] = []
        for subject, on, seq, type_, key, value, when in rows:
            if subject != current:
                if current is not None:
                    yield current[2:], facts
                current, facts = subject, []
            facts.append(fact_of_row(on, seq, type_, key, value, when))
        if current is not None:
            yield current[2:], facts

    def _by_bailiff(self, session: Session, fact_type: str, bailiff_at: int | None
                    ) -> dict[str, list[date]]:
        """Dates of one kind of fact per bailiff (acceptances by key, acts by their value)."""
        out: dict[str, list[date]] = {}
        for on, key, value in session.execute(select(
                StoredFact.on, StoredFact.key, StoredFact.value).where(
                StoredFact.type == fact_type)):
            bailiff = key if bailiff_at is None else value[bailiff_at]
            out.setdefault(bailiff, []).append(on)
        return out

    def _references(self) -> tuple[dict[str, list[date]], dict[str, list[date]]]:
        with self.sessions() as session:
            return (self._by_bailiff(session, "act.registered", 1),
                    self._by_bailiff(session, "document.accepted", None))

    def histories(self, as_of: date, outcomes: bool,
                  open_only: bool = False) -> Iterator[list[History]]:
        """Chunks of folded proceedings: with snapshots and the final state for training, or
        as they stand today for scoring and indicators."""
        with self.sessions() as session:
            chunk: list[History] = []
            for pid, facts in self._facts_by_proceeding(session, open_only):
                last = max((f.on for f in facts if f.on <= as_of), default=None)
                history: History | None
                if outcomes:
                    history = training_history(pid, facts, as_of, last)
                else:
                    now = fold_proceeding(pid, facts, as_of)
                    history = History(now, None, last) if now.accepted_on else None
                if history is not None:
                    chunk.append(history)
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

    # --- models ------------------------------------------------------------------------------

    def train(self, targets: tuple[str, ...] = TARGETS, as_of: date | None = None,
              store: bool = True,
              plots: Callable[[Evaluation, dict[str, float]], None] | None = None,
              ) -> list[dict[str, Any]]:
        """Train and evaluate a model per target on the stored history; a model that beats
        the baseline is put in service, the one before it retired. All are kept. Without
        `store`, only the evaluation is reported (`qadagalau model evaluate`)."""
        as_of = as_of or self.today()
        acts, accepted = self._references()
        frames: dict[str, list[pd.DataFrame]] = {t: [] for t in targets}
        for chunk in self.histories(as_of, outcomes=True):
            for target in targets:
                frames[target].append(frame(chunk, as_of, self.ctx, acts, accepted, target))
        results: list[dict[str, Any]] = []
        for target in targets:
            parts = [f for f in frames[target] if not f.empty]
            df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
                columns=["accepted_on", "proceeding_id", f"y_{target}", f"pending_{target}"])
            try:
                model, evaluation = train_and_evaluate(df, target)
            except NotEnoughHistory as exc:
                # One target short of history does not hold up the others.
                results.append({"target": target, "skipped": str(exc)})
                continue
            weights = importance(model, df[df[f"y_{target}"].notna()
                                           & df[f"pending_{target}"]].copy())
            if plots is not None:
                plots(evaluation, weights)
            if store:
                results.append(self._store(model, evaluation, weights, as_of))
            else:
                results.append({"target": target, "metrics": evaluation.as_dict(),
                                "importance": weights, "stored": False})
        if all("skipped" in r for r in results):
            raise NotEnoughHistory("; ".join(r["skipped"] for r in results))
        return results

    def _store(self, model: RiskModel, evaluation: Evaluation, weights: dict[str, float],
               as_of: date) -> dict[str, Any]:
        blob = io.BytesIO()
        joblib.dump(model, blob, compress=3)
        with transaction(self.sessions) as session:
            if evaluation.promoted:
                session.execute(update(RiskModelRecord).where(
                    RiskModelRecord.target == model.target).values(in_service=False))
            record = RiskModelRecord(
                target=model.target, trained_on=as_of, metrics=evaluation.as_dict(),
                features=model.features, importance=weights, promoted=evaluation.promoted,
                in_service=evaluation.promoted, blob=blob.getvalue())
            session.add(record)
            session.flush()
            return model_dict(record)

    def in_service(self, target: str) -> tuple[int, RiskModel] | None:
        with self.sessions() as session:
            record = session.scalar(select(RiskModelRecord).where(
                RiskModelRecord.target == target, RiskModelRecord.in_service.is_(True)))
            if record is None:
                return None
            if record.id not in self._models:
                self._models[record.id] = joblib.load(io.BytesIO(record.blob))
            return record.id, self._models[record.id]

    # --- scoring -----------------------------------------------------------------------------

    def score_open(self, as_of: date | None = None) -> int:
        """Score every open proceeding for every target still pending, with reasons; store the
        scores and announce them. Returns how many scores were made."""
        as_of = as_of or self.today()
        models = {t: m for t in TARGETS if (m := self.in_service(t)) is not None}
        if not models:
            return 0
        started = time.perf_counter()
        acts, accepted = self._references()
        with self.sessions() as session:
            places = {s: (r, d) for s, r, d in session.execute(
                select(Subject.subject, Subject.region, Subject.district).where(
                    Subject.subject.like("P:%"), Subject.next_check.is_not(None)))}
        made = 0
        scored: set[str] = set()
        for chunk in self.histories(as_of, outcomes=False, open_only=True):
            df = frame(chunk, as_of, self.ctx, acts, accepted)
            if df.empty:
                continue
            rows: list[dict[str, Any]] = []
            for target, (model_id, model) in models.items():
                part = df[df[f"pending_{target}"]].copy()
                if part.empty:
                    continue
                probabilities = model.probabilities(part)
                reasons = model.reasons(part)
                rows += [{"proceeding_id": pid, "target": target, "probability": float(p),
                          "reasons": r, "model_id": model_id, "scored_on": as_of}
                         for pid, p, r in zip(part["proceeding_id"], probabilities, reasons,
                                              strict=True)]
            made += self._save_scores(rows, places, as_of)
            scored |= {r["proceeding_id"] for r in rows}
        self._clear_stale(scored, as_of)
        RISK_SCORING_SECONDS.observe(time.perf_counter() - started)
        return made

    def _clear_stale(self, scored: set[str], as_of: date) -> None:
        """Proceedings scored before but not today (ended, or their terms no longer running)
        lose their scores, here and in the alert queue."""
        with transaction(self.sessions) as session:
            stale = set(session.scalars(select(RiskScore.proceeding_id).where(
                RiskScore.scored_on < as_of).distinct())) - scored
            if not stale:
                return
            session.execute(delete(RiskScore).where(RiskScore.scored_on < as_of))
            enqueue(session, [
                RISK_SCORE_CODEC.outgoing(RiskCleared(proceeding_id=pid, scored_on=as_of))
                for pid in sorted(stale)])

    def _save_scores(self, rows: list[dict[str, Any]], places: dict[str, tuple[Any, Any]],
                     as_of: date) -> int:
        if not rows:
            return 0
        best: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["probability"] > best.get(row["proceeding_id"], {"probability": -1.0})[
                    "probability"]:
                best[row["proceeding_id"]] = row
        with transaction(self.sessions) as session:
            pids = list({r["proceeding_id"] for r in rows})
            session.execute(delete(RiskScore).where(RiskScore.proceeding_id.in_(pids)))
            session.bulk_insert_mappings(RiskScore, rows)
            messages: list[tuple[str, str | None, bytes]] = []
            for pid, row in best.items():
                region, district = places.get(f"P:{pid}", (None, None))
                messages.append(RISK_SCORE_CODEC.outgoing(RiskScored(
                    proceeding_id=pid, target=row["target"],
                    probability=round(row["probability"], 4), reasons=row["reasons"],
                    region=region, district=district, scored_on=as_of,
                    model_id=row["model_id"])))
            enqueue(session, messages)
        for row in rows:
            RISK_SCORED.labels(row["target"]).inc()
        return len(rows)

    # --- bailiff indicators ------------------------------------------------------------------

    def compute_indicators(self, as_of: date | None = None) -> int:
        """The bailiff indicators over today's state of every proceeding, stored."""
        as_of = as_of or self.today()
        # A generator: only the per-case rows are held, never every folded proceeding.
        histories = (h for chunk in self.histories(as_of, outcomes=False) for h in chunk)
        with self.sessions() as session:
            bailiff_facts = [fact_of_row(on, seq, t, k, v, w) for on, seq, t, k, v, w in
                             session.execute(select(
                                 StoredFact.on, StoredFact.seq, StoredFact.type,
                                 StoredFact.key, StoredFact.value, StoredFact.when).where(
                                 StoredFact.type == "bailiff.registered"))]
        registry = fold_bailiffs(bailiff_facts, as_of)
        regions = {b: registry[b].region for b in registry}
        private = {b for b in registry if registry[b].kind == "private"}
        table = bailiff_indicators(histories, as_of, self.ctx, regions, private)
        with transaction(self.sessions) as session:
            session.execute(delete(BailiffIndicator))
            session.bulk_insert_mappings(BailiffIndicator, [
                {"bailiff_id": str(bailiff), "region": row["region"],
                 "district": registry[str(bailiff)].district if str(bailiff) in registry
                 else None,
                 "kind": registry[str(bailiff)].kind if str(bailiff) in registry else None,
                 "computed_on": as_of, "values": _json_row(row),
                 "rank_score": float(row["rank_score"]), "outlier_on": row["outlier_on"]}
                for bailiff, row in table.iterrows()])
        return len(table)

    def daily(self) -> dict[str, int]:
        """Today's scores and indicators, each once a day; a run cut short is run again."""
        today = self.today()
        with self.sessions() as session:
            finished = set(session.scalars(select(RiskRun.kind).where(RiskRun.day == today)))
        done = {"scores": 0, "indicators": 0}
        for kind, run in (("scores", self.score_open), ("indicators", self.compute_indicators)):
            if kind in finished:
                continue
            done[kind] = run(today)
            try:
                with transaction(self.sessions) as session:
                    session.add(RiskRun(day=today, kind=kind))
            except IntegrityError:
                pass  # another replica finished the same run
        return done


def _json_row(row: pd.Series) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("proceedings", "alimony_cases", "alimony_neglected_share",
                 "large_sum_neglected_share", *INDICATORS, *[f"z_{n}" for n in INDICATORS]):
        value = row.get(name)
        out[name] = None if value is None or (isinstance(value, float) and np.isnan(value)) \
            else round(float(value), 4)
    return out

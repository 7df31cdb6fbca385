"""Measure the risk model at national scale: training on 1,000,000 closed proceedings and
scoring 1,000,000 open ones, on the synthetic history with planted patterns.

Timed: from folded histories (what the monitor's risk desk has after reading its facts) to a
fitted, evaluated model (features, past rates, the time-based split, two fits), and to scores
with their reasons for every open proceeding. Reading facts from the database and folding them
is timed apart, on the same histories, since it is shared with the rest of the monitor.
Also writes the calibration and importance charts to docs/.

    .venv/bin/python bench/risk.py [--closed 1000000] [--open 1000000] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from shared.legal.calendar import working_calendar  # noqa: E402
from shared.legal.rules import Context  # noqa: E402
from shared.risk.features import frame  # noqa: E402
from shared.risk.model import importance, train_and_evaluate  # noqa: E402
from shared.risk.plots import calibration_png, importance_png  # noqa: E402
from shared.settings import Policy  # noqa: E402
from tests.support.risk_history import AS_OF, generate, histories  # noqa: E402


def _monitor_path(proceedings: int, ctx: Context) -> dict[str, object]:
    """The monitor's own path on a sample: its facts table (SQLite, written directly) read,
    folded, trained on, and every open proceeding scored, stored and announced."""
    import tempfile

    from sqlalchemy import insert

    import services.monitor.judge.models as tables
    from services.monitor.risk.jobs import RiskDesk
    from shared.events import validate_event
    from shared.legal.history import fact_of
    from shared.storage import Base, make_engine, make_sessions

    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'monitor.db'}")
    Base.metadata.create_all(engine)
    sessions = make_sessions(engine)
    generated = generate(proceedings, seed=23)
    rows, subjects, ended = [], {}, set()
    for seq, raw in enumerate(generated.events):
        event = validate_event(raw)
        fact = fact_of(event, seq)
        pid = getattr(event, "proceeding_id", None)
        subject = f"B:{fact.key}" if pid is None else f"P:{pid}"
        if event.type == "act.registered":
            subject = f"B:{raw['bailiff_id']}"
        value = list(fact.value) if isinstance(fact.value, tuple) else fact.value
        rows.append({"event_id": raw["event_id"], "subject": subject, "on": fact.on,
                     "type": fact.type, "key": fact.key, "value": value, "when": fact.when})
        if event.type == "document.accepted":
            subjects[subject] = (raw["region"], raw["district"])
        if event.type == "proceeding.completed":
            ended.add(subject)
    with engine.begin() as connection:
        for start in range(0, len(rows), 50_000):
            connection.execute(insert(tables.StoredFact), rows[start:start + 50_000])
        connection.execute(insert(tables.Subject), [
            {"subject": s, "region": r, "district": d,
             "next_check": None if s in ended else AS_OF} for s, (r, d) in subjects.items()])
    desk = RiskDesk(sessions, ctx, lambda: AS_OF)
    started = time.perf_counter()
    desk.train(("COMPLETION_TERM",))
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    scored = desk.score_open(AS_OF)
    score_seconds = time.perf_counter() - started
    engine.dispose()
    return {"proceedings": proceedings, "facts": len(rows),
            "open": len(subjects) - len(ended), "scores": scored,
            "train_seconds": round(train_seconds, 1), "score_seconds": round(score_seconds, 1)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--closed", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=1_000_000)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--plots", type=Path, default=PROJECT / "docs")
    parser.add_argument("--monitor-sample", type=int, default=100_000,
                        help="proceedings for the monitor's own path (database to scores)")
    args = parser.parse_args(argv)
    ctx = Context(working_calendar(), Policy())
    result: dict[str, object] = {"closed": args.closed, "open": args.open}

    started = time.perf_counter()
    generated = generate(args.closed, seed=21)
    result["generate_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    folded = histories(generated.events)
    del generated.events[:]
    result["validate_and_fold_seconds"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    df = frame(folded, AS_OF, ctx, generated.acts, target="COMPLETION_TERM")
    del folded
    features_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model, evaluation = train_and_evaluate(df, "COMPLETION_TERM")
    fit_seconds = time.perf_counter() - started
    result["train"] = {
        "examples": evaluation.examples, "features_seconds": round(features_seconds, 1),
        "fit_and_evaluate_seconds": round(fit_seconds, 1),
        "total_seconds": round(features_seconds + fit_seconds, 1),
        "model": evaluation.model, "baseline": evaluation.baseline,
        "promoted": evaluation.promoted}
    pending = df[df["pending_COMPLETION_TERM"]]
    weights = importance(model, pending.sample(n=min(100_000, len(pending)),
                                               random_state=1).copy())
    calibration_png(evaluation, args.plots / "risk-calibration.png")
    importance_png("COMPLETION_TERM", weights, args.plots / "risk-importance.png")
    del df

    # Open proceedings: a fresh history seen as it stands today, every row scored.
    generated = generate(args.open, seed=22)
    current = histories(generated.events, with_outcomes=False)
    del generated.events[:]
    started = time.perf_counter()
    table = frame(current, AS_OF, ctx, generated.acts)
    features_seconds = time.perf_counter() - started
    started = time.perf_counter()
    probabilities = model.probabilities(table)
    predict_seconds = time.perf_counter() - started
    started = time.perf_counter()
    reasons = model.reasons(table)
    reasons_seconds = time.perf_counter() - started
    assert len(probabilities) == len(reasons) == len(table)
    result["score"] = {
        "rows": len(table), "features_seconds": round(features_seconds, 1),
        "predict_seconds": round(predict_seconds, 1),
        "reasons_seconds": round(reasons_seconds, 1),
        "total_seconds": round(features_seconds + predict_seconds + reasons_seconds, 1)}
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.monitor_sample:
        result["monitor_path"] = _monitor_path(args.monitor_sample, ctx)
    out = json.dumps(result, indent=2)
    print(out)
    if args.json_out:
        args.json_out.write_text(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Risk models in the running system: trained on the monitor's stored history, versioned with
their metadata, scoring open proceedings in the daily run, sorting the alert queue by risk,
bailiff indicators scoped like everything else; and the `qadagalau model` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.bootstrap import System, app_for
from services.cli import main
from services.monitor.risk import service as risk
from shared.auth import create_token
from shared.storage import transaction
from tests.integration.live import in_process_system
from tests.support.risk_history import AS_OF, generate


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    folder = tmp_path_factory.mktemp("risk")
    running = in_process_system(f"sqlite:///{folder / 'q.db'}", AS_OF)
    events = generate(2500, seed=5).events
    for start in range(0, len(events), 5000):
        results = running.receiver.batch(events[start:start + 5000], "test")
        assert all(r.status == "accepted" for r in results)
    running.settle()
    try:
        yield running
    finally:
        running.stop()


def _tokens(system: System) -> dict[str, str]:
    with transaction(system.sessions) as session:
        return {
            "admin": create_token(session, role="admin", name="admin"),
            "r1": create_token(session, role="prosecutor", name="r1", region="R1",
                               district="R1-D1"),
            "chamber-r2": create_token(session, role="chamber", name="c2", region="R2"),
            "r1-d2": create_token(session, role="prosecutor", name="r1d2", region="R1",
                                  district="R1-D2"),
        }


def test_train_score_and_sort_by_risk(system: System) -> None:
    results = system.risk.train()
    assert [r["target"] for r in results] == ["COMPLETION_TERM", "OPENING_TERM",
                                             "VALUATION_TERM"]
    # A target short of known outcomes is skipped with the reason; the others are trained.
    assert all("skipped" in r or "metrics" in r for r in results)
    completion = results[0]
    assert completion["in_service"] and completion["metrics"]["promoted"]
    metrics = completion["metrics"]
    assert metrics["model"]["roc_auc"] > metrics["baseline"]["roc_auc"]
    assert metrics["train_window"][1] <= metrics["test_window"][0]
    assert "category" in completion["features"] and completion["importance"]
    scored = system.risk.daily()
    assert scored["scores"] > 30 and scored["indicators"] == 60
    system.settle()  # the scores reach the alert queue over the bus

    tokens = _tokens(system)
    client = TestClient(app_for(system))

    def get(path: str, who: str) -> dict:  # type: ignore[type-arg]
        response = client.get(path, headers={"Authorization": f"Bearer {tokens[who]}"})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    riskiest = get("/api/v1/risk/open?limit=50", "r1")["items"]
    assert riskiest and {r["district"] for r in riskiest} == {"R1-D1"}
    probabilities = [r["probability"] for r in riskiest]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(r["reasons"] and r["reasons"][0]["weight"] > 0 for r in riskiest[:5])
    queue = get("/api/v1/alerts?sort=risk&limit=40", "admin")
    risks = [a["risk"] if a["risk"] is not None else -1 for a in queue["items"]]
    assert risks == sorted(risks, reverse=True) and risks[0] > 0
    following = get(f"/api/v1/alerts?sort=risk&limit=40&cursor={queue['next_cursor']}",
                    "admin")["items"]
    assert not {a["id"] for a in following} & {a["id"] for a in queue["items"]}
    assert (following[0]["risk"] or -1) <= risks[-1]
    one = riskiest[0]["proceeding_id"]
    scores = get(f"/api/v1/risk/proceedings/{one}", "r1")["scores"]
    assert scores and all(0 <= s["probability"] <= 1 for s in scores)
    # A proceeding that ends loses its score, in the monitor and in the queue.
    done = system.receiver.batch([{"event_id": f"{one}-done", "type": "proceeding.completed",
                                "occurred_on": AS_OF.isoformat(), "proceeding_id": one}],
                              "test")
    assert done[0].status == "accepted"
    system.settle()
    system.risk.score_open(AS_OF + timedelta(days=1))
    system.settle()
    assert one not in {r["proceeding_id"] for r in get("/api/v1/risk/open?limit=500",
                                                       "admin")["items"]}
    assert get(f"/api/v1/risk/proceedings/{one}", "r1")["scores"] == []
    models = get("/api/v1/risk/models", "admin")["items"]
    assert {m["target"] for m in models if m["in_service"]} == {
        r["target"] for r in results if r.get("in_service")}
    # Indicators: a chamber sees its region's private bailiffs only, a district prosecutor
    # the bailiffs of the district.
    indicators = get("/api/v1/risk/bailiffs", "chamber-r2")["items"]
    assert indicators and {i["region"] for i in indicators} == {"R2"}
    assert {i["district"] for i in get("/api/v1/risk/bailiffs", "r1")["items"]} == {"R1-D1"}
    assert get("/api/v1/risk/bailiffs", "r1-d2")["items"] == []
    outliers = get("/api/v1/risk/bailiffs?outliers=true", "admin")["items"]
    assert all(o["outlier_on"] for o in outliers)


def test_a_second_training_keeps_the_first_model(system: System) -> None:
    with system.sessions() as session:
        before = risk.models(session)
    system.risk.train(("COMPLETION_TERM",))
    with system.sessions() as session:
        after = risk.models(session)
    assert len(after) == len(before) + 1
    completion = [m for m in after if m["target"] == "COMPLETION_TERM"]
    assert sum(m["in_service"] for m in completion) == 1
    assert completion[0]["in_service"]  # the newest, promoted, replaced the older one


def test_model_commands(system: System, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", str(system.engine.url))
    monkeypatch.setenv("QADAGALAU_TODAY", AS_OF.isoformat())
    assert main(["model", "evaluate", "--target", "COMPLETION_TERM",
                 "--plots", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "COMPLETION_TERM: AUC" in captured.err
    assert json.loads(captured.out)[0]["stored"] is False
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "risk-calibration-completion_term.png", "risk-importance-completion_term.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in tmp_path.iterdir())
    assert main(["model", "explain"]) == 0
    explained = json.loads(capsys.readouterr().out)
    assert {m["target"] for m in explained} >= {"COMPLETION_TERM"}
    assert all(m["importance"] for m in explained)
    assert main(["model", "list"]) == 0
    assert len(json.loads(capsys.readouterr().out)) >= 2  # every model kept

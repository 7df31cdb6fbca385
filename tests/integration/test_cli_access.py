"""`qadagalau token create` and `qadagalau user create`, as an administrator runs them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from services.cli import main
from shared.auth import User, principal_for_token, verify_password
from shared.storage import make_engine, make_sessions


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", url)
    return url


def test_token_create_prints_a_working_token_on_its_last_line(
    database: str, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["token", "create", "--role", "prosecutor", "--region", "ALA", "--district",
                 "ALA-MED", "--name", "prosecutor-medeu"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    engine = make_engine(database)
    with make_sessions(engine)() as session:
        principal = principal_for_token(session, token)
        assert principal is not None
        assert (principal.role, principal.region, principal.district) == (
            "prosecutor", "ALA", "ALA-MED")
        assert principal_for_token(session, token + "x") is None
    engine.dispose()


def test_a_prosecutor_token_needs_a_territory(database: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "create", "--role", "prosecutor", "--name", "nowhere"]) == 2
    assert "needs --region" in capsys.readouterr().err


def test_user_create_stores_a_hashed_password(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-secret-1\n"))
    assert main(["user", "create", "--role", "auditor", "--name", "gpo-auditor"]) == 0
    engine = make_engine(database)
    with make_sessions(engine)() as session:
        user = session.scalar(select(User).where(User.name == "gpo-auditor"))
        assert user is not None and user.password_hash is not None
        assert "a-long-secret-1" not in user.password_hash
        assert verify_password("a-long-secret-1", user.password_hash)
        assert not verify_password("a-long-secret-2", user.password_hash)
    engine.dispose()
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "create", "--role", "auditor", "--name", "other"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-secret-1\n"))
    assert main(["user", "create", "--role", "auditor", "--name", "gpo-auditor"]) == 2
    assert "exists already" in capsys.readouterr().err


def test_token_revoke_rotates_a_holders_tokens(database: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Rotation: the new token first, then every older one of the holder revoked."""
    def create() -> str:
        assert main(["token", "create", "--role", "bailiff-system", "--name", "ais"]) == 0
        return capsys.readouterr().out.strip().splitlines()[-1]

    old = create()
    assert main(["token", "revoke", "--name", "ais"]) == 0
    new = create()
    engine = make_engine(database)
    with make_sessions(engine)() as session:
        assert principal_for_token(session, old) is None
        assert principal_for_token(session, new) is not None
    engine.dispose()
    assert main(["token", "revoke", "--name", "nobody"]) == 2
    assert "no token held by 'nobody'" in capsys.readouterr().err

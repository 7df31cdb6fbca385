"""Signing in and out: passwords checked with scrypt, a lockout after repeated failures, and a
server-side session whose cookie is also its API token (only digests are stored)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from services.web.models import WebSession
from shared.auth import (
    SignInFailure,
    User,
    create_token,
    hash_password,
    revoke_token,
    token_digest,
    verify_password,
)
from shared.settings import Runtime
from shared.storage import as_utc, transaction, utcnow

# Checked when the name is unknown, so that a wrong name costs the time a wrong password does.
_DUMMY_HASH = hash_password("not a password of anyone")


class SignInRefused(Exception):
    """Why a sign-in failed, as a message key of the pages' catalogue."""

    def __init__(self, key: str, minutes: int = 0) -> None:
        super().__init__(key)
        self.key, self.minutes = key, minutes


@dataclass(frozen=True, slots=True)
class Signed:
    cookie: str
    session: WebSession


def sign_in(sessions: sessionmaker[Session], runtime: Runtime, name: str,
            password: str) -> Signed:
    """A session for `name`, or SignInRefused. Every path does the same scrypt work, and a
    lockout counts failures under any name, so neither timing nor the answers tell which
    names exist."""
    now = utcnow()
    name = name[:128]
    refusal = SignInRefused("signin.wrong")
    with transaction(sessions) as session:
        # Forgotten failures go: a day after their last attempt.
        session.execute(delete(SignInFailure).where(
            SignInFailure.updated_at < now - timedelta(days=1)))
        failure = session.get(SignInFailure, name, with_for_update=True)
        user = session.scalar(select(User).where(User.name == name))
        stored = user.password_hash if user is not None and user.password_hash else None
        matches = verify_password(password, stored or _DUMMY_HASH) and stored is not None
        if failure is not None and failure.locked_until is not None \
                and as_utc(failure.locked_until) > now:
            minutes = int((as_utc(failure.locked_until) - now).total_seconds() // 60) + 1
            raise SignInRefused("signin.locked", minutes)
        if matches and user is not None:
            if failure is not None:
                session.delete(failure)
            return _open(session, runtime, user, now)
        if failure is None:
            failure = SignInFailure(name=name, failures=0)
            session.add(failure)
        failure.failures += 1
        failure.updated_at = now
        if failure.failures >= runtime.web_lockout_attempts:
            failure.failures = 0
            failure.locked_until = now + timedelta(minutes=runtime.web_lockout_minutes)
            refusal = SignInRefused("signin.locked", int(runtime.web_lockout_minutes))
    # The failure is committed (the count, the lock) before it is reported.
    raise refusal


def _open(session: Session, runtime: Runtime, user: User, now: datetime) -> Signed:
    expires = now + timedelta(hours=runtime.web_session_hours)
    cookie = "qdg_" + secrets.token_urlsafe(32)
    create_token(session, role=user.role, name=user.name, region=user.region,
                 district=user.district, expires_at=expires, token=cookie)
    web = WebSession(digest=token_digest(cookie), user_name=user.name, role=user.role,
                     region=user.region, district=user.district,
                     csrf=secrets.token_urlsafe(24), created_at=now, expires_at=expires)
    session.add(web)
    return Signed(cookie, web)


def current(sessions: sessionmaker[Session], cookie: str | None) -> WebSession | None:
    if not cookie:
        return None
    with sessions() as session:
        web = session.get(WebSession, token_digest(cookie))
    if web is None or as_utc(web.expires_at) <= utcnow():
        return None
    return web


def sign_out(sessions: sessionmaker[Session], cookie: str | None) -> None:
    if not cookie:
        return
    with transaction(sessions) as session:
        revoke_token(session, cookie)
        session.execute(delete(WebSession).where(WebSession.digest == token_digest(cookie)))
        # Expired sessions go too; their tokens expired with them.
        session.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))

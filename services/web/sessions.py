"""Signing in and out: passwords checked with scrypt, a lockout after repeated failures, and a
server-side session whose API token ends with it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from services.web.models import WebSession
from shared.auth import User, create_token, hash_password, revoke_token, verify_password
from shared.settings import Runtime
from shared.storage import transaction, utcnow

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


def _digest(cookie: str) -> str:
    return hashlib.sha256(cookie.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def sign_in(sessions: sessionmaker[Session], runtime: Runtime, name: str,
            password: str) -> Signed:
    now = utcnow()
    with transaction(sessions) as session:
        user = session.scalar(select(User).where(User.name == name).with_for_update())
        if user is None or user.password_hash is None:
            verify_password(password, _DUMMY_HASH)
            raise SignInRefused("signin.wrong")
        if user.locked_until is not None and _aware(user.locked_until) > now:
            minutes = int((_aware(user.locked_until) - now).total_seconds() // 60) + 1
            raise SignInRefused("signin.locked", minutes)
        if not verify_password(password, user.password_hash):
            user.failed_signins += 1
            if user.failed_signins >= runtime.web_lockout_attempts:
                user.failed_signins = 0
                user.locked_until = now + timedelta(minutes=runtime.web_lockout_minutes)
                locked = SignInRefused("signin.locked", int(runtime.web_lockout_minutes))
            else:
                locked = None
        else:
            locked = None
            user.failed_signins, user.locked_until = 0, None
            expires = now + timedelta(hours=runtime.web_session_hours)
            token = create_token(session, role=user.role, name=user.name,
                                 region=user.region, district=user.district,
                                 expires_at=expires)
            cookie = secrets.token_urlsafe(32)
            web = WebSession(digest=_digest(cookie), user_name=user.name, role=user.role,
                             region=user.region, district=user.district, api_token=token,
                             csrf=secrets.token_urlsafe(24), created_at=now,
                             expires_at=expires)
            session.add(web)
            return Signed(cookie, web)
    # The failure is committed (the count, the lock) before it is reported.
    raise locked or SignInRefused("signin.wrong")


def current(sessions: sessionmaker[Session], cookie: str | None) -> WebSession | None:
    if not cookie:
        return None
    with sessions() as session:
        web = session.get(WebSession, _digest(cookie))
    if web is None or _aware(web.expires_at) <= utcnow():
        return None
    return web


def sign_out(sessions: sessionmaker[Session], cookie: str | None) -> None:
    if not cookie:
        return
    with transaction(sessions) as session:
        web = session.get(WebSession, _digest(cookie))
        if web is not None:
            revoke_token(session, web.api_token)
            session.delete(web)
        # Expired sessions go too; their tokens expired with them.
        session.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))

"""Users, bearer tokens and roles; every endpoint checks role and jurisdiction with these.

Roles (docs/contract.md §3): `bailiff-system` (ingest only; limited to a region when one is
given), `prosecutor` (a district or a region), `chamber` (a region's private bailiffs),
`justice` (a territorial justice body: a region's bailiffs, for inspection planning),
`auditor` (read-only, everything), `admin`. Tokens are stored as SHA-256 digests, never as
themselves; passwords with scrypt from the standard library.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared.roles import ROLES
from shared.storage import Base, BigId, as_utc, utcnow


class User(Base):
    __tablename__ = "auth_users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiToken(Base):
    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # A web session's token ends with the session; a system's token has no end.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignInFailure(Base):
    """Failed sign-ins in a row under a name — any name, known or not, so that a lockout
    tells nothing about which names exist."""

    __tablename__ = "auth_signin_failures"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow, index=True)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a role and, where the role has one, a territory. What it may see and do
    is the access policy's (shared/access.py), never decided here."""

    name: str
    role: str
    region: str | None = None
    district: str | None = None


def token_digest(token: str) -> str:
    """What is stored of a token (or a session cookie): its SHA-256, never itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def _check_role(role: str, region: str | None, district: str | None) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if role in ("prosecutor", "chamber", "justice") and region is None:
        raise ValueError(f"a {role} needs --region (and a district prosecutor also --district)")
    if role == "supervisor" and district is not None:
        raise ValueError("a supervisor oversees a whole region (--region, no --district), or, "
                         "at the General Prosecutor's Office, every region (neither)")


def create_token(session: Session, *, role: str, name: str, region: str | None = None,
                 district: str | None = None, expires_at: datetime | None = None,
                 token: str | None = None) -> str:
    """A new bearer token (or `token`, a secret the caller made, e.g. a session cookie); only
    its digest is stored."""
    _check_role(role, region, district)
    token = token or "qdg_" + secrets.token_urlsafe(32)
    session.add(ApiToken(digest=token_digest(token), name=name, role=role, region=region,
                         district=district, expires_at=expires_at))
    return token


def revoke_token(session: Session, token: str) -> None:
    session.execute(update(ApiToken).where(ApiToken.digest == token_digest(token))
                    .values(revoked=True))


def revoke_tokens_of(session: Session, name: str) -> int:
    """Revoke every token held by `name` (a rotation: make the new one first); how many."""
    done = session.execute(update(ApiToken).where(ApiToken.name == name,
                                                  ApiToken.revoked.is_(False))
                           .values(revoked=True))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    return hmac.compare_digest(candidate.hex(), digest)


def create_user(session: Session, *, name: str, role: str, password: str,
                region: str | None = None, district: str | None = None) -> User:
    _check_role(role, region, district)
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    user = User(name=name, role=role, region=region, district=district,
                password_hash=hash_password(password))
    session.add(user)
    return user


def principal_for_token(session: Session, token: str) -> Principal | None:
    row = session.scalar(select(ApiToken).where(ApiToken.digest == token_digest(token),
                                                ApiToken.revoked.is_(False)))
    if row is None:
        return None
    if row.expires_at is not None and as_utc(row.expires_at) <= utcnow():
        return None
    return Principal(row.name, row.role, row.region, row.district)


"""The ledger of supervisory acts' tables."""

from __future__ import annotations

from datetime import date
from typing import get_args

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.events import ActKind
from shared.storage import Base

# The kinds the contract knows (docs/contract.md §1), ours and other systems'.
ACT_KINDS: tuple[str, ...] = get_args(ActKind)


class SupervisoryAct(Base):
    """The ledger of supervisory acts: those issued here and those other prosecutors' systems
    registered, both built from the act.registered / act.answered events they produce."""

    __tablename__ = "supervisory_acts"

    act_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    act_kind: Mapped[str] = mapped_column(String(32))
    bailiff_id: Mapped[str] = mapped_column(String(128), index=True)
    proceeding_id: Mapped[str | None] = mapped_column(String(128))
    addressee: Mapped[str | None] = mapped_column(Text)
    registered_on: Mapped[date] = mapped_column(Date)
    response_due_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_result: Mapped[str | None] = mapped_column(String(16))
    recovered_kzt: Mapped[float | None] = mapped_column(Float)
    # The day the prosecutor went to court (a claim, Art. 39 of the Law on the Prosecutor's
    # Office) after the act was rejected or left unconsidered past its term.
    court_filed_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(128))
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))


class ActAlert(Base):
    """An alert resolved by an act."""

    __tablename__ = "supervisory_act_alerts"

    act_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), primary_key=True)


class ActProceeding(Base):
    """Where each proceeding belongs (from its `document.accepted`): an act about a proceeding
    is checked against, and filed under, the territory it really has. Its debtor and the sum
    to recover are what a prosecutor reads of it in the queue; of the debtor's IIN only what a
    page shows is kept (`shown_iin_bin`)."""

    __tablename__ = "acts_proceedings"

    proceeding_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    bailiff_id: Mapped[str] = mapped_column(String(128), index=True)
    region: Mapped[str] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(64))
    debtor_kind: Mapped[str | None] = mapped_column(String(16))
    debtor_name: Mapped[str | None] = mapped_column(Text)
    debtor_iin_bin: Mapped[str | None] = mapped_column(String(32))
    amount_kzt: Mapped[float | None] = mapped_column(Float)


class ActBailiff(Base):
    """Where each bailiff is registered, as the ledger's own consumer saw it: an act is filed
    under its bailiff's territory without waiting for the registry's consumer group."""

    __tablename__ = "acts_bailiffs"

    bailiff_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    region: Mapped[str] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(64))
    registered_on: Mapped[date] = mapped_column(Date)


class ActEarlyAnswer(Base):
    """An answer that came before its act: an answer is keyed by its act, the act by its
    proceeding or bailiff, so the two may travel on different partitions. Applied when the act
    is registered."""

    __tablename__ = "acts_early_answers"

    act_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    answered_on: Mapped[date] = mapped_column(Date)
    answer_result: Mapped[str | None] = mapped_column(String(16))
    recovered_kzt: Mapped[float | None] = mapped_column(Float)

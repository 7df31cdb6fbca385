"""What the HTTP API answers: the response bodies every room shares (a page of a list, a
breach's record, how late a term is, a debtor as shown, a stored document). A room's own
answers are declared beside its routes, on these.

Each is declared with `extra="forbid"`: the edge validates what a service returns against it,
so a field added in the code and not in the contract fails the tests instead of reaching
clients undocumented (docs/contract.md §3)."""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from shared.legal.rules import Overdue as OverdueUnit
from shared.legal.rules import State

T = TypeVar("T")


class Reply(BaseModel):
    """A response body: exactly these fields."""

    model_config = ConfigDict(extra="forbid")


class Page(Reply, Generic[T]):
    """A page of a list, in the list's fixed order (docs/contract.md §3: keyset pagination)."""

    items: list[T]
    next_cursor: str | None = Field(description="send as `cursor` for the next page; null on "
                                                "the last one")

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        name: str = getattr(params[0], "__name__", "Item")
        return f"{name}Page"


class Overdue(Reply):
    """How far past the term's last day: on the day the step was done late, or today."""

    days: int
    unit: OverdueUnit = Field(description="working days for a term of working days, calendar "
                                          "days otherwise")


class ShownDebtor(Reply):
    """The debtor as the pages show them: a person's IIN masked to its last four digits, a
    company's BIN whole."""

    kind: Literal["individual", "legal_entity", "state"]
    name: str
    iin_bin: str | None = None


class BreachRecord(Reply):
    """A breach as the audit reports it (docs/contract.md §2)."""

    rule: str = Field(description="the rule's code, docs/rules.md")
    proceeding_id: str | None
    property_id: str | None
    act_id: str | None
    decree_id: str | None
    bailiff_id: str | None
    year: int | None = Field(description="the licence year, for LICENCE_THRESHOLD")
    due: date = Field(description="the term's last day")
    state: State = Field(description="`late`: done after the term; `open`: not done yet")
    done_on: date | None
    appeal_id: str | None = Field(None, description="the appeal, for APPEAL_TERM and "
                                                    "APPEAL_EXTENSION_NOTICE_TERM")


class PlacedBreach(BreachRecord):
    """A breach with the territory it belongs to (a regional office's appeal has no
    district; a proceeding whose document has not come, no territory yet)."""

    region: str | None
    district: str | None


class StoredDocument(Reply):
    """A generated document (PDF, XLSX, DOCX) as listed with its report or proposal."""

    filename: str
    media_type: str


class RiskReason(Reply):
    """One feature's share in a breach-risk score."""

    feature: str
    value: float | str | None
    weight: float

"""The event contract with bailiff systems (docs/contract.md §1), as strict pydantic v2 models.

Strict means: no coercion ("1" is not a number, 1 is not a boolean), dates exactly `YYYY-MM-DD`
and real, timestamps with their offset. Every failure becomes one line naming the field at fault.
Fields the contract does not know are ignored, not refused: the contract lists what makes an
event invalid, and an extra field is not among it (docs/decisions.md).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)


def iin_bin_check_digit(first_eleven: str) -> int | None:
    """The 12th digit of an IIN/BIN, or None when no check digit exists for these 11 digits."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("an IIN/BIN check digit is computed over 11 digits")
    return _check_digit(first_eleven.encode("ascii"))


def _check_digit(d: bytes) -> int | None:
    # Unrolled over the ASCII codes (each is digit + 48; both weight rows sum to 66, so the
    # offsets cancel as 48 * 66 = 3168): every debtor of a national export passes through here.
    check = (
        d[0] + 2 * d[1] + 3 * d[2] + 4 * d[3] + 5 * d[4] + 6 * d[5] + 7 * d[6] + 8 * d[7]
        + 9 * d[8] + 10 * d[9] + 11 * d[10] - 3168
    ) % 11
    if check == 10:
        check = (
            3 * d[0] + 4 * d[1] + 5 * d[2] + 6 * d[3] + 7 * d[4] + 8 * d[5] + 9 * d[6]
            + 10 * d[7] + 11 * d[8] + d[9] + 2 * d[10] - 3168
        ) % 11
        if check == 10:
            return None
    return check


def is_valid_iin_bin(value: str) -> bool:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    code = value.encode("ascii")
    return _check_digit(code) == code[11] - 48


def _check_iin_bin(value: str) -> str:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValueError("must be exactly 12 digits")
    code = value.encode("ascii")
    if _check_digit(code) != code[11] - 48:
        raise ValueError("check digit does not match (not a valid IIN/BIN)")
    return value


IinBin = Annotated[str, AfterValidator(_check_iin_bin)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=128)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
# Where the sender serves a document (an http or https URL, no spaces).
DocumentUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000)]

BailiffKind = Literal["state", "private"]
LicenceStatus = Literal["active", "suspended", "revoked", "terminated"]
DocumentKind = Literal[
    "writ", "court_order", "administrative_decree", "notarial", "prosecutor_decree", "other"
]
Category = Literal[
    "alimony",
    "wages",
    "state_revenue",
    "harm_to_health",
    "fine",
    "demolition",
    "eviction",
    "other_monetary",
    "other_non_monetary",
]
PropertyKind = Literal[
    "real_estate", "land", "vehicle", "bank_account", "cash", "securities", "other"
]
AppraisalMethod = Literal["bailiff", "party_proposal", "party_instructed"]
DecreeKind = Literal[
    "arrest_bank_funds",
    "arrest_real_estate",
    "withdraw_title_documents",
    "restrict_exit",
    "compulsory_bringing",
    "other",
]
Decision = Literal["granted", "refused"]
ActKind = Literal[
    "protest",
    "representation",
    "prosecutor_decree",
    "instruction",
    # Kept for the bailiff and prosecutors' systems that send them; the pages no longer issue
    # them (docs/rules.md#act_response_term): a disciplinary proceeding is opened by a
    # prosecutor's decree, a transfer request is a power, not an act of supervision.
    "disciplinary_demand",
    "transfer_request",
    # Acts of prosecutorial response: no consideration term unless one is set.
    "petition",
    "claim",
    "appeal",
    "warning",
]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class Document(_Strict):
    number: Identifier
    kind: DocumentKind
    issued_by: Text | None = None
    issued_on: date | None = None


class Debtor(_Strict):
    kind: Literal["individual", "legal_entity"]
    iin_bin: IinBin
    name: Text


def shown_iin_bin(kind: str, iin_bin: str) -> str:
    """A party's IIN or BIN as a page may show it. A person's IIN begins with their birth
    date: all but its last four digits are masked. A legal entity's BIN is a public register's
    number and is shown whole."""
    if kind == "individual":
        return "•" * (len(iin_bin) - 4) + iin_bin[-4:]
    return iin_bin


class Claimant(_Strict):
    kind: Literal["individual", "legal_entity", "state"]
    iin_bin: IinBin | None = None
    name: Text


class Envelope(_Strict):
    event_id: Identifier
    occurred_on: date
    recorded_at: AwareDatetime | None = None
    source: Text | None = None


class ProceedingEvent(Envelope):
    proceeding_id: Identifier


class BailiffRegistered(Envelope):
    type: Literal["bailiff.registered"]
    bailiff_id: Identifier
    kind: BailiffKind
    name: Text
    region: Identifier
    district: Identifier
    licence_no: Identifier | None = None
    licence_status: LicenceStatus | None = None
    started_on: date | None = None


class DocumentAccepted(ProceedingEvent):
    type: Literal["document.accepted"]
    bailiff_id: Identifier
    region: Identifier
    district: Identifier
    document: Document
    category: Category
    periodic: bool
    amount_kzt: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    debtor: Debtor
    claimant: Claimant


class ProceedingInitiated(ProceedingEvent):
    type: Literal["proceeding.initiated"]
    decree_no: Identifier | None = None
    sent_to_debtor_on: date | None = None


class ProceedingRefused(ProceedingEvent):
    type: Literal["proceeding.refused"]
    reason: Text | None = None


class NoticeSent(ProceedingEvent):
    type: Literal["proceeding.notice_sent"]


class ProceedingSuspended(ProceedingEvent):
    type: Literal["proceeding.suspended"]
    reason: Text | None = None


class ProceedingResumed(ProceedingEvent):
    type: Literal["proceeding.resumed"]


class ProceedingTransferred(ProceedingEvent):
    type: Literal["proceeding.transferred"]
    to_bailiff_id: Identifier


class _Ending(ProceedingEvent):
    amount_recovered_kzt: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None


class ProceedingCompleted(_Ending):
    type: Literal["proceeding.completed"]


class ProceedingReturned(_Ending):
    type: Literal["proceeding.returned"]


class ProceedingTerminated(_Ending):
    type: Literal["proceeding.terminated"]


class PropertyArrested(ProceedingEvent):
    type: Literal["property.arrested"]
    property_id: Identifier
    property_kind: PropertyKind
    ownership_established_on: date | None = None
    description: Text | None = None


class OwnershipEstablished(ProceedingEvent):
    type: Literal["property.ownership_established"]
    property_id: Identifier


class PropertyReleased(ProceedingEvent):
    type: Literal["property.released"]
    property_id: Identifier


class AppraiserAppointed(ProceedingEvent):
    type: Literal["appraiser.appointed"]
    property_id: Identifier
    method: AppraisalMethod


class ExaminationOrdered(ProceedingEvent):
    type: Literal["examination.ordered"]
    property_id: Identifier | None = None


class SaleScheduled(ProceedingEvent):
    type: Literal["sale.scheduled"]
    property_id: Identifier | None = None


class SearchDeclared(ProceedingEvent):
    type: Literal["search.declared"]
    property_id: Identifier | None = None


class DecreeIssued(ProceedingEvent):
    type: Literal["decree.issued"]
    decree_id: Identifier
    decree_kind: DecreeKind
    summary: Text | None = None
    document_sha256: Sha256 | None = None
    # The decree itself, where the bailiff system serves it: fetched by the sanctions service
    # from a trusted host and shown only when its SHA-256 is `document_sha256`.
    document_url: DocumentUrl | None = None
    # The property the decree concerns, where it concerns one (an arrest of real estate): the
    # prosecutor studies it before sanctioning, and signs it (docs/contract.md §1).
    property_id: Identifier | None = None


class DecreeExecuted(ProceedingEvent):
    type: Literal["decree.executed"]
    decree_id: Identifier


class SanctionDecided(ProceedingEvent):
    type: Literal["sanction.decided"]
    decree_id: Identifier
    decision: Decision
    reason: Text | None = None
    prosecutor_id: Identifier

    @model_validator(mode="after")
    def _refusal_gives_reasons(self) -> SanctionDecided:
        if self.decision == "refused" and self.reason is None:
            raise ValueError("reason: required when the decision is 'refused'")
        return self


class ActRegistered(Envelope):
    type: Literal["act.registered"]
    proceeding_id: Identifier | None = None
    act_id: Identifier
    act_kind: ActKind
    bailiff_id: Identifier
    addressee: Text | None = None
    response_due_on: date | None = None


AnswerResult = Literal["satisfied", "partly", "rejected"]


class ActAnswered(Envelope):
    """An answer belongs to the act registered under its `act_id`; a `proceeding_id`, when
    sent, is not used to match it (docs/contract.md §1, change of 2026-12-04)."""

    type: Literal["act.answered"]
    proceeding_id: Identifier | None = None
    act_id: Identifier
    # What the answer did: the act satisfied, partly, or rejected; and the sums recovered on
    # the act's strength (docs/contract.md §1, change of 2026-12-05).
    result: AnswerResult | None = None
    recovered_kzt: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None


# Citizens' appeals about bailiffs (жолданым / обращение), considered by the prosecutor's office
# itself (docs/rules.md#appeal_term): sent by the office's own systems (the state e-appeals
# system's export, Qadagalau's pages).


class Applicant(_Strict):
    """Who wrote the appeal. Personal data: kept off logs and metrics, shown masked."""

    kind: Literal["individual", "legal_entity"]
    name: Text
    iin_bin: IinBin | None = None


AppealResult = Literal["satisfied", "partly", "rejected", "explained"]


def appeal_step_id(appeal_id: str, step: str, prefix: str = "") -> str:
    """The event id of one step of an appeal, made the same by every sender of the office (the
    pages, the export's importer): sent again, the step is a duplicate. An id too long to hold
    its step is replaced by its digest."""
    made = f"{prefix}{appeal_id}-{step}"
    if len(made) <= 128:
        return made
    return f"{prefix}{hashlib.sha256(appeal_id.encode()).hexdigest()[:40]}-{step}"


class AppealReceived(Envelope):
    """An appeal received by the office on `occurred_on` (its receipt starts the term)."""

    type: Literal["appeal.received"]
    appeal_id: Identifier
    region: Identifier  # the territory of the office that received it
    district: Identifier | None = None
    bailiff_id: Identifier  # whom it is about
    proceeding_id: Identifier | None = None
    applicant: Applicant
    summary: Text | None = None


class AppealExtended(Envelope):
    """The head (or deputy head) of the office extended the term on `occurred_on`."""

    type: Literal["appeal.extended"]
    appeal_id: Identifier
    extended_until: date
    reason: Text


class AppealExtensionNotified(Envelope):
    """The applicant was told of the extension on `occurred_on`."""

    type: Literal["appeal.extension_notified"]
    appeal_id: Identifier


class AppealInspectionOrdered(Envelope):
    type: Literal["appeal.inspection_ordered"]
    appeal_id: Identifier


class AppealInspectionEnded(Envelope):
    type: Literal["appeal.inspection_ended"]
    appeal_id: Identifier


class AppealAnswered(Envelope):
    """The final answer sent to the applicant on `occurred_on`."""

    type: Literal["appeal.answered"]
    appeal_id: Identifier
    result: AppealResult
    text: Text | None = None


Event = Annotated[
    BailiffRegistered
    | DocumentAccepted
    | ProceedingInitiated
    | ProceedingRefused
    | NoticeSent
    | ProceedingSuspended
    | ProceedingResumed
    | ProceedingTransferred
    | ProceedingCompleted
    | ProceedingReturned
    | ProceedingTerminated
    | PropertyArrested
    | OwnershipEstablished
    | PropertyReleased
    | AppraiserAppointed
    | ExaminationOrdered
    | SaleScheduled
    | SearchDeclared
    | DecreeIssued
    | DecreeExecuted
    | SanctionDecided
    | ActRegistered
    | ActAnswered
    | AppealReceived
    | AppealExtended
    | AppealExtensionNotified
    | AppealInspectionOrdered
    | AppealInspectionEnded
    | AppealAnswered,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_MODELS: tuple[type[BaseModel], ...] = get_args(get_args(Event)[0])
EVENT_TYPES: tuple[str, ...] = tuple(
    get_args(model.model_fields["type"].annotation)[0] for model in EVENT_MODELS
)


# The core validator itself: TypeAdapter's wrapper costs a tenth of a small event's validation.
_validate_json = EVENT_ADAPTER.validator.validate_json


class EventRejected(ValueError):
    """An event that breaks the contract; `reason` names the field at fault."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _describe(error: Any) -> str:
    kind = error["type"]
    loc = [str(part) for part in error["loc"]]
    # The first location part of a tagged union is the tag itself: the type is said once, apart.
    if loc and loc[0] in EVENT_TYPES:
        loc = loc[1:]
    field = ".".join(loc)
    msg = str(error["msg"])
    if kind == "json_invalid":
        return f"not valid JSON: {msg.removeprefix('Invalid JSON: ')}"
    if kind == "dict_type" and not field:
        return "an event must be a JSON object"
    if kind == "union_tag_not_found":
        return "type: missing (every event names its type)"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "?")
        return f"type: unknown event type {tag!r}"
    if kind == "missing":
        return f"{field}: missing"
    if kind == "extra_forbidden":
        return f"{field}: not a field of this event type"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{field}: {error.get('input')!r} is not one of {expected}"
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
        if not field and ":" in msg:
            return msg
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"{field}: {error.get('input')!r} is not a real date in the form YYYY-MM-DD"
    return f"{field}: {msg}" if field else msg


def rejection_reason(exc: ValidationError) -> str:
    """One line naming every field at fault, the first error first."""
    return "; ".join(_describe(error) for error in exc.errors(include_url=False))


def parse_event(raw: bytes | str) -> Event:
    """Validate one JSON event, or raise EventRejected with a reason naming the field."""
    try:
        return _validate_json(raw)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise EventRejected(rejection_reason(exc)) from None


def validate_event(obj: Any) -> Event:
    """Validate an already decoded event (an HTTP body element, a Kafka message)."""
    try:
        return EVENT_ADAPTER.validate_json(_as_json(obj))
    except ValidationError as exc:
        raise EventRejected(rejection_reason(exc)) from None


def _as_json(obj: Any) -> bytes:
    import orjson

    return orjson.dumps(obj)


def event_schema() -> dict[str, Any]:
    """The JSON Schema of the event contract, as bailiff systems should read it."""
    schema = EVENT_ADAPTER.json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Qadagalau bailiff event (contract version 1)"
    schema["description"] = (
        "One event from a bailiff system. Dates are legal local dates in Kazakhstan "
        "(YYYY-MM-DD). iin_bin must carry a valid check digit."
    )
    return schema

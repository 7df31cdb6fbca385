"""The contract's fast decoder: msgspec Structs generated from the pydantic models of
`shared/events.py`, which stay the one definition of the contract.

msgspec decodes and checks an event in about 0.7 of pydantic's time (docs/performance.md);
reading is most of what auditing a national export costs. It is used only to *accept*: a line it
refuses is validated again by pydantic, whose verdict stands and whose reason is printed, so a
reason reads exactly as before and a case where the two disagreed could only cost time. That
msgspec accepts nothing pydantic refuses is tested over every event of the unit tests and a
generated corpus (`tests/unit/test_event_decoder.py`).

A decoded event is a Struct with the same field names as the model (and its `type`), so the
reading code (`fact_of`, `act_refusal`) takes either.
"""

from __future__ import annotations

import math
import re
import types
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec
from pydantic import AfterValidator, AwareDatetime, BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from shared.events import EVENT_MODELS, EventRejected, _check_iin_bin, parse_event

# msgspec reads a timestamp in C and accepts only forms pydantic accepts too (tested), but it
# rounds a fraction finer than a microsecond where pydantic truncates it: a line with seven
# digits after a point anywhere goes to pydantic. Such lines are rare; the search costs a sixth
# of what checking every timestamp against a pattern did (docs/performance.md).
_FINER_THAN_MICROSECONDS = re.compile(rb"\.[0-9]{7}").search


def _constraints(metadata: list[Any]) -> tuple[dict[str, Any], list[str]]:
    """msgspec's Meta arguments, and the checks msgspec has no Meta for."""
    meta: dict[str, Any] = {}
    checks: list[str] = []
    for item in metadata:
        if isinstance(item, StringConstraints):
            for name in ("min_length", "max_length", "pattern"):
                if getattr(item, name) is not None:
                    meta[name] = getattr(item, name)
        elif isinstance(item, AfterValidator) and item.func is _check_iin_bin:
            checks.append("iin_bin")
        elif isinstance(item, FieldInfo):
            inner, more = _constraints(item.metadata)
            meta |= inner
            checks += more
        elif type(item).__name__ == "Ge":
            meta["ge"] = item.ge
        elif type(item).__name__ == "AllowInfNan":
            if not item.allow_inf_nan:
                checks.append("finite")
        else:
            raise TypeError(f"no msgspec equivalent for {item!r}: extend shared/event_decoder.py")
    return meta, checks


def _type(annotation: Any, metadata: list[Any], checks: list[str]) -> Any:
    """The msgspec type of a pydantic annotation; checks beyond msgspec's go into `checks`."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *more = get_args(annotation)
        return _type(base, [*metadata, *more], checks)
    if origin in (Union, types.UnionType):
        arms = [a for a in get_args(annotation) if a is not type(None)]
        if len(arms) != 1:
            raise TypeError(f"only Optional unions are generated: {annotation!r}")
        return _type(arms[0], metadata, checks) | None
    meta, more = _constraints(metadata)
    checks += more
    if annotation is AwareDatetime:
        annotation, meta = datetime, meta | {"tz": True}
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        annotation = _struct(annotation)
    elif origin is Literal or annotation in (str, bool, float, date):
        pass
    else:
        raise TypeError(f"no msgspec type for {annotation!r}: extend shared/event_decoder.py")
    return Annotated[annotation, msgspec.Meta(**meta)] if meta else annotation


def _needs_reason(model: type[BaseModel]) -> bool:
    """The one model validator of the contract (a refusal gives its reasons), mirrored here."""
    return "_refusal_gives_reasons" in model.__pydantic_decorators__.model_validators


def _post_init(checks: dict[str, list[str]], model: type[BaseModel]) -> Any:
    """The checks msgspec has no constraint for, run after decoding; only the few event types
    that have such checks get one, as it runs once per event of a national export."""
    iin_bin = tuple(name for name, wanted in checks.items() if "iin_bin" in wanted)
    finite = tuple(name for name, wanted in checks.items() if "finite" in wanted)
    refusal_needs_reason = _needs_reason(model)

    def __post_init__(self: Any) -> None:
        for name in iin_bin:
            value = getattr(self, name)
            if value is not None:
                _check_iin_bin(value)
        for name in finite:
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise ValueError(f"{name}: not a finite number")
        if refusal_needs_reason and self.decision == "refused" and self.reason is None:
            raise ValueError("reason: required when the decision is 'refused'")
    return __post_init__


_STRUCTS: dict[type[BaseModel], type[msgspec.Struct]] = {}


def _struct(model: type[BaseModel]) -> type[msgspec.Struct]:
    if model in _STRUCTS:
        return _STRUCTS[model]
    decorators = model.__pydantic_decorators__
    if set(decorators.model_validators) - {"_refusal_gives_reasons"} or \
            decorators.field_validators:  # a check this module does not mirror would be lost
        raise TypeError(f"{model.__name__} has a validator with no msgspec mirror: extend "
                        "shared/event_decoder.py")
    fields: list[Any] = []
    checks: dict[str, list[str]] = {}
    tag = None
    for name, field in model.model_fields.items():
        if name == "type":
            (tag,) = get_args(field.annotation)
            continue
        wanted: list[str] = []
        kind = _type(field.annotation, list(field.metadata), wanted)
        if wanted:
            checks[name] = wanted
        fields.append((name, kind) if field.is_required() else (name, kind, field.default))
    namespace: dict[str, Any] = {}
    if checks or _needs_reason(model):
        namespace["__post_init__"] = _post_init(checks, model)
    options: dict[str, Any] = {"kw_only": True, "frozen": True, "namespace": namespace}
    if tag is not None:
        options |= {"tag_field": "type", "tag": tag}
    struct = msgspec.defstruct(model.__name__, fields, **options)
    if tag is not None:
        struct.type = tag  # type: ignore[attr-defined]  # read as the model's field is
    _STRUCTS[model] = struct
    return struct


_DECODER = msgspec.json.Decoder(Union[tuple(_struct(m) for m in EVENT_MODELS)])  # noqa: UP007


# What msgspec raises on a line it refuses (RecursionError: JSON nested deeper than it goes);
# pydantic then decides, and words the reason.
REFUSED = (msgspec.ValidationError, msgspec.DecodeError, RecursionError)
# Decodes one line already found `block_checked`; raises one of REFUSED where it stops.
decode_checked = _DECODER.decode


def block_checked(raw: bytes) -> bool:
    """Whether the lines in `raw` may go to `decode_checked`: UTF-8 throughout, and no fraction
    of a second finer than a microsecond. The audit checks a block of lines at once."""
    return _FINER_THAN_MICROSECONDS(raw) is None and _utf8(raw)


def read_event(raw: bytes | str) -> Any:
    """Decode and validate one JSON event at msgspec's speed; a refused one is decided (and
    its reason worded) by `parse_event`, the contract's own validator. What it returns is an
    `Event` or a Struct of the same fields: read its attributes and `type`, not its class."""
    if isinstance(raw, bytes) and block_checked(raw):
        try:
            return decode_checked(raw)
        except REFUSED:
            pass
    return parse_event(raw)  # raises EventRejected with the reason, or accepts


def _utf8(raw: bytes) -> bool:
    """Whether the whole line is UTF-8: msgspec checks only the strings it keeps, and a
    contract validator refuses a line with a bad byte anywhere (found by review)."""
    if raw.isascii():
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


__all__ = ["REFUSED", "EventRejected", "block_checked", "decode_checked", "read_event"]

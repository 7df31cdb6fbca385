"""The OpenAPI document as a bailiff system's developers need it (docs/contract.md §3): every
refusal an operation can answer, as a Problem; the event batch's body, the contract's own
schema; a summary, a tag and an example on every operation.

The examples are made from the schemas themselves, with one vocabulary of sample values by
field name (`SAMPLES`): an example cannot drift from its schema, and the tests check each one
validates against it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from shared.errors import PROBLEM_MEDIA_TYPE

PROBLEM_SCHEMA = {
    "type": "object", "title": "Problem",
    "description": "A refusal (RFC 9457): `code` is stable and what a client relies on; "
                   "`params` its details; `detail` an English sentence for people.",
    "required": ["type", "title", "status", "detail", "code", "params"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"},
                   "code": {"type": "string"}, "params": {"type": "object"}}}
_PROBLEMS = {
    "401": "no valid token", "403": "the role may not, or the thing named is another "
    "office's", "404": "no such thing in the caller's jurisdiction", "409": "the thing's state "
    "does not allow it", "413": "the body is larger than the limit", "422": "the request is "
    "not valid (the field is named)", "500": "an unexpected error (logged)"}
_PROBLEM_EXAMPLE = {
    "type": "urn:qadagalau:problem:alert_not_found", "title": "Not Found", "status": 404,
    "detail": "no alert 9 in your jurisdiction", "code": "alert_not_found",
    "params": {"id": "9"}}

# One concept a tag, in the order a client developer meets them.
TAGS = [
    {"name": "events", "description": "Bailiff systems send proceeding events (§1)."},
    {"name": "alerts", "description": "The queue of breaches and each alert's lifecycle."},
    {"name": "acts", "description": "The ledger of supervisory acts and their answers."},
    {"name": "appeals", "description": "Citizens' appeals about bailiffs: the office's "
                                       "register and its terms."},
    {"name": "sanctions", "description": "Decrees awaiting the prosecutor's sanction, decided "
                                         "and signed online."},
    {"name": "bailiffs", "description": "The registry, breaches per bailiff, the licence "
                                        "count and the inspection plan."},
    {"name": "proposals", "description": "Proposals to suspend a private bailiff's licence."},
    {"name": "oversight", "description": "Each district's supervision, side by side."},
    {"name": "reports", "description": "Breach reports to the regional chambers."},
    {"name": "proceedings", "description": "Proceedings as the monitor knows them."},
    {"name": "risk", "description": "Breach-risk scores and bailiff indicators."},
]

# Sample values by field name, for the examples: what a real answer holds (invented people).
SAMPLES: dict[str, Any] = {
    "id": 42, "alert_id": 42, "report_id": 7, "notice_report_id": 7, "model_id": 3,
    "index": 0, "event_id": "ais-2026-000981", "type": "proceeding.initiated",
    "bailiff_id": "PB-0042", "proceeding_id": "EP/2026/000123",
    "decree_id": "EP/2026/000123/D-1", "act_id": "Q-1b1f27d5ec80", "property_id": "RE-7",
    "act": "Q-1b1f27d5ec80",
    "region": "ALA", "district": "ALA-MED", "rule": "COMPLETION_TERM",
    "target": "COMPLETION_TERM", "risk_target": "COMPLETION_TERM",
    "name": "Серикова Наталья", "bailiff_name": "Әлиев Нұрлан",
    "iin_bin": "••••••••6045", "assignee": "med.prosecutor", "actor": "med.prosecutor",
    "prosecutor": "med.prosecutor", "requested_by": "qadagalau",
    "addressee": "Жеке сот орындаушыларының Алматы қалалық өңірлік палатасы",
    "licence_no": "L-0042", "reason": "the debt is paid",
    "detail": "accepted by 127.0.0.1", "note": "planned inspection, no violations",
    "summary": "Банк шоттарындағы ақшаға тыйым салу",
    "content": "{\"decision\":\"granted\",\"decree_id\":\"EP/2026/000123/D-1\",…}",
    "content_base64": "eyJkZWNpc2lvbiI6ImdyYW50ZWQiLC4uLn0=",
    "document_url": "https://ais.example.kz/decrees/EP-2026-000123-D-1.pdf",
    "document_sha256": "9962e68a3bfc9852ad86e2b9f6c5d14c0a179c4799c6b78231c1c4ea2d4e7a52",
    "sha256": "1722f78a9eaa433aa9a7a0aafe1353aec16ca915ae69d7b47729f3b08fd4ad31",
    "enforcement_document": "2-1234/2026", "description": "Toyota Camry, 2019",
    "filename": "report-ALA-monthly-20261101-20261130-kk.xlsx", "language": "kk",
    "media_type": "application/pdf", "reported_source": "ais-oip",
    "source": "qadagalau", "feature": "age_days", "status": "pending",
    "next_cursor": "WyIyMDI2LTAzLTAyIiw0Ml0", "kind": "inspection",
    "amount_kzt": 1250000.0, "recovered_kzt": 500000.0, "probability": 0.71, "risk": 0.71,
    "weight": 0.47, "score": 3.15, "rank_score": 2.4, "value": "alimony",
    "year": 2026, "days": 3, "count": 5, "acts": 4, "threshold": 3, "evaluated": 1250,
    "bytes": 8341, "attempts": 1, "pending": 2, "redelivering": 1,
    "working_days_left": 1, "oldest_age_days": 3, "acts_this_year": 4,
    "licence_threshold": 3, "members": 12, "breaches": 8, "over_threshold": 1,
    "accepted": 2, "duplicate": 0, "rejected": 1, "alimony_cases": 10.0,
}
# Fields an example leaves null where they may be (a new alert is not withdrawn, a pending
# decree is not signed): an example reads as one real answer.
USUALLY_NULL = frozenset({
    "done_on", "withdrawn_on", "decided_on", "decision", "decided_by", "prosecutor",
    "reported_source", "reported_prosecutor_id", "reported_event_id", "signer", "signature",
    "certificate_pem", "answered_on", "answer_result", "recovered_kzt", "next_attempt_at",
    "last_error", "property_id", "act_id", "decree_id", "year", "detail", "reason",
    "assignee"})
_DATE, _DATETIME = "2026-03-02", "2026-03-02T09:30:00+05:00"


def example_of(schema: dict[str, Any], components: dict[str, Any], name: str = "",
               depth: int = 0) -> Any:
    """A sample value that validates against `schema`: the vocabulary's value for a field of
    that name when it fits, else one made from the schema's own type."""
    if "$ref" in schema:
        return example_of(components[schema["$ref"].rsplit("/", 1)[1]], components, name, depth)
    for keyword in ("example", "const"):
        if keyword in schema:
            return schema[keyword]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return SAMPLES[name] if SAMPLES.get(name) in schema["enum"] else schema["enum"][0]
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            options = [s for s in schema[keyword] if s.get("type") != "null"]
            if name in USUALLY_NULL or not options:
                return None
            return example_of(options[0], components, name, depth)
    kind = schema.get("type", "object")
    if kind == "array":
        item = example_of(schema.get("items", {}), components, _singular(name), depth + 1)
        return [item] if depth < 6 else []
    if kind == "object":
        properties = schema.get("properties", {})
        if not properties:
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return {_key_of(name): example_of(extra, components, "", depth + 1)}
            return {}
        return {key: example_of(sub, components, key, depth + 1)
                for key, sub in properties.items()}
    if name in SAMPLES and _fits(SAMPLES[name], kind):
        return SAMPLES[name]
    if kind == "string":
        return {"date": _DATE, "date-time": _DATETIME}.get(schema.get("format", ""), name or "…")
    return {"integer": 1, "number": 1.0, "boolean": True}.get(kind)


def _singular(name: str) -> str:
    return {"items": "", "results": "", "timeline": "", "history": ""}.get(
        name, name[:-1] if name.endswith("s") and name not in SAMPLES else name)


def _key_of(name: str) -> str:
    """A sample key of a map, by what the map is of."""
    return {"breaches_by_rule": "COMPLETION_TERM", "breaches": "COMPLETION_TERM",
            "importance": "age_days", "factors": "acts", "by_kind": "protest"}.get(name, "key")


def _fits(value: Any, kind: str) -> bool:
    return {"string": isinstance(value, str), "integer": type(value) is int,
            "number": type(value) in (int, float), "boolean": type(value) is bool,
            "array": isinstance(value, list)}.get(kind, False)


def _summary(operation: dict[str, Any]) -> str | None:
    """An operation's summary: the first sentence of its description (the route's
    docstring), not a title made of the function's name."""
    text = " ".join(operation.get("description", "").split())
    if not text:
        return None
    return text.split(". ")[0].rstrip(".")


def _json_content(part: dict[str, Any]) -> dict[str, Any] | None:
    content: dict[str, Any] = part.get("content", {})
    found: dict[str, Any] | None = content.get("application/json")
    return found


def document_api(app: FastAPI) -> None:
    """Installs the OpenAPI document (`/openapi.json`, `/docs`) as this module describes."""
    from fastapi.openapi.utils import get_openapi

    from shared.events import EVENT_ADAPTER

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, routes=app.routes,
                           description=app.description)
        spec["tags"] = [t for t in TAGS if any(
            t["name"] in op.get("tags", ()) for ops in spec.get("paths", {}).values()
            for op in ops.values())]
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = PROBLEM_SCHEMA
        event = EVENT_ADAPTER.json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(event.pop("$defs", {}))
        spec = _named_pages(spec)
        schemas = spec["components"]["schemas"]
        for path, operations in spec.get("paths", {}).items():
            for method, operation in operations.items():
                summary = _summary(operation)
                if summary:
                    operation["summary"] = summary
                answers = operation.setdefault("responses", {})
                codes = ["401", "403", "422", "500"]
                if "{" in path:
                    codes.append("404")
                if method in ("post", "put", "delete"):
                    codes.append("409")
                if path == "/api/v1/events":
                    codes.append("413")
                    operation["requestBody"] = {"required": True, "content": {
                        "application/json": {"schema": {
                            "type": "array", "maxItems": 10_000, "items": event}},
                        # NDJSON, sent as application/x-ndjson or text/plain; documented as the
                        # latter, which client generators know.
                        "text/plain": {"schema": {
                            "type": "string", "description": "NDJSON: one event a line "
                            "(also as application/x-ndjson)"}}}}
                for code in codes:
                    answers[code] = {"description": _PROBLEMS[code], "content": {
                        PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"},
                                             "example": _PROBLEM_EXAMPLE | {
                                                 "status": int(code)}}}}
                _exemplify(operation, schemas)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def _named_pages(spec: dict[str, Any]) -> dict[str, Any]:
    """A page of a list named as its title says (`AlertPage`), not as the generic's
    parameters spell it (`Page_Alert_`): the name a generated client's class takes."""
    import json

    text = json.dumps(spec)
    schemas = spec["components"]["schemas"]
    for key, schema in list(schemas.items()):
        title = schema.get("title", key)
        if key.startswith("Page_") and title not in schemas:
            text = text.replace(f'"#/components/schemas/{key}"', f'"#/components/schemas/{title}"')
    renamed: dict[str, Any] = json.loads(text)
    renamed["components"]["schemas"] = {
        (s.get("title", k) if k.startswith("Page_") else k): s
        for k, s in renamed["components"]["schemas"].items()}
    return renamed


def _exemplify(operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    """An example of the operation's body and of its answer."""
    body = _json_content(operation.get("requestBody", {}))
    if body is not None and "schema" in body:
        body["example"] = example_of(body["schema"], schemas)
    for code, answer in operation.get("responses", {}).items():
        content = _json_content(answer)
        if code.startswith("2") and content is not None and content.get("schema"):
            content["example"] = example_of(content["schema"], schemas)

"""The state e-appeals system's CSV/XLSX export of appeals, read as `appeal.*` events.

One row is one appeal and what has been done on it: its receipt, and, where the row's cells
say so, the extension, the applicant told of it, an inspection and its end, and the answer
(docs/decisions.md, "Appeals"). The columns are the export's own Russian headers (`COLUMNS`);
dates may be written `ДД.ММ.ГГГГ` or `YYYY-MM-DD`. Each event's id is made from the appeal's
number and the step, so that importing a newer export of the same appeals again takes only
what is new (the rest are duplicates), never a second appeal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pandas as pd

from shared.events import appeal_step_id

SOURCE = "e-otinish"
# The export's header → the field it fills ("applicant.kind" and the like are nested).
COLUMNS = {
    "Номер обращения": "appeal_id",
    "Дата поступления": "received_on",
    "Регион": "region",
    "Район": "district",
    "Судебный исполнитель": "bailiff_id",
    "Исполнительное производство": "proceeding_id",
    "Вид заявителя": "applicant.kind",
    "Заявитель": "applicant.name",
    "ИИН/БИН заявителя": "applicant.iin_bin",
    "Краткое содержание": "summary",
    "Дата продления": "extended_on",
    "Продлено до": "extended_until",
    "Основание продления": "extension_reason",
    "Дата уведомления о продлении": "notified_on",
    "Дата назначения проверки": "inspection_ordered_on",
    "Дата окончания проверки": "inspection_ended_on",
    "Дата ответа": "answered_on",
    "Результат": "result",
    "Текст ответа": "answer_text",
}
APPLICANT_KINDS = {"физическое лицо": "individual", "юридическое лицо": "legal_entity"}
RESULTS = {"удовлетворено": "satisfied", "удовлетворено частично": "partly",
           "частично удовлетворено": "partly", "отказано": "rejected",
           "оставлено без удовлетворения": "rejected", "разъяснено": "explained"}
_DOTTED = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$")


class ExportError(ValueError):
    """An export whose header this reader does not know."""


def _day(text: str) -> str:
    """A date as the contract writes it; anything else is left for validation to name."""
    dotted = _DOTTED.match(text)
    if dotted:
        return f"{dotted.group(3)}-{dotted.group(2)}-{dotted.group(1)}"
    midnight = _MIDNIGHT.match(text)
    return midnight.group(1) if midnight else text


def check_header(table: pd.DataFrame) -> None:
    headers = {str(c).strip() for c in table.columns}
    missing = [h for h in ("Номер обращения", "Дата поступления", "Регион",
                           "Судебный исполнитель", "Заявитель") if h not in headers]
    if missing:
        raise ExportError(f"not an e-appeals export: no column {', '.join(missing)} "
                          f"(the columns it reads: {', '.join(COLUMNS)})")


def rows_as_appeal_events(table: pd.DataFrame) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(row number as a spreadsheet shows it, the row's events) for every row."""
    check_header(table)
    columns = [COLUMNS.get(str(c).strip()) for c in table.columns]
    for position, values in enumerate(table.itertuples(index=False, name=None)):
        cells = {field: str(value).strip() for field, value in zip(columns, values, strict=True)
                 if field is not None and str(value).strip()}
        yield position + 2, _events(cells)


def _events(cells: dict[str, str]) -> list[dict[str, Any]]:
    number = cells.get("appeal_id", "")

    def made(step: str, on_field: str, **fields: Any) -> dict[str, Any]:
        return {"event_id": appeal_step_id(number, step, f"{SOURCE}-"), "type": f"appeal.{step}",
                "occurred_on": _day(cells.get(on_field, "")), "appeal_id": number,
                "source": SOURCE, **{k: v for k, v in fields.items() if v is not None}}

    kind = cells.get("applicant.kind", "физическое лицо").lower()
    applicant = {"kind": APPLICANT_KINDS.get(kind, kind), "name": cells.get("applicant.name"),
                 "iin_bin": cells.get("applicant.iin_bin")}
    events = [made("received", "received_on", region=cells.get("region"),
                   district=cells.get("district"), bailiff_id=cells.get("bailiff_id"),
                   proceeding_id=cells.get("proceeding_id"),
                   applicant={k: v for k, v in applicant.items() if v is not None},
                   summary=cells.get("summary"))]
    if "extended_on" in cells or "extended_until" in cells:
        events.append(made("extended", "extended_on",
                           extended_until=_day(cells.get("extended_until", "")),
                           reason=cells.get("extension_reason")))
    for step, on_field in (("extension_notified", "notified_on"),
                           ("inspection_ordered", "inspection_ordered_on"),
                           ("inspection_ended", "inspection_ended_on")):
        if on_field in cells:
            events.append(made(step, on_field))
    if "answered_on" in cells:
        result = cells.get("result", "").lower()
        events.append(made("answered", "answered_on", result=RESULTS.get(result, result),
                           text=cells.get("answer_text")))
    return events

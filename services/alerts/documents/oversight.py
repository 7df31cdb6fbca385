"""The report up the prosecutor hierarchy as a document: a district's to its regional office, a
region's to the General Prosecutor's Office, in Kazakh and Russian, XLSX and PDF
(docs/rules.md#reports-up-the-hierarchy). The figures are the report's as stored; this module
only lays them out, with the letterhead, number and signatory of every issued document."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from reportlab.lib.pagesizes import A4, landscape

from services.alerts.documents.render import (
    ACT_KINDS,
    LANGUAGE_TAGS,
    PDF,
    RESULTS,
    RULES,
    TEXT,
    XLSX,
    Cell,
    Issuer,
    Rendered,
    _day,
    _outgoing,
    _Pdf,
    _safe,
    _sheet,
)
from shared.legal.rules import BAILIFFS_BREACHES
from shared.legal.texts import ACT_OUTCOME_LABELS, in_language
from shared.regions import region_name

OVERSIGHT_TEXT: dict[str, dict[str, str]] = {
    "kk": {
        "title": "Атқарушылық іс жүргізу заңдылығын қадағалау нәтижелері туралы есеп",
        "gpo": "Қазақстан Республикасының Бас прокуратурасы",
        "regional_office": "Өңір прокуратурасы — {region}",
        "district_office": "{district} ауданының прокуратурасы ({region})",
        "from_office": "Есеп беретін прокуратура",
        "monthly": "айлық", "quarterly": "тоқсандық", "on_demand": "сұрау бойынша",
        "due_on": "Жіберу мерзімі", "sent_on": "Жіберілген күні",
        "summary": "Жиынтық көрсеткіштер", "indicator": "Көрсеткіш", "count": "Саны",
        "breaches_found": "Анықталған заң бұзушылықтар",
        "breaches_open": "оның ішінде жойылмағаны",
        "acts_total": "Енгізілген прокурорлық қадағалау актілері",
        "unanswered": "қарау нәтижесі хабарланбаған",
        "taken_to_court": "акт қабылданбаған соң сотқа жүгінілген",
        "sanctions_granted": "Санкция берілді",
        "sanctions_refused": "Санкция беруден бас тартылды",
        "sanctions_late": "Санкция беру туралы шешім қабылдау мерзімі бұзылды",
        "appeals_received": "Келіп түскен жолданымдар",
        "appeals_in_time": "мерзімінде қаралды", "appeals_late": "мерзімі бұзылып қаралды",
        "appeals_unanswered": "қаралуда", "appeals_past_term": "оның ішінде мерзімі өткені",
        "proposals": "Лицензия жөніндегі ұсынымдар",
        "districts": "Аудандар бойынша", "district": "Аудан",
        "by_rule": "Заң бұзушылықтар ережелер бойынша", "rule": "Ереже",
        "found": "Анықталды", "open": "Жойылмаған",
        "by_kind": "Актілер түрлері бойынша", "act_kind": "Актінің түрі",
        "bailiffs": "Заң бұзушылықтары ең көп сот орындаушылары",
        "bailiff_id": "Сот орындаушысының коды", "bailiff": "Сот орындаушысы",
        "breaches": "Заң бұзушылықтар",
        "district_reports": "Аудан прокуратураларының есептері", "timeliness": "Жағдайы",
        "in_time": "мерзімінде жіберілді", "late": "мерзімі бұзылып жіберілді",
        "pending": "мерзімі келмеген", "overdue": "жіберілмеген, мерзімі өткен",
        "missing_none": "Аудандардың есептері жоқ.",
        "none": "Кезеңде деректер жоқ.",
        "sheet_summary": "Жиынтық", "sheet_districts": "Аудандар", "sheet_rules": "Ережелер",
        "sheet_kinds": "Актілер", "sheet_bailiffs": "Сот орындаушылары",
        "sheet_reports": "Аудандардың есептері",
    },
    "ru": {
        "title": "Отчёт о результатах надзора за законностью исполнительного производства",
        "gpo": "Генеральная прокуратура Республики Казахстан",
        "regional_office": "Прокуратура региона — {region}",
        "district_office": "Прокуратура района {district} ({region})",
        "from_office": "Отчитывающаяся прокуратура",
        "monthly": "ежемесячный", "quarterly": "квартальный", "on_demand": "по запросу",
        "due_on": "Срок направления", "sent_on": "Дата направления",
        "summary": "Сводные показатели", "indicator": "Показатель", "count": "Количество",
        "breaches_found": "Выявлено нарушений",
        "breaches_open": "из них не устранено",
        "acts_total": "Внесено актов прокурорского надзора",
        "unanswered": "результат рассмотрения не сообщён",
        "taken_to_court": "с обращением в суд после непринятия акта",
        "sanctions_granted": "Санкция дана",
        "sanctions_refused": "В санкции отказано",
        "sanctions_late": "Нарушен срок принятия решения о санкции",
        "appeals_received": "Поступило обращений",
        "appeals_in_time": "рассмотрено в срок",
        "appeals_late": "рассмотрено с нарушением срока",
        "appeals_unanswered": "на рассмотрении", "appeals_past_term": "из них с истёкшим сроком",
        "proposals": "Предложения по лицензиям",
        "districts": "По районам", "district": "Район",
        "by_rule": "Нарушения по правилам", "rule": "Правило",
        "found": "Выявлено", "open": "Не устранено",
        "by_kind": "Акты по видам", "act_kind": "Вид акта",
        "bailiffs": "Судебные исполнители с наибольшим числом нарушений",
        "bailiff_id": "Код судебного исполнителя", "bailiff": "Судебный исполнитель",
        "breaches": "Нарушения",
        "district_reports": "Отчёты прокуратур районов", "timeliness": "Состояние",
        "in_time": "направлен в срок", "late": "направлен с нарушением срока",
        "pending": "срок не наступил", "overdue": "не направлен, срок истёк",
        "missing_none": "Отчётов районов нет.",
        "none": "За период данных нет.",
        "sheet_summary": "Сводка", "sheet_districts": "Районы", "sheet_rules": "Правила",
        "sheet_kinds": "Акты", "sheet_bailiffs": "Судебные исполнители",
        "sheet_reports": "Отчёты районов",
    },
}


@dataclass(slots=True)
class OfficeReportContent:
    level: str
    region: str
    district: str | None
    kind: str
    period_from: date
    period_to: date
    due_on: date | None
    made_on: date
    figures: dict[str, Any]
    number: str = ""
    issuer: Issuer = field(default_factory=Issuer)
    addressee: str | None = None  # the superior office's own name, where set


def _sender(c: OfficeReportContent, lang: str) -> str:
    o, region = OVERSIGHT_TEXT[lang], region_name(c.region, lang)
    if c.level == "district" and c.district:
        return o["district_office"].format(region=region, district=c.district)
    return o["regional_office"].format(region=region)


def _addressee(c: OfficeReportContent, lang: str) -> str:
    o = OVERSIGHT_TEXT[lang]
    if c.addressee:
        return c.addressee
    return o["regional_office"].format(region=region_name(c.region, lang)) \
        if c.level == "district" else o["gpo"]


def _period(c: OfficeReportContent, lang: str) -> str:
    return f"{_day(c.period_from)} — {_day(c.period_to)} ({OVERSIGHT_TEXT[lang][c.kind]})"


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _bailiffs_breaches(breaches: dict[str, dict[str, int]]) -> tuple[int, int]:
    """Breaches found and still open, of the bailiffs' rules only: the office's own late
    terms are counted in their own lines (sanctions, appeals), never as bailiffs' breaches."""
    cells = [cell for rule, cell in breaches.items() if rule in BAILIFFS_BREACHES]
    return sum(c["found"] for c in cells), sum(c["open"] for c in cells)


def _summary(figures: dict[str, Any], lang: str) -> list[list[Cell]]:
    o, results = OVERSIGHT_TEXT[lang], RESULTS[lang]
    recovered = in_language(ACT_OUTCOME_LABELS, lang)["recovered"]
    total = figures["total"]
    found, still = _bailiffs_breaches(total["breaches"])
    acts, appeals, sanctions = total["acts"], total["appeals"], total["sanctions"]
    return [
        [o["breaches_found"], found], [o["breaches_open"], still],
        [o["acts_total"], acts["total"]],
        *[[results[key], acts[key]] for key in ("satisfied", "partly", "rejected")],
        [o["unanswered"], acts["unanswered"]], [o["taken_to_court"], acts["taken_to_court"]],
        [recovered, float(acts["recovered_kzt"])],
        [o["sanctions_granted"], sanctions["granted"]],
        [o["sanctions_refused"], sanctions["refused"]],
        [o["sanctions_late"], sanctions["late"]],
        [o["appeals_received"], appeals["received"]],
        [o["appeals_in_time"], appeals["answered_in_time"]],
        [o["appeals_late"], appeals["answered_late"]],
        [o["appeals_unanswered"], appeals["unanswered"]],
        [o["appeals_past_term"], appeals["past_term"]],
        [o["proposals"], total["proposals"]],
    ]


def _districts(figures: dict[str, Any], lang: str) -> tuple[list[str], list[list[Cell]]]:
    o, results = OVERSIGHT_TEXT[lang], RESULTS[lang]
    recovered = in_language(ACT_OUTCOME_LABELS, lang)["recovered"]
    headers = [o["district"], o["breaches_found"], o["breaches_open"], o["acts_total"],
               results["satisfied"], results["partly"], results["rejected"], recovered,
               o["sanctions_granted"], o["sanctions_refused"], o["sanctions_late"],
               o["appeals_received"], o["appeals_in_time"], o["appeals_late"],
               o["appeals_past_term"], o["proposals"]]
    rows: list[list[Cell]] = []
    for row in figures["districts"]:
        acts, appeals, sanctions = row["acts"], row["appeals"], row["sanctions"]
        found, still = _bailiffs_breaches(row["breaches"])
        rows.append([
            row["district"] or "—", found, still, acts["total"],
            acts["satisfied"], acts["partly"], acts["rejected"], float(acts["recovered_kzt"]),
            sanctions["granted"], sanctions["refused"], sanctions["late"],
            appeals["received"], appeals["answered_in_time"], appeals["answered_late"],
            appeals["past_term"], row["proposals"]])
    return headers, rows


def _by_rule(figures: dict[str, Any], lang: str) -> tuple[list[str], list[list[Cell]]]:
    o, rules = OVERSIGHT_TEXT[lang], RULES[lang]
    return [o["rule"], o["found"], o["open"]], [
        [rules.get(rule, rule), cell["found"], cell["open"]]
        for rule, cell in figures["total"]["breaches"].items()]


def _by_kind(figures: dict[str, Any], lang: str) -> tuple[list[str], list[list[Cell]]]:
    o, kinds = OVERSIGHT_TEXT[lang], ACT_KINDS[lang]
    return [o["act_kind"], o["count"]], [
        [kinds.get(kind, kind), count]
        for kind, count in figures["total"]["acts"]["by_kind"].items()]


def _bailiffs(figures: dict[str, Any], lang: str) -> tuple[list[str], list[list[Cell]]]:
    o = OVERSIGHT_TEXT[lang]
    return [o["bailiff_id"], o["bailiff"], o["district"], o["breaches"]], [
        [b["bailiff_id"], b["name"] or "", b["district"] or "", b["breaches"]]
        for b in figures["bailiffs"]]


def _district_reports(figures: dict[str, Any],
                      lang: str) -> tuple[list[str], list[list[Cell]]]:
    o = OVERSIGHT_TEXT[lang]
    return [o["district"], o["due_on"], o["sent_on"], o["timeliness"]], [
        [r["district"], _iso(r["due_on"]), _iso(r["sent_on"]), o[r["timeliness"]]]
        for r in figures.get("district_reports", [])]


def _tables(c: OfficeReportContent,
            lang: str) -> list[tuple[str, str, tuple[list[str], list[list[Cell]]]]]:
    """(sheet, section title, table) in the order both documents give them."""
    o = OVERSIGHT_TEXT[lang]
    tables = [
        (o["sheet_summary"], o["summary"], ([o["indicator"], o["count"]],
                                            _summary(c.figures, lang))),
        (o["sheet_districts"], o["districts"], _districts(c.figures, lang)),
        (o["sheet_rules"], o["by_rule"], _by_rule(c.figures, lang)),
        (o["sheet_kinds"], o["by_kind"], _by_kind(c.figures, lang)),
        (o["sheet_bailiffs"], o["bailiffs"], _bailiffs(c.figures, lang)),
    ]
    if "district_reports" in c.figures:
        tables.append((o["sheet_reports"], o["district_reports"],
                       _district_reports(c.figures, lang)))
    return tables


def _details(c: OfficeReportContent, lang: str) -> list[list[Cell]]:
    t, o = TEXT[lang], OVERSIGHT_TEXT[lang]
    return [[t["issuer"], c.issuer.office(lang)], [t["outgoing_no"], c.number],
            [t["made_on"], c.made_on], [o["from_office"], _sender(c, lang)],
            [t["to"], _addressee(c, lang)], [t["period"], _period(c, lang)],
            [o["due_on"], c.due_on], [t["signatory"], c.issuer.position(lang)]]


def office_report_xlsx(c: OfficeReportContent, lang: str) -> bytes:
    """Each table at A1 of its own sheet, as the chambers' reports are laid out."""
    t, o = TEXT[lang], OVERSIGHT_TEXT[lang]
    book = Workbook(write_only=True)
    props = book.properties
    props.title, props.subject = o["title"], f"{_sender(c, lang)}, {_period(c, lang)}"
    props.creator = c.issuer.office(lang)
    props.language = LANGUAGE_TAGS[lang]
    for sheet, _title, (headers, rows) in _tables(c, lang):
        _sheet(book.create_sheet(sheet), headers, rows)
    _sheet(book.create_sheet(t["sheet_details"]), [t["detail"], t["value"]], _details(c, lang))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def office_report_pdf(c: OfficeReportContent, lang: str) -> bytes:
    t, o = TEXT[lang], OVERSIGHT_TEXT[lang]
    pdf = _Pdf(landscape(A4), lang, title=o["title"], author=c.issuer.office(lang),
               subject=f"{_sender(c, lang)}, {_period(c, lang)}", number=c.number)
    pdf.letterhead(c.issuer.office(lang), _outgoing(c.number, c.made_on, lang),
                   f"{t['to']}: {_addressee(c, lang)}")
    pdf.title(o["title"])
    pdf.line(f"{o['from_office']}: {_sender(c, lang)}")
    pdf.line(f"{t['period']}: {_period(c, lang)}")
    if c.due_on is not None:
        pdf.line(f"{o['due_on']}: {_day(c.due_on)}")
    for _sheet_name, title, (headers, rows) in _tables(c, lang):
        pdf.section(title)
        if rows:
            pdf.table(headers, rows)
        else:
            pdf.line(o["missing_none"] if title == o["district_reports"] else o["none"])
    pdf.signatory(c.issuer.position(lang), lang)
    return pdf.finish()


def render_office_report(c: OfficeReportContent, languages: Sequence[str]) -> list[Rendered]:
    place = c.region if not c.district else f"{c.region}-{c.district}"
    stem = f"oversight-{_safe(place)}-{c.kind}-{c.period_from:%Y%m%d}-{c.period_to:%Y%m%d}"
    return [doc for lang in languages for doc in (
        Rendered(f"{stem}-{lang}.xlsx", lang, XLSX, office_report_xlsx(c, lang)),
        Rendered(f"{stem}-{lang}.pdf", lang, PDF, office_report_pdf(c, lang)))]

"""Documents for chambers and the authorised body, in Kazakh and Russian: the breach report
(XLSX and PDF), the licence proposal (PDF and DOCX) and the notice to the chamber.

Each is a document a prosecutor's office signs and sends: it carries the issuing office, an
outgoing number and date, the addressee, the region's name in the document's language (never
its code) and a signatory block; PDFs number their pages "N of M" and carry their metadata.

PDFs embed DejaVu Sans (shipped in `fonts/`, Bitstream Vera licence): the standard PDF fonts
have no Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і). Table cells wrap, never cut: a reader must
see every licence number and id whole. Long tables are still drawn a column at a time, one text
object per column and page, with each cell measured once: a 50,000-row report renders in
seconds, where a flowing table layout takes minutes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from docx import Document as DocxDocument
from docx.document import Document as DocxFile
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shared.legal.texts import (
    ACT_KIND_NAMES,
    ACT_OUTCOME_LABELS,
    ANSWER_RESULT_NAMES,
    RULE_TITLES,
    in_language,
)
from shared.regions import region_name
from shared.settings import Policy

LANGUAGES = ("kk", "ru")


def languages_in(setting: str | None) -> list[str]:
    """The languages a recipient's setting names, in order; both where it names none."""
    return [x for x in (setting or "").split(",") if x in LANGUAGES] or list(LANGUAGES)


def checked_languages(setting: str) -> str:
    """A recipient's languages as given to `… set --languages`, checked."""
    chosen = [x.strip() for x in setting.split(",") if x.strip()]
    wrong = [x for x in chosen if x not in LANGUAGES]
    if wrong or not chosen:
        raise ValueError(f"--languages: a comma-separated choice of {', '.join(LANGUAGES)}")
    return ",".join(chosen)


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The documents' language as PDF /Lang, DOCX w:lang and XLSX properties declare it, so that a
# screen reader or a spelling checker reads Kazakh as Kazakh.
LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU"}

RULES = {lang: in_language(RULE_TITLES, lang) for lang in LANGUAGES}
ACT_KINDS = {lang: in_language(ACT_KIND_NAMES, lang) for lang in LANGUAGES}
RESULTS = {lang: in_language(ANSWER_RESULT_NAMES, lang) for lang in LANGUAGES}
STATES = {"kk": {"open": "орындалмаған", "late": "кешіктіріліп орындалған"},
          "ru": {"open": "не исполнено", "late": "исполнено с опозданием"}}

REPORT_KINDS = {
    "kk": {"weekly": "апталық", "monthly": "айлық", "on_demand": "сұрау бойынша",
           "licence_notice": "лицензия жөніндегі ұсыным туралы хабарлама",
           "certificate": "тексеру нәтижесі туралы анықтама"},
    "ru": {"weekly": "еженедельный", "monthly": "ежемесячный", "on_demand": "по запросу",
           "licence_notice": "уведомление о предложении по лицензии",
           "certificate": "справка о результатах проверки"},
}
WINDOWS = {
    "kk": {"calendar": "бір күнтізбелік жыл", "rolling-365": "кез келген 365 күн"},
    "ru": {"calendar": "одного календарного года", "rolling-365": "любых 365 дней"},
}
# The licence proposal is ұсыным / предложение (docs/glossary.md, item 8): ұсыныс is the
# statutory name of the prosecutor's representation and cannot name Qadagalau's own proposal.
# It offers suspension or revocation (002 L300–312, L2027–2031); the prosecutor chooses.
TEXT: dict[str, dict[str, str]] = {
    "kk": {
        "report_title": "Жеке сот орындаушыларының заң бұзушылықтары туралы есеп",
        "chamber": "Жеке сот орындаушыларының өңірлік палатасы",
        "region": "Өңір", "period": "Кезең", "made_on": "Жасалған күні",
        "summary": "Сот орындаушылары бойынша жиынтық",
        "breaches": "Заң бұзушылықтар", "acts": "Прокурорлық қадағалау және ден қою актілері",
        "bailiff": "Сот орындаушысы", "bailiff_id": "Сот орындаушысының коды",
        "licence_no": "Лицензия №", "district": "Аудан", "rule": "Ереже",
        "proceeding": "Атқарушылық іс", "subject": "Мүлік / акт / қаулы",
        "due": "Мерзімнің соңғы күні", "state": "Жағдайы", "done_on": "Орындалған күні",
        "total": "Барлығы", "acts_year": "{year} жылғы актілер",
        "acts_window": "{start} — {end} актілері",
        "threshold": "Шек", "over": "Шектен асты", "yes": "иә", "no": "жоқ",
        "act_id": "Акт", "act_kind": "Актінің түрі", "registered_on": "Тіркелген күні",
        "response_due_on": "Қарау мерзімі",
        "answered_on": "Қарау нәтижесі хабарланған күні",
        "none": "Кезеңде заң бұзушылықтар анықталған жоқ.",
        "sheet_summary": "Жиынтық", "sheet_breaches": "Бұзушылықтар", "sheet_acts": "Актілер",
        "sheet_details": "Деректемелер", "detail": "Деректеме", "value": "Мәні",
        "issuer": "Шығарған орган", "outgoing_no": "Шығыс нөмірі",
        "outgoing": "Шығыс № {number}, {day} ж.", "footer_no": "Шығыс № {number}",
        "page": "{total} беттің {page}-беті",
        "to": "Кімге", "signatory": "Қол қоюшы",
        "signature": "(қолы)", "signer_name": "(тегі, аты, әкесінің аты (бар болса))",
        "signed_on": "Қол қойылған күні: «___» ______________ 20___ ж.",
        "proposal_title": "Жеке сот орындаушысы лицензиясының қолданылуын тоқтата тұру "
                          "немесе лицензиядан айыру туралы ұсыным",
        "about": "Жеке сот орындаушысы", "crossed_on": "Шектен асқан күні",
        "in_year": "{year} жылы", "in_window": "{start} — {end} аралығында",
        "proposal_body": (
            "{period} прокуратура органдары жеке сот орындаушысына қатысты {count} "
            "прокурорлық қадағалау актісін енгізді, бұл Qadagalau-да бапталған шектен "
            "({threshold}) асады. "
            "Шектен {crossed_on} күнгі {act_id} актісімен асты."),
        "measure": "Ұсынылатын шара (прокурор біреуін белгілейді)",
        "suspend": "лицензияның қолданылуын тоқтата тұру",
        "revoke": "лицензиядан айыру",
        "reasoning_title": "Ұсынымның негіздемесі",
        "reasoning": (
            "Жеке сот орындаушысына қатысты прокуратура органдары {window} ішінде енгізген "
            "қадағалау актілерінің саны {threshold} шектен асқан жағдайда оның лицензиясының "
            "қолданылуын тоқтата тұру немесе лицензиядан айыру ұсынылады. Бұл негіз № 261-IV "
            "Заңда көзделмеген; шек ({threshold}) пен кезең — Qadagalau-да бапталған қадағалау "
            "саясатының параметрлері. Актілер «Прокуратура туралы» Қазақстан Республикасының "
            "Конституциялық заңы бойынша енгізілген. Бұл құжат ұсыным болып табылады: шараны "
            "прокурор таңдайды, шешімді уәкілетті орган өз құзыреті шегінде, заңда "
            "белгіленген негіздер мен тәртіп бойынша қабылдайды."),
        "acts_list": "Қадағалау актілерінің тізбесі",
        "notice_title": "Жеке сот орындаушысы лицензиясының қолданылуын тоқтата тұру немесе "
                        "лицензиядан айыру туралы ұсыным жөніндегі хабарлама",
        "notice_body": (
            "Палата мүшесі — жеке сот орындаушысына қатысты {period} {count} прокурорлық "
            "қадағалау актісі енгізілді (шек: {threshold}). Уәкілетті органға ({authority}) "
            "лицензияның қолданылуын тоқтата тұру немесе лицензиядан айыру туралы ұсыным "
            "дайындалды; шараны прокурор таңдайды, шешімді уәкілетті орган қабылдайды."),
        "number": "№",
    },
    "ru": {
        "report_title": "Отчёт о нарушениях частных судебных исполнителей",
        "chamber": "Региональная палата частных судебных исполнителей",
        "region": "Регион", "period": "Период", "made_on": "Дата составления",
        "summary": "Сводка по судебным исполнителям",
        "breaches": "Нарушения", "acts": "Акты прокурорского надзора и реагирования",
        "bailiff": "Судебный исполнитель", "bailiff_id": "Код судебного исполнителя",
        "licence_no": "Лицензия №", "district": "Район", "rule": "Правило",
        "proceeding": "Исполнительное производство", "subject": "Имущество / акт / постановление",
        "due": "Последний день срока", "state": "Состояние", "done_on": "Дата исполнения",
        "total": "Всего", "acts_year": "Акты за {year} год",
        "acts_window": "Акты за {start} — {end}",
        "threshold": "Порог", "over": "Порог превышен", "yes": "да", "no": "нет",
        "act_id": "Акт", "act_kind": "Вид акта", "registered_on": "Дата регистрации",
        "response_due_on": "Срок рассмотрения",
        "answered_on": "Дата сообщения о результатах рассмотрения",
        "none": "За период нарушений не выявлено.",
        "sheet_summary": "Сводка", "sheet_breaches": "Нарушения", "sheet_acts": "Акты",
        "sheet_details": "Реквизиты", "detail": "Реквизит", "value": "Значение",
        "issuer": "Издавший орган", "outgoing_no": "Исходящий номер",
        "outgoing": "Исх. № {number} от {day}", "footer_no": "Исх. № {number}",
        "page": "Страница {page} из {total}",
        "to": "Кому", "signatory": "Подписант",
        "signature": "(подпись)", "signer_name": "(фамилия, имя, отчество (при наличии))",
        "signed_on": "Дата подписания: «___» ______________ 20___ г.",
        "proposal_title": "Предложение о приостановлении действия лицензии частного "
                          "судебного исполнителя или о лишении лицензии",
        "about": "Частный судебный исполнитель", "crossed_on": "Дата превышения",
        "in_year": "в {year} году", "in_window": "в период с {start} по {end}",
        "proposal_body": (
            "{period} органами прокуратуры в отношении частного судебного исполнителя "
            "внесены акты прокурорского надзора (всего: {count}), что превышает порог "
            "({threshold}), заданный в настройках Qadagalau. Порог превышен актом {act_id} от "
            "{crossed_on}."),
        "measure": "Предлагаемая мера (прокурор отмечает одну)",
        "suspend": "приостановление действия лицензии",
        "revoke": "лишение лицензии",
        "reasoning_title": "Обоснование предложения",
        "reasoning": (
            "При внесении органами прокуратуры в отношении частного судебного исполнителя "
            "актов надзора сверх порога ({threshold}) в течение {window} предлагается "
            "приостановить действие его лицензии или лишить его лицензии. Такое основание "
            "Законом № 261-IV не предусмотрено; порог ({threshold}) и период — параметры "
            "надзорной политики, заданные в Qadagalau. Акты внесены в соответствии с "
            "Конституционным законом Республики Казахстан «О прокуратуре». Настоящий документ "
            "является предложением: меру выбирает прокурор, решение принимает уполномоченный "
            "орган в пределах компетенции, по основаниям и в порядке, установленным законом."),
        "acts_list": "Перечень актов надзора",
        "notice_title": "Уведомление о предложении приостановить действие лицензии частного "
                        "судебного исполнителя или лишить его лицензии",
        "notice_body": (
            "В отношении члена палаты — частного судебного исполнителя — {period} внесены "
            "акты прокурорского надзора (всего: {count}; порог: {threshold}). Подготовлено "
            "предложение уполномоченному органу ({authority}) о приостановлении действия "
            "лицензии или о лишении лицензии; меру выбирает прокурор, решение принимает "
            "уполномоченный орган."),
        "number": "№",
    },
}


# --- who issues ------------------------------------------------------------------------------


def _default(name: str) -> str:
    """A setting's default, read from its declaration so that it is written in one place."""
    return str(Policy.model_fields[name].default)


@dataclass(frozen=True, slots=True)
class Issuer:
    """The prosecutor's office that issues a document, and the position of who signs it, in
    each language (`QADAGALAU_ISSUER_KK/_RU`, `QADAGALAU_SIGNATORY_KK/_RU`)."""

    office_kk: str = field(default_factory=lambda: _default("issuer_kk"))
    office_ru: str = field(default_factory=lambda: _default("issuer_ru"))
    position_kk: str = field(default_factory=lambda: _default("signatory_kk"))
    position_ru: str = field(default_factory=lambda: _default("signatory_ru"))

    @classmethod
    def of(cls, policy: Policy) -> Issuer:
        return cls(policy.issuer_kk, policy.issuer_ru, policy.signatory_kk,
                   policy.signatory_ru)

    def office(self, lang: str) -> str:
        return self.office_kk if lang == "kk" else self.office_ru

    def position(self, lang: str) -> str:
        return self.position_kk if lang == "kk" else self.position_ru


def outgoing_number(series: str, ident: int, day: date) -> str:
    """The document's outgoing number: its year, its series (R a report, P a proposal, N a
    notice: their ids are counted apart) and its id. Derived, not counted, so a document
    rendered again carries the number it was sent under."""
    return f"{day.year}/{series}-{ident}"


# --- what a report holds ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BreachRow:
    rule: str
    bailiff_id: str
    proceeding_id: str | None
    subject: str | None
    due: date
    state: str
    done_on: date | None


@dataclass(frozen=True, slots=True)
class ActRow:
    act_id: str
    act_kind: str
    bailiff_id: str
    registered_on: date
    response_due_on: date | None
    answered_on: date | None
    # What the answer achieved, and going to court on an act rejected or left unconsidered.
    answer_result: str | None = None
    recovered_kzt: float | None = None
    court_filed_on: date | None = None


@dataclass(slots=True)
class MemberRow:
    bailiff_id: str
    name: str
    licence_no: str | None
    district: str
    breaches: dict[str, int] = field(default_factory=dict)
    acts_in_year: int = 0


@dataclass(slots=True)
class ReportContent:
    region: str
    chamber_name: str | None
    kind: str
    period_from: date
    period_to: date
    made_on: date
    year: int
    threshold: int
    members: list[MemberRow]
    breaches: list[BreachRow]
    acts: list[ActRow]
    window: tuple[date, date] | None = None  # the licence window counted, if not the year
    number: str = ""  # the outgoing number; see outgoing_number
    issuer: Issuer = field(default_factory=Issuer)


@dataclass(slots=True)
class ProposalContent:
    bailiff_id: str
    name: str
    licence_no: str | None
    region: str
    year: int
    crossed_on: date
    crossing_act: str
    threshold: int
    window: str
    authority: dict[str, str]
    acts: list[ActRow]
    made_on: date
    number: str = ""
    issuer: Issuer = field(default_factory=Issuer)
    period: tuple[date, date] | None = None  # the window counted, when not a calendar year


@dataclass(frozen=True, slots=True)
class Rendered:
    filename: str
    language: str
    media_type: str
    content: bytes


Cell = str | int | float | date | None


def _safe(name: str) -> str:
    """An id as part of a file name: letters (any script), digits, '-', '_' and '.' only."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip(".") or "_"


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, float):
        # A sum as Kazakh and Russian documents write it: 1 500 000,50.
        return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return str(value)


def _outgoing(number: str, day: date, lang: str) -> str:
    return TEXT[lang]["outgoing"].format(number=number or "—", day=_day(day))


# --- the report ------------------------------------------------------------------------------


def render_report(content: ReportContent, languages: Sequence[str]) -> list[Rendered]:
    stem = f"report-{_safe(content.region)}-{content.kind}-{content.period_from:%Y%m%d}-" \
           f"{content.period_to:%Y%m%d}"
    out = []
    for lang in languages:
        out.append(Rendered(f"{stem}-{lang}.xlsx", lang, XLSX, report_xlsx(content, lang)))
        out.append(Rendered(f"{stem}-{lang}.pdf", lang, PDF, report_pdf(content, lang)))
    return out


def _summary_table(content: ReportContent, lang: str) -> tuple[list[str], list[list[Cell]]]:
    t = TEXT[lang]
    rules = sorted({rule for m in content.members for rule in m.breaches})
    headers = [t["bailiff_id"], t["bailiff"], t["licence_no"], t["district"],
               *[RULES[lang].get(r, r) for r in rules], t["total"],
               t["acts_year"].format(year=content.year) if content.window is None else
               t["acts_window"].format(start=_day(content.window[0]),
                                       end=_day(content.window[1])),
               t["threshold"], t["over"]]
    rows: list[list[Cell]] = []
    for m in content.members:
        counts = [m.breaches.get(r, 0) for r in rules]
        # Counts as numbers, so that a chamber can sum and sort them; ids stay text.
        rows.append([m.bailiff_id, m.name, m.licence_no or "", m.district, *counts,
                     sum(counts), m.acts_in_year, content.threshold,
                     t["yes"] if m.acts_in_year > content.threshold else t["no"]])
    return headers, rows


def _breach_table(content: ReportContent, lang: str) -> tuple[list[str], list[list[Cell]]]:
    t, rules, states = TEXT[lang], RULES[lang], STATES[lang]
    headers = [t["rule"], t["bailiff_id"], t["proceeding"], t["subject"], t["due"],
               t["state"], t["done_on"]]
    rows: list[list[Cell]] = [
        [rules.get(b.rule, b.rule), b.bailiff_id, b.proceeding_id or "", b.subject or "",
         b.due, states.get(b.state, b.state), b.done_on] for b in content.breaches]
    return headers, rows


def _act_table(acts: Sequence[ActRow], lang: str,
               numbered: bool = False) -> tuple[list[str], list[list[Cell]]]:
    t, kinds, results = TEXT[lang], ACT_KINDS[lang], RESULTS[lang]
    outcome = in_language(ACT_OUTCOME_LABELS, lang)
    headers = [t["act_id"], t["act_kind"], t["bailiff_id"], t["registered_on"],
               t["response_due_on"], t["answered_on"], outcome["result"], outcome["recovered"],
               outcome["court_filed_on"]]
    rows: list[list[Cell]] = [
        [a.act_id, kinds.get(a.act_kind, a.act_kind), a.bailiff_id, a.registered_on,
         a.response_due_on, a.answered_on,
         results.get(a.answer_result or "unknown", a.answer_result) if a.answered_on else "",
         a.recovered_kzt, a.court_filed_on] for a in acts]
    if numbered:
        headers = [t["number"], *headers]
        rows = [[i, *row] for i, row in enumerate(rows, 1)]
    return headers, rows


def _chamber(content: ReportContent, lang: str) -> str:
    t = TEXT[lang]
    region = region_name(content.region, lang)
    return f"{content.chamber_name} ({region})" if content.chamber_name else \
        f"{t['chamber']} — {region}"


def _period(content: ReportContent, lang: str) -> str:
    return (f"{_day(content.period_from)} — {_day(content.period_to)} "
            f"({REPORT_KINDS[lang].get(content.kind, content.kind)})")


def _heading_lines(content: ReportContent, lang: str) -> list[str]:
    t = TEXT[lang]
    return [f"{t['region']}: {region_name(content.region, lang)}",
            f"{t['period']}: {_period(content, lang)}"]


def report_xlsx(content: ReportContent, lang: str) -> bytes:
    """Each table at A1 of its own sheet, so that a chamber can sort, filter and sum it as it
    is; the document's particulars (issuer, number, addressee) on a sheet of their own."""
    t = TEXT[lang]
    book = Workbook(write_only=True)
    props = book.properties
    props.title, props.subject = t["report_title"], _chamber(content, lang)
    props.creator = content.issuer.office(lang)
    props.language = LANGUAGE_TAGS[lang]
    details: list[list[Cell]] = [
        [t["issuer"], content.issuer.office(lang)],
        [t["outgoing_no"], content.number],
        [t["made_on"], content.made_on],
        [t["to"], _chamber(content, lang)],
        [t["region"], region_name(content.region, lang)],
        [t["period"], _period(content, lang)],
        [t["signatory"], content.issuer.position(lang)],
    ]
    for title, (headers, rows) in (
        (t["sheet_summary"], _summary_table(content, lang)),
        (t["sheet_breaches"], _breach_table(content, lang)),
        (t["sheet_acts"], _act_table(content.acts, lang)),
        (t["sheet_details"], ([t["detail"], t["value"]], details)),
    ):
        _sheet(book.create_sheet(title), headers, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_HEADER_FONT = Font(bold=True)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD.MM.YYYY"


def _sheet(sheet: WriteOnlyWorksheet, headers: list[str], rows: list[list[Cell]]) -> None:
    # A write-only sheet takes its layout before its first row.
    for index, header in enumerate(headers):
        longest = max((len(_text(row[index])) for row in rows), default=0)
        word = max((len(w) for w in header.split()), default=0)
        width = max(longest, word, min(len(header), 24), 6)
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(width, 60) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    sheet.print_title_rows = "1:1"
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font, cell.alignment = _HEADER_FONT, _HEADER_ALIGN
        head.append(cell)
    sheet.append(head)
    for row in rows:
        sheet.append([_date_cell(sheet, v) if isinstance(v, date) else v for v in row])


def _date_cell(sheet: WriteOnlyWorksheet, value: date) -> WriteOnlyCell:
    """A real date, shown as the documents write it, so that a chamber can sort by it."""
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = DATE_FORMAT
    return cell


def report_pdf(content: ReportContent, lang: str) -> bytes:
    t = TEXT[lang]
    pdf = _Pdf(landscape(A4), lang, title=t["report_title"],
               author=content.issuer.office(lang),
               subject=f"{_chamber(content, lang)}, {_period(content, lang)}",
               number=content.number)
    pdf.letterhead(content.issuer.office(lang), _outgoing(content.number, content.made_on, lang),
                   f"{t['to']}: {_chamber(content, lang)}")
    pdf.title(t["report_title"])
    for line in _heading_lines(content, lang):
        pdf.line(line)
    pdf.section(t["summary"])
    pdf.table(*_summary_table(content, lang))
    pdf.section(t["breaches"])
    if content.breaches:
        pdf.table(*_breach_table(content, lang))
    else:
        pdf.line(t["none"])
    if content.acts:
        pdf.section(t["acts"])
        pdf.table(*_act_table(content.acts, lang))
    pdf.signatory(content.issuer.position(lang), lang)
    return pdf.finish()


# --- the proposal and the notice -------------------------------------------------------------


def _in_period(p: ProposalContent, lang: str) -> str:
    t = TEXT[lang]
    if p.period is None or p.window == "calendar":
        return t["in_year"].format(year=p.year)
    return t["in_window"].format(start=_day(p.period[0]), end=_day(p.period[1]))


def _about(p: ProposalContent, lang: str) -> str:
    t = TEXT[lang]
    return f"{t['about']}: {p.name} ({p.bailiff_id}), {t['licence_no']} {p.licence_no or '—'}"


def _proposal_paragraphs(p: ProposalContent, lang: str) -> tuple[str, list[str], str]:
    t = TEXT[lang]
    heading = [_about(p, lang), f"{t['region']}: {region_name(p.region, lang)}",
               f"{t['crossed_on']}: {_day(p.crossed_on)}"]
    period = _in_period(p, lang)
    body = t["proposal_body"].format(period=period[:1].upper() + period[1:], count=len(p.acts),
                                     threshold=p.threshold, crossed_on=_day(p.crossed_on),
                                     act_id=p.crossing_act)
    reasoning = t["reasoning"].format(threshold=p.threshold,
                                      window=WINDOWS[lang].get(p.window, p.window))
    return body, heading, reasoning


def proposal_pdf(p: ProposalContent, lang: str) -> bytes:
    t = TEXT[lang]
    body, heading, reasoning = _proposal_paragraphs(p, lang)
    pdf = _Pdf(A4, lang, title=t["proposal_title"], author=p.issuer.office(lang),
               subject=_about(p, lang), number=p.number)
    pdf.letterhead(p.issuer.office(lang), _outgoing(p.number, p.made_on, lang),
                   f"{t['to']}: {p.authority[lang]}")
    pdf.title(t["proposal_title"])
    for line in heading:
        pdf.line(line)
    pdf.paragraph(body)
    pdf.section(t["acts_list"])
    pdf.table(*_act_table(p.acts, lang, numbered=True))
    pdf.section(t["measure"])
    for option in ("suspend", "revoke"):
        pdf.line(f"☐ {t[option]}")
    pdf.section(t["reasoning_title"])
    pdf.paragraph(reasoning)
    pdf.signatory(p.issuer.position(lang), lang)
    return pdf.finish()


def proposal_docx(p: ProposalContent, lang: str) -> bytes:
    t = TEXT[lang]
    body, heading, reasoning = _proposal_paragraphs(p, lang)
    doc = DocxDocument()
    props = doc.core_properties
    props.title, props.author, props.subject = (t["proposal_title"], p.issuer.office(lang),
                                                _about(p, lang))
    props.language, props.identifier = LANGUAGE_TAGS[lang], p.number
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    _docx_language(doc, lang)
    office = doc.add_paragraph()
    office.add_run(p.issuer.office(lang)).bold = True
    doc.add_paragraph(_outgoing(p.number, p.made_on, lang))
    addressee = doc.add_paragraph(f"{t['to']}: {p.authority[lang]}")
    addressee.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_heading(t["proposal_title"], level=1)
    for line in heading:
        doc.add_paragraph(line)
    doc.add_paragraph(body)
    doc.add_heading(t["acts_list"], level=2)
    headers, rows = _act_table(p.acts, lang, numbered=True)
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = _text(value)
    doc.add_heading(t["measure"], level=2)
    for option in ("suspend", "revoke"):
        doc.add_paragraph(f"☐ {t[option]}")
    doc.add_heading(t["reasoning_title"], level=2)
    doc.add_paragraph(reasoning)
    _docx_signatory(doc, p.issuer.position(lang), lang)
    _docx_page_numbers(doc, p.number, lang)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_language(doc: DocxFile, lang: str) -> None:
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), LANGUAGE_TAGS[lang])
    tag.set(qn("w:eastAsia"), LANGUAGE_TAGS[lang])
    rpr.append(tag)


def _repeat_header(row: Any) -> None:
    """The header row repeats on each page the table runs over."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _docx_signatory(doc: DocxFile, position: str, lang: str) -> None:
    t = TEXT[lang]
    doc.add_paragraph()
    block = doc.add_table(rows=2, cols=3)
    line = "_" * 22
    for cell, text in zip(block.rows[0].cells, (position, line, line), strict=True):
        cell.text = text
    for cell, text in zip(block.rows[1].cells, ("", t["signature"], t["signer_name"]),
                          strict=True):
        cell.text = text
    doc.add_paragraph(t["signed_on"])


def _docx_page_numbers(doc: DocxFile, number: str, lang: str) -> None:
    """'N of M' in the footer, as Word fields (PAGE, NUMPAGES) that Word counts itself."""
    t = TEXT[lang]
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The page text has both fields in either order: split it around them.
    parts: list[tuple[str, str]] = []
    text = t["page"]
    while "{" in text:
        before, _, rest = text.partition("{")
        name, _, text = rest.partition("}")
        parts.append((before, "PAGE" if name == "page" else "NUMPAGES"))
    paragraph.add_run(t["footer_no"].format(number=number or "—") + "    ")
    for before, code in parts:
        paragraph.add_run(before)
        run = paragraph.add_run()
        for kind, instruction in (("begin", None), (None, code), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {instruction} "
            run._r.append(element)
    paragraph.add_run(text)


def notice_pdf(p: ProposalContent, lang: str, number: str | None = None) -> bytes:
    t = TEXT[lang]
    number = p.number if number is None else number
    region = region_name(p.region, lang)
    pdf = _Pdf(A4, lang, title=t["notice_title"], author=p.issuer.office(lang),
               subject=_about(p, lang), number=number)
    pdf.letterhead(p.issuer.office(lang), _outgoing(number, p.made_on, lang),
                   f"{t['to']}: {t['chamber']} — {region}")
    pdf.title(t["notice_title"])
    pdf.line(_about(p, lang))
    pdf.line(f"{t['region']}: {region}")
    pdf.paragraph(t["notice_body"].format(period=_in_period(p, lang), count=len(p.acts),
                                          threshold=p.threshold, authority=p.authority[lang]))
    pdf.section(t["acts_list"])
    pdf.table(*_act_table(p.acts, lang, numbered=True))
    pdf.signatory(p.issuer.position(lang), lang)
    return pdf.finish()


def render_proposal(p: ProposalContent, languages: Sequence[str]) -> list[Rendered]:
    stem = f"licence-proposal-{_safe(p.bailiff_id)}-{p.year}"
    out = []
    for lang in languages:
        out.append(Rendered(f"{stem}-{lang}.pdf", lang, PDF, proposal_pdf(p, lang)))
        out.append(Rendered(f"{stem}-{lang}.docx", lang, DOCX, proposal_docx(p, lang)))
    return out


def render_notice(p: ProposalContent, languages: Sequence[str],
                  number: str | None = None) -> list[Rendered]:
    """The notice to the chamber; `number` is its own outgoing number (the proposal's if
    not given)."""
    stem = f"licence-notice-{_safe(p.bailiff_id)}-{p.year}"
    return [Rendered(f"{stem}-{lang}.pdf", lang, PDF, notice_pdf(p, lang, number))
            for lang in languages]


# --- a small PDF writer ----------------------------------------------------------------------

FONT, BOLD = "QadagalauSans", "QadagalauSans-Bold"


@cache
def _fonts() -> None:
    folder = resources.files("services.alerts.documents") / "fonts"
    for name, filename in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        with resources.as_file(folder / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))


class _Canvas(Canvas):  # type: ignore[misc]  # reportlab ships no type information
    """A canvas that keeps its pages until it is saved: only then is the number of pages
    known, and each footer can say "N of M"."""

    def __init__(self, buffer: io.BytesIO, footer: Callable[[int, int], tuple[str, str]],
                 **options: Any) -> None:
        super().__init__(buffer, **options)
        self._kept: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:  # reportlab's name, overridden
        self._kept.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._kept)
        width, _ = self._pagesize
        for number, state in enumerate(self._kept, 1):
            self.__dict__.update(state)
            left, right = self._footer(number, total)
            self.setFillGray(0)
            self.setFont(FONT, 7)
            self.drawString(_Pdf.MARGIN, _Pdf.MARGIN / 2, left)
            self.drawRightString(width - _Pdf.MARGIN, _Pdf.MARGIN / 2, right)
            super().showPage()
        super().save()


class _Pdf:
    """Pages top to bottom: a letterhead, titles, wrapped paragraphs, tables that run across
    pages with their header repeated, and a signatory block."""

    MARGIN, SIZE, LEADING, PAD = 36.0, 8.0, 10.0, 2.0

    def __init__(self, pagesize: tuple[float, float], lang: str, *, title: str, author: str,
                 subject: str, number: str) -> None:
        _fonts()
        t = TEXT[lang]
        self.buffer = io.BytesIO()

        def footer(page: int, total: int) -> tuple[str, str]:
            return (t["footer_no"].format(number=number or "—"),
                    t["page"].format(page=page, total=total))

        self.canvas = _Canvas(self.buffer, footer, pagesize=pagesize, pageCompression=1,
                              lang=LANGUAGE_TAGS[lang])
        self.canvas.setTitle(title)
        self.canvas.setAuthor(author)
        self.canvas.setSubject(subject)
        self.canvas.setCreator("Qadagalau")
        self.canvas.setKeywords(number)
        self.width, self.height = pagesize
        self.y = self.height - self.MARGIN

    def _new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.height - self.MARGIN

    def _room(self, needed: float) -> None:
        if self.y - needed < self.MARGIN:
            self._new_page()

    def letterhead(self, office: str, outgoing: str, addressee: str) -> None:
        half = (self.width - 2 * self.MARGIN) / 2
        for part in _wrap(office, BOLD, 10, half * 1.3):
            self.canvas.setFont(BOLD, 10)
            self.canvas.drawString(self.MARGIN, self.y - 10, part)
            self.y -= 13
        self.canvas.setFont(FONT, 9)
        self.canvas.drawString(self.MARGIN, self.y - 9, outgoing)
        self.y -= 16
        for part in _wrap(addressee, FONT, 9, half):
            self.canvas.setFont(FONT, 9)
            self.canvas.drawString(self.width - self.MARGIN - half, self.y - 9, part)
            self.y -= 12
        self.y -= 8

    def title(self, text: str) -> None:
        for part in _wrap(text, BOLD, 13, self.width - 2 * self.MARGIN):
            self._room(17)
            self.canvas.setFont(BOLD, 13)
            self.canvas.drawString(self.MARGIN, self.y - 13, part)
            self.y -= 17
        self.y -= 4

    def section(self, text: str) -> None:
        self._room(30)
        self.y -= 6
        for part in _wrap(text, BOLD, 10, self.width - 2 * self.MARGIN):
            self.canvas.setFont(BOLD, 10)
            self.canvas.drawString(self.MARGIN, self.y - 10, part)
            self.y -= 13
        self.y -= 2

    def line(self, text: str) -> None:
        self.paragraph(text, gap=0)

    def paragraph(self, text: str, gap: float = 4) -> None:
        for part in _wrap(text, FONT, 9, self.width - 2 * self.MARGIN):
            self._room(12)
            self.canvas.setFont(FONT, 9)
            self.canvas.drawString(self.MARGIN, self.y - 9, part)
            self.y -= 12
        self.y -= gap

    def signatory(self, position: str, lang: str) -> None:
        """Position, a line to sign on and a line for the signer's name, and the date of
        signature: filled in by hand (or by the e-signature's stamp) when signed."""
        t = TEXT[lang]
        usable = self.width - 2 * self.MARGIN
        lines = _wrap(position, BOLD, 10, usable * 0.4)
        self._room(len(lines) * 13 + 60)
        self.y -= 24
        top = self.y
        for part in lines:
            self.canvas.setFont(BOLD, 10)
            self.canvas.drawString(self.MARGIN, self.y - 10, part)
            self.y -= 13
        self.canvas.setLineWidth(0.5)
        for x, label in ((self.MARGIN + usable * 0.45, t["signature"]),
                         (self.MARGIN + usable * 0.72, t["signer_name"])):
            self.canvas.line(x, top - 12, x + usable * 0.24, top - 12)
            self.canvas.setFont(FONT, 7)
            self.canvas.drawCentredString(x + usable * 0.12, top - 21, label)
        self.y = min(self.y, top - 24) - 10
        self.paragraph(t["signed_on"])

    def table(self, headers: list[str], values: list[list[Cell]]) -> None:
        pad, usable = self.PAD, self.width - 2 * self.MARGIN
        rows = [[_text(v) for v in row] for row in values]
        # A wide table (a column for each rule) is set smaller rather than break its words.
        for size in (self.SIZE, 7.0, 6.0):
            columns, whole = _columns(headers, rows, usable, size, pad)
            if whole:
                break
        lead = size * self.LEADING / self.SIZE
        xs = [self.MARGIN + sum(columns[:i]) for i in range(len(columns))]
        header_lines = [_wrap(h, BOLD, size, c - 2 * pad)
                        for h, c in zip(headers, columns, strict=True)]
        header_height = max(len(lines) for lines in header_lines) * lead + 3
        cells = [[_wrap(v, FONT, size, c - 2 * pad) for v, c in zip(row, columns, strict=True)]
                 for row in rows]
        heights = [max(len(cell) for cell in row) for row in cells]
        start = 0
        while True:
            self._room(header_height + lead * (heights[start] if cells else 1))
            top = self.y
            self._header(xs, header_lines, header_height, size, lead)
            # As many whole rows as the page holds (at least one, however tall).
            room = int((self.y - self.MARGIN) // lead)
            end, used = start, 0
            while end < len(cells) and (end == start or used + heights[end] <= room):
                used += heights[end]
                end += 1
            for index, x in enumerate(xs):
                text = self.canvas.beginText(x + pad, self.y - size)
                text.setFont(FONT, size, lead)
                lines: list[str] = []
                for row, height in zip(cells[start:end], heights[start:end], strict=True):
                    lines.extend(row[index])
                    lines.extend([""] * (height - len(row[index])))
                text.textLines(lines)
                self.canvas.drawText(text)
            self.canvas.setLineWidth(0.2)
            self.canvas.setStrokeGray(0.7)
            y = self.y
            for height in heights[start:end]:
                y -= height * lead
                self.canvas.line(self.MARGIN, y + 0.5, self.MARGIN + usable, y + 0.5)
            for x in xs[1:]:
                self.canvas.line(x, top, x, y + 0.5)
            self.canvas.setStrokeGray(0)
            self.y = y - 4
            start = end
            if start >= len(cells):
                break
            self._new_page()

    def _header(self, xs: list[float], header_lines: list[list[str]], height: float,
                size: float, lead: float) -> None:
        self.canvas.setFillGray(0.9)
        self.canvas.rect(self.MARGIN, self.y - height, self.width - 2 * self.MARGIN, height,
                         stroke=0, fill=1)
        self.canvas.setFillGray(0)
        for x, lines in zip(xs, header_lines, strict=True):
            text = self.canvas.beginText(x + self.PAD, self.y - size)
            text.setFont(BOLD, size, lead)
            text.textLines(lines)
            self.canvas.drawText(text)
        self.y -= height

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


@lru_cache(maxsize=1 << 16)
def _width(text: str, font: str, size: float) -> float:
    # Remembered: reportlab measures in pure Python, and a report repeats its rule names,
    # states, dates and ids thousands of times; each cell is also measured twice (its column's
    # width, then its lines).
    return float(pdfmetrics.stringWidth(text, font, size))


def _columns(headers: list[str], rows: list[list[str]], usable: float, size: float,
             pad: float) -> tuple[list[float], bool]:
    """Column widths from the content, as a browser lays out a table: each column gets at
    least its longest word (an id, a licence number: these are not broken while they fit),
    then what is left goes to the columns whose text is longer than that. A word wider than
    30% of the page is broken between letters rather than starve the other columns. Also
    whether every word, the headers' too, is whole."""
    heads = [max((_width(w, BOLD, size) for w in h.split()), default=0.0) for h in headers]
    natural, minimum = list(heads), [0.0] * len(headers)
    for row in rows:
        for index, value in enumerate(row):
            if not value:
                continue
            width = _width(value, FONT, size)
            if width > natural[index]:
                natural[index] = width
            if width > minimum[index]:  # only then can its longest word be wider
                minimum[index] = max(minimum[index],
                                     max(_width(w, FONT, size) for w in value.split()))
    cap, edge = usable * 0.3, 2 * pad + 1
    # From the most room to the least: all text on one line; every word whole; the data's
    # words whole (a header's long word may then break between letters: a header is read
    # once, a licence number is copied).
    data = [min(m, cap) + edge for m in minimum]
    words = [max(d, min(h, cap) + edge) for d, h in zip(data, heads, strict=True)]
    lines = [max(n + edge, w) for n, w in zip(natural, words, strict=True)]
    if sum(lines) <= usable:
        return [w * usable / sum(lines) for w in lines], True
    for low, high in ((words, lines), (data, words)):
        if sum(low) <= usable:
            spare, flex = usable - sum(low), [h - lo for h, lo in zip(high, low, strict=True)]
            return ([lo + spare * f / sum(flex) for lo, f in zip(low, flex, strict=True)],
                    low is words)
    return [d * usable / sum(data) for d in data], False


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """The lines `text` takes in `width`: broken between words, and a word longer than the
    line between letters (after a '-', '/', '_' or '.' where one is near), never cut."""
    text = " ".join(text.split())
    if not text or _width(text, font, size) <= width:
        return [text]
    lines = []
    for line in simpleSplit(text, font, size, width):
        while len(line) > 1 and _width(line, font, size) > width:
            fit, used = 0, 0.0
            for char in line:
                used += _width(char, font, size)
                if used > width:
                    break
                fit += 1
            fit = max(fit, 1)
            softer = max(line.rfind(c, 0, fit) for c in "-/_.") + 1
            cut = softer if softer > fit // 2 else fit
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines

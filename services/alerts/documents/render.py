"""Documents for chambers and the authorised body, in Kazakh and Russian: the breach report
(XLSX and PDF), the licence-suspension proposal (PDF and DOCX) and the notice to the chamber.

PDFs embed DejaVu Sans (shipped in `fonts/`, Bitstream Vera licence): the standard PDF fonts
have no Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і). Long tables are drawn a column at a time, one
text object per column and page: a 50,000-row report renders in seconds, where a flowing table
layout takes minutes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from docx import Document as DocxDocument
from docx.shared import Pt
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shared.legal.texts import ACT_KIND_NAMES, RULE_TITLES, in_language

LANGUAGES = ("kk", "ru")
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

RULES = {lang: in_language(RULE_TITLES, lang) for lang in LANGUAGES}
ACT_KINDS = {lang: in_language(ACT_KIND_NAMES, lang) for lang in LANGUAGES}
STATES = {"kk": {"open": "орындалмаған", "late": "кешіктіріліп орындалған"},
          "ru": {"open": "не исполнено", "late": "исполнено с опозданием"}}

REPORT_KINDS = {
    "kk": {"weekly": "апталық", "monthly": "айлық", "on_demand": "сұрау бойынша",
           "licence_notice": "лицензия туралы хабарлама"},
    "ru": {"weekly": "еженедельный", "monthly": "ежемесячный", "on_demand": "по запросу",
           "licence_notice": "уведомление о лицензии"},
}
WINDOWS = {
    "kk": {"calendar": "бір күнтізбелік жыл", "rolling-365": "кез келген 365 күн"},
    "ru": {"calendar": "одного календарного года", "rolling-365": "любых 365 дней"},
}
TEXT: dict[str, dict[str, str]] = {
    "kk": {
        "report_title": "Жеке сот орындаушыларының заң бұзушылықтары туралы есеп",
        "chamber": "Жеке сот орындаушыларының өңірлік палатасы",
        "region": "Өңір", "period": "Кезең", "made_on": "Жасалған күні",
        "summary": "Сот орындаушылары бойынша жиынтық",
        "breaches": "Заң бұзушылықтар", "acts": "Прокурорлық қадағалау актілері",
        "bailiff": "Сот орындаушысы", "bailiff_id": "Сот орындаушысының коды",
        "licence_no": "Лицензия №", "district": "Аудан", "rule": "Ереже",
        "proceeding": "Атқарушылық іс", "subject": "Мүлік / акт / қаулы",
        "due": "Мерзімнің соңғы күні", "state": "Жағдайы", "done_on": "Орындалған күні",
        "total": "Барлығы", "acts_year": "{year} жылғы актілер",
        "acts_window": "{start} — {end} актілері",
        "threshold": "Шек", "over": "Шектен асты", "yes": "иә", "no": "жоқ",
        "act_id": "Акт", "act_kind": "Актінің түрі", "registered_on": "Тіркелген күні",
        "response_due_on": "Жауап беру мерзімі", "answered_on": "Жауап берілген күні",
        "none": "Кезеңде заң бұзушылықтар анықталған жоқ.",
        "sheet_summary": "Жиынтық", "sheet_breaches": "Бұзушылықтар", "sheet_acts": "Актілер",
        "proposal_title": "Жеке сот орындаушысы лицензиясының қолданылуын тоқтата тұру "
                          "туралы ұсыныс",
        "to": "Кімге", "about": "Жеке сот орындаушысы", "crossed_on": "Шектен асқан күні",
        "proposal_body": (
            "{year} жылы прокуратура органдары жеке сот орындаушысына қатысты {count} "
            "прокурорлық қадағалау актісін енгізді, бұл белгіленген шектен ({threshold}) асады. "
            "Шектен {crossed_on} күнгі {act_id} актісімен асты."),
        "reasoning_title": "Құқықтық негіздеме",
        "reasoning": (
            "Жеке сот орындаушысына қатысты прокуратура органдары {window} ішінде {threshold} "
            "актіден астам қадағалау актісін енгізген жағдайда оның лицензиясының қолданылуын "
            "тоқтата тұру ұсынылады. Бұл шекті атқарушылық іс жүргізуге прокурорлық қадағалау "
            "туралы магистрлік диссертация ұсынған; ол әлі заңда бекітілмеген, Qadagalau оны "
            "қадағалау саясатының баптауы ретінде қолданады (шек пен кезең — баптаулар). "
            "Актілер «Прокуратура туралы» Қазақстан Республикасының Конституциялық заңы бойынша "
            "енгізілген. Бұл құжат ұсыныс болып табылады: лицензияның қолданылуын тоқтата тұру "
            "туралы шешімді уәкілетті орган қабылдайды."),
        "acts_list": "Қадағалау актілерінің тізбесі",
        "notice_title": "Жеке сот орындаушысы лицензиясының қолданылуын тоқтата тұру туралы "
                        "ұсыныс жөніндегі хабарлама",
        "notice_body": (
            "Палата мүшесі — жеке сот орындаушысына қатысты {year} жылы {count} прокурорлық "
            "қадағалау актісі енгізілді (шек: {threshold}). Уәкілетті органға ({authority}) "
            "лицензияның қолданылуын тоқтата тұру туралы ұсыныс жасалды."),
        "number": "№",
    },
    "ru": {
        "report_title": "Отчёт о нарушениях частных судебных исполнителей",
        "chamber": "Региональная палата частных судебных исполнителей",
        "region": "Регион", "period": "Период", "made_on": "Дата составления",
        "summary": "Сводка по судебным исполнителям",
        "breaches": "Нарушения", "acts": "Акты прокурорского надзора",
        "bailiff": "Судебный исполнитель", "bailiff_id": "Код судебного исполнителя",
        "licence_no": "Лицензия №", "district": "Район", "rule": "Правило",
        "proceeding": "Исполнительное производство", "subject": "Имущество / акт / постановление",
        "due": "Последний день срока", "state": "Состояние", "done_on": "Дата исполнения",
        "total": "Всего", "acts_year": "Акты за {year} год",
        "acts_window": "Акты за {start} — {end}",
        "threshold": "Порог", "over": "Порог превышен", "yes": "да", "no": "нет",
        "act_id": "Акт", "act_kind": "Вид акта", "registered_on": "Дата регистрации",
        "response_due_on": "Срок ответа", "answered_on": "Дата ответа",
        "none": "За период нарушений не выявлено.",
        "sheet_summary": "Сводка", "sheet_breaches": "Нарушения", "sheet_acts": "Акты",
        "proposal_title": "Предложение о приостановлении действия лицензии частного "
                          "судебного исполнителя",
        "to": "Кому", "about": "Частный судебный исполнитель", "crossed_on": "Дата превышения",
        "proposal_body": (
            "В {year} году органами прокуратуры в отношении частного судебного исполнителя "
            "внесены акты прокурорского надзора (всего: {count}), что превышает установленный "
            "порог ({threshold}). Порог превышен актом {act_id} от {crossed_on}."),
        "reasoning_title": "Правовое обоснование",
        "reasoning": (
            "При внесении органами прокуратуры в отношении частного судебного исполнителя "
            "актов надзора сверх порога ({threshold}) в течение {window} предлагается "
            "приостановить действие его лицензии. Этот порог предложен в магистерской "
            "диссертации о прокурорском надзоре за исполнительным производством и законом пока "
            "не установлен; Qadagalau применяет его как параметр политики надзора (порог и "
            "период — настройки). Акты внесены в соответствии с Конституционным законом "
            "Республики Казахстан «О прокуратуре». Настоящий документ является предложением: "
            "решение о приостановлении действия лицензии принимает уполномоченный орган."),
        "acts_list": "Перечень актов надзора",
        "notice_title": "Уведомление о предложении приостановить действие лицензии частного "
                        "судебного исполнителя",
        "notice_body": (
            "В отношении члена палаты — частного судебного исполнителя — в {year} году внесены "
            "акты прокурорского надзора (всего: {count}; порог: {threshold}). Подготовлено "
            "предложение уполномоченному органу ({authority}) о приостановлении действия "
            "лицензии."),
        "number": "№",
    },
}


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


@dataclass(frozen=True, slots=True)
class Rendered:
    filename: str
    language: str
    media_type: str
    content: bytes


def _safe(name: str) -> str:
    """An id as part of a file name: letters (any script), digits, '-', '_' and '.' only."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip(".") or "_"


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


# --- the report ------------------------------------------------------------------------------


def render_report(content: ReportContent, languages: Sequence[str]) -> list[Rendered]:
    stem = f"report-{_safe(content.region)}-{content.kind}-{content.period_from:%Y%m%d}-" \
           f"{content.period_to:%Y%m%d}"
    out = []
    for lang in languages:
        out.append(Rendered(f"{stem}-{lang}.xlsx", lang, XLSX, report_xlsx(content, lang)))
        out.append(Rendered(f"{stem}-{lang}.pdf", lang, PDF, report_pdf(content, lang)))
    return out


def _summary_table(content: ReportContent, lang: str) -> tuple[list[str], list[list[str]]]:
    t = TEXT[lang]
    rules = sorted({rule for m in content.members for rule in m.breaches})
    headers = [t["bailiff_id"], t["bailiff"], t["licence_no"], t["district"],
               *[RULES[lang].get(r, r) for r in rules], t["total"],
               t["acts_year"].format(year=content.year) if content.window is None else
               t["acts_window"].format(start=_day(content.window[0]),
                                       end=_day(content.window[1])),
               t["threshold"], t["over"]]
    rows = []
    for m in content.members:
        counts = [m.breaches.get(r, 0) for r in rules]
        rows.append([m.bailiff_id, m.name, m.licence_no or "", m.district,
                     *map(str, counts), str(sum(counts)), str(m.acts_in_year),
                     str(content.threshold),
                     t["yes"] if m.acts_in_year > content.threshold else t["no"]])
    return headers, rows


def _breach_table(content: ReportContent, lang: str) -> tuple[list[str], list[list[str]]]:
    t, rules, states = TEXT[lang], RULES[lang], STATES[lang]
    headers = [t["rule"], t["bailiff_id"], t["proceeding"], t["subject"], t["due"],
               t["state"], t["done_on"]]
    rows = [[rules.get(b.rule, b.rule), b.bailiff_id, b.proceeding_id or "", b.subject or "",
             _day(b.due), states.get(b.state, b.state), _day(b.done_on)]
            for b in content.breaches]
    return headers, rows


def _act_table(acts: Sequence[ActRow], lang: str,
               numbered: bool = False) -> tuple[list[str], list[list[str]]]:
    t, kinds = TEXT[lang], ACT_KINDS[lang]
    headers = [t["act_id"], t["act_kind"], t["bailiff_id"], t["registered_on"],
               t["response_due_on"], t["answered_on"]]
    rows = [[a.act_id, kinds.get(a.act_kind, a.act_kind), a.bailiff_id, _day(a.registered_on),
             _day(a.response_due_on), _day(a.answered_on)] for a in acts]
    if numbered:
        headers = [t["number"], *headers]
        rows = [[str(i), *row] for i, row in enumerate(rows, 1)]
    return headers, rows


def _heading_lines(content: ReportContent, lang: str) -> list[str]:
    t = TEXT[lang]
    return [
        f"{t['chamber']}: {content.chamber_name or content.region}",
        f"{t['region']}: {content.region}",
        f"{t['period']}: {_day(content.period_from)} — {_day(content.period_to)} "
        f"({REPORT_KINDS[lang].get(content.kind, content.kind)})",
        f"{t['made_on']}: {_day(content.made_on)}",
    ]


def report_xlsx(content: ReportContent, lang: str) -> bytes:
    t = TEXT[lang]
    book = Workbook(write_only=True)
    for title, (headers, rows) in (
        (t["sheet_summary"], _summary_table(content, lang)),
        (t["sheet_breaches"], _breach_table(content, lang)),
        (t["sheet_acts"], _act_table(content.acts, lang)),
    ):
        sheet = book.create_sheet(title)
        if title == t["sheet_summary"]:
            sheet.append([t["report_title"]])
            for line in _heading_lines(content, lang):
                sheet.append([line])
            sheet.append([])
        sheet.append(headers)
        numeric_from = 4 if title == t["sheet_summary"] else len(headers)
        for row in rows:
            # Counts as numbers, so that a chamber can sum and sort them; ids stay text.
            sheet.append([int(v) if i >= numeric_from and v.isdigit() else v
                          for i, v in enumerate(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_pdf(content: ReportContent, lang: str) -> bytes:
    t = TEXT[lang]
    pdf = _Pdf(landscape(A4))
    pdf.title(t["report_title"])
    for line in _heading_lines(content, lang):
        pdf.line(line)
    pdf.section(t["summary"])
    headers, rows = _summary_table(content, lang)
    rules = len(headers) - 8
    pdf.table(headers, rows, widths=(1.3, 2.6, 1.1, 1.2, *[1.3] * rules, 0.8, 1.0, 0.7, 1.0))
    pdf.section(t["breaches"])
    if content.breaches:
        pdf.table(*_breach_table(content, lang), widths=(3, 1.6, 2, 1.6, 1.2, 1.6, 1.2))
    else:
        pdf.line(t["none"])
    if content.acts:
        pdf.section(t["acts"])
        pdf.table(*_act_table(content.acts, lang))
    return pdf.finish()


# --- the proposal and the notice -------------------------------------------------------------


def _proposal_paragraphs(p: ProposalContent, lang: str) -> tuple[str, list[str], str]:
    t = TEXT[lang]
    heading = [
        f"{t['to']}: {p.authority[lang]}",
        f"{t['about']}: {p.name} ({p.bailiff_id}), {t['licence_no']} {p.licence_no or '—'}",
        f"{t['region']}: {p.region}",
        f"{t['crossed_on']}: {_day(p.crossed_on)}",
    ]
    body = t["proposal_body"].format(year=p.year, count=len(p.acts), threshold=p.threshold,
                                     crossed_on=_day(p.crossed_on), act_id=p.crossing_act)
    reasoning = t["reasoning"].format(threshold=p.threshold,
                                      window=WINDOWS[lang].get(p.window, p.window))
    return body, heading, reasoning


def proposal_pdf(p: ProposalContent, lang: str) -> bytes:
    t = TEXT[lang]
    body, heading, reasoning = _proposal_paragraphs(p, lang)
    pdf = _Pdf(A4)
    pdf.title(t["proposal_title"])
    for line in heading:
        pdf.line(line)
    pdf.paragraph(body)
    pdf.section(t["acts_list"])
    pdf.table(*_act_table(p.acts, lang, numbered=True), widths=(0.5, 2, 2.2, 1.6, 1.3, 1.3, 1.3))
    pdf.section(t["reasoning_title"])
    pdf.paragraph(reasoning)
    pdf.line(f"{t['made_on']}: {_day(p.made_on)}")
    return pdf.finish()


def proposal_docx(p: ProposalContent, lang: str) -> bytes:
    t = TEXT[lang]
    body, heading, reasoning = _proposal_paragraphs(p, lang)
    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    doc.add_heading(t["proposal_title"], level=1)
    for line in heading:
        doc.add_paragraph(line)
    doc.add_paragraph(body)
    doc.add_heading(t["acts_list"], level=2)
    headers, rows = _act_table(p.acts, lang, numbered=True)
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_heading(t["reasoning_title"], level=2)
    doc.add_paragraph(reasoning)
    doc.add_paragraph(f"{t['made_on']}: {_day(p.made_on)}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def notice_pdf(p: ProposalContent, lang: str) -> bytes:
    t = TEXT[lang]
    pdf = _Pdf(A4)
    pdf.title(t["notice_title"])
    pdf.line(f"{t['about']}: {p.name} ({p.bailiff_id}), {t['licence_no']} {p.licence_no or '—'}")
    pdf.paragraph(t["notice_body"].format(year=p.year, count=len(p.acts),
                                          threshold=p.threshold, authority=p.authority[lang]))
    pdf.section(t["acts_list"])
    pdf.table(*_act_table(p.acts, lang, numbered=True), widths=(0.5, 2, 2.2, 1.6, 1.3, 1.3, 1.3))
    pdf.line(f"{t['made_on']}: {_day(p.made_on)}")
    return pdf.finish()


def render_proposal(p: ProposalContent, languages: Sequence[str]) -> list[Rendered]:
    stem = f"licence-proposal-{_safe(p.bailiff_id)}-{p.year}"
    out = []
    for lang in languages:
        out.append(Rendered(f"{stem}-{lang}.pdf", lang, PDF, proposal_pdf(p, lang)))
        out.append(Rendered(f"{stem}-{lang}.docx", lang, DOCX, proposal_docx(p, lang)))
    return out


def render_notice(p: ProposalContent, languages: Sequence[str]) -> list[Rendered]:
    stem = f"licence-notice-{_safe(p.bailiff_id)}-{p.year}"
    return [Rendered(f"{stem}-{lang}.pdf", lang, PDF, notice_pdf(p, lang)) for lang in languages]


# --- a small PDF writer ----------------------------------------------------------------------

FONT, BOLD = "QadagalauSans", "QadagalauSans-Bold"


@cache
def _fonts() -> None:
    folder = resources.files("services.alerts.documents") / "fonts"
    for name, filename in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        with resources.as_file(folder / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))


class _Pdf:
    """Pages top to bottom: titles, wrapped paragraphs and tables that run across pages with
    their header repeated."""

    MARGIN, SIZE, LEADING = 36.0, 8.0, 11.0

    def __init__(self, pagesize: tuple[float, float]) -> None:
        _fonts()
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=pagesize, pageCompression=1)
        self.width, self.height = pagesize
        self.y = self.height - self.MARGIN
        self.page = 1
        self._footer()

    def _footer(self) -> None:
        self.canvas.setFont(FONT, 7)
        self.canvas.drawRightString(self.width - self.MARGIN, self.MARGIN / 2, str(self.page))

    def _new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - self.MARGIN
        self._footer()

    def _room(self, needed: float) -> None:
        if self.y - needed < self.MARGIN:
            self._new_page()

    def title(self, text: str) -> None:
        for part in simpleSplit(text, BOLD, 13, self.width - 2 * self.MARGIN):
            self._room(17)
            self.canvas.setFont(BOLD, 13)
            self.canvas.drawString(self.MARGIN, self.y - 13, part)
            self.y -= 17
        self.y -= 4

    def section(self, text: str) -> None:
        self._room(30)
        self.y -= 6
        self.canvas.setFont(BOLD, 10)
        self.canvas.drawString(self.MARGIN, self.y - 10, text)
        self.y -= 15

    def line(self, text: str) -> None:
        self.paragraph(text, gap=0)

    def paragraph(self, text: str, gap: float = 4) -> None:
        for part in simpleSplit(text, FONT, 9, self.width - 2 * self.MARGIN):
            self._room(12)
            self.canvas.setFont(FONT, 9)
            self.canvas.drawString(self.MARGIN, self.y - 9, part)
            self.y -= 12
        self.y -= gap

    def table(self, headers: list[str], rows: list[list[str]],
              widths: Sequence[float] | None = None) -> None:
        usable = self.width - 2 * self.MARGIN
        weights = list(widths) if widths else [1.0] * len(headers)
        total = sum(weights)
        columns = [usable * w / total for w in weights]
        xs = [self.MARGIN + sum(columns[:i]) for i in range(len(columns))]
        # Characters that fit a column at this size (DejaVu's widest common letters advance
        # ~0.62 em): cells are cut there, not measured one by one.
        fits = [max(3, int((c - 3) / (self.SIZE * 0.62))) for c in columns]
        header_lines = [simpleSplit(h, BOLD, self.SIZE, c - 3) for h, c in zip(headers, columns,
                                                                               strict=True)]
        header_height = max(len(lines) for lines in header_lines) * self.LEADING + 3
        start = 0
        while start < len(rows) or start == 0:
            self._room(header_height + self.LEADING)
            self._header(xs, header_lines, header_height)
            fit = max(1, int((self.y - self.MARGIN) // self.LEADING))
            chunk = rows[start:start + fit]
            for index, x in enumerate(xs):
                text = self.canvas.beginText(x + 1.5, self.y - self.SIZE)
                text.setFont(FONT, self.SIZE, self.LEADING)
                limit = fits[index]
                text.textLines([_cut(row[index], limit) for row in chunk])
                self.canvas.drawText(text)
            self.canvas.setLineWidth(0.2)
            self.canvas.setStrokeGray(0.7)
            bottom = self.y - len(chunk) * self.LEADING
            for step in range(1, len(chunk) + 1):
                y = self.y - step * self.LEADING + 2.5
                self.canvas.line(self.MARGIN, y, self.MARGIN + usable, y)
            self.canvas.setStrokeGray(0)
            self.y = bottom - 4
            start += len(chunk)
            if start >= len(rows):
                break
            self._new_page()

    def _header(self, xs: list[float], header_lines: list[list[str]], height: float) -> None:
        self.canvas.setFillGray(0.9)
        self.canvas.rect(self.MARGIN, self.y - height, self.width - 2 * self.MARGIN, height,
                         stroke=0, fill=1)
        self.canvas.setFillGray(0)
        for x, lines in zip(xs, header_lines, strict=True):
            text = self.canvas.beginText(x + 1.5, self.y - self.SIZE)
            text.setFont(BOLD, self.SIZE, self.LEADING)
            text.textLines(lines)
            self.canvas.drawText(text)
        self.y -= height

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def _cut(value: str, limit: int) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[:limit - 1] + "…"

"""The documents chambers and the authorised body receive: read back with independent readers
(pypdf, openpyxl, python-docx), in Kazakh and Russian."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from services.alerts.documents.render import (
    TEXT,
    ActRow,
    BreachRow,
    Issuer,
    MemberRow,
    ProposalContent,
    ReportContent,
    outgoing_number,
    proposal_docx,
    proposal_pdf,
    render_notice,
    render_report,
    report_pdf,
    report_xlsx,
)
from shared.legal.rules import BAILIFFS_BREACHES
from shared.legal.texts import RULE_TITLES
from shared.settings import Policy

ACTS = [ActRow(f"ACT-{i}", kind, "PB-1", date(2025, m, 3), None, None)
        for i, (kind, m) in enumerate([("protest", 2), ("representation", 4),
                                       ("instruction", 6), ("prosecutor_decree", 9)], 1)]


def _report(breaches: int = 3) -> ReportContent:
    members = [MemberRow("PB-1", "Әлібек Сейітқұлов", "L-001", "ALA-MED"),
               MemberRow("PB-2", "Иванова Мария", None, "ALA-BOS")]
    rows = [BreachRow("COMPLETION_TERM" if i % 2 else "OPENING_TERM", "PB-1", f"EP-{i}", None,
                      date(2025, 11, 1 + i % 28), "open", None) for i in range(breaches)]
    for row in rows:
        members[0].breaches[row.rule] = members[0].breaches.get(row.rule, 0) + 1
    members[0].acts_in_year = 4
    return ReportContent("ALA", "Алматы қаласының палатасы", "monthly", date(2025, 11, 1),
                         date(2025, 11, 30), date(2025, 12, 1), 2025, 3, members, rows, ACTS)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(("lang", "phrase"), [
    ("kk", "Жеке сот орындаушыларының заң бұзушылықтары туралы есеп"),
    ("ru", "Отчёт о нарушениях частных судебных исполнителей"),
])
def test_report_pdf_carries_kazakh_and_russian_text(lang: str, phrase: str) -> None:
    text = _pdf_text(report_pdf(_report(), lang))
    assert phrase in text
    assert "Әлібек Сейітқұлов" in text  # Kazakh letters survive: the font has them
    assert "EP-2" in text and "ACT-4" in text


def test_a_long_report_runs_over_pages_with_every_row() -> None:
    content = report_pdf(_report(breaches=2000), "ru")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) > 20
    text = _pdf_text(content)
    assert all(f"EP-{i}\n" in text or f"EP-{i}" in text.split() for i in (0, 999, 1999))


def test_report_xlsx_has_summary_breaches_and_acts() -> None:
    book = load_workbook(io.BytesIO(report_xlsx(_report(), "kk")), read_only=True)
    assert book.sheetnames == ["Жиынтық", "Бұзушылықтар", "Актілер", "Деректемелер"]
    summary = [row for row in book["Жиынтық"].iter_rows(values_only=True)]
    header = summary[0]  # the table starts at A1
    assert header[0] == "Сот орындаушысының коды"
    member = next(r for r in summary if r and r[0] == "PB-1")
    assert dict(zip(header, member, strict=True))["Шектен асты"] == "иә"
    assert dict(zip(header, member, strict=True))["Барлығы"] == 3  # a number, not text
    breaches = list(book["Бұзушылықтар"].iter_rows(values_only=True))
    assert len(breaches) == 1 + 3
    assert breaches[1][0] == "Іс жүргізуді қозғау мерзімі"


def test_report_has_both_formats_in_each_language() -> None:
    names = sorted(d.filename for d in render_report(_report(), ["kk", "ru"]))
    assert names == [f"report-ALA-monthly-20251101-20251130-{lang}.{ext}"
                     for lang in ("kk", "ru") for ext in ("pdf", "xlsx")]


def _proposal() -> ProposalContent:
    return ProposalContent(
        "PB-1", "Әлібек Сейітқұлов", "L-001", "ALA", 2025, date(2025, 9, 3), "ACT-4", 3,
        "calendar", {"kk": "Қазақстан Республикасы Әділет министрлігі",
                     "ru": "Министерство юстиции Республики Казахстан"}, ACTS, date(2025, 9, 4))


def test_proposal_lists_the_acts_with_dates_and_reasoning() -> None:
    text = _pdf_text(proposal_pdf(_proposal(), "ru"))
    assert "Предложение о приостановлении действия лицензии" in text
    assert "Министерство юстиции Республики Казахстан" in text
    for act in ACTS:
        assert act.act_id in text
    assert "03.09.2025" in text and "представление" in text
    flat = " ".join(text.split())
    assert ("меру выбирает прокурор, решение принимает уполномоченный орган в пределах "
            "компетенции") in flat
    # The threshold is no basis in law: the document says so, and cites no thesis.
    assert "Законом № 261-IV не предусмотрено" in flat and "диссертаци" not in flat
    kk = _pdf_text(proposal_pdf(_proposal(), "kk"))
    assert ("лицензиясының қолданылуын тоқтата тұру немесе лицензиядан айыру туралы ұсыным"
            in kk.replace("\n", " "))


def test_proposal_docx_is_a_word_document_with_the_acts() -> None:
    doc = DocxDocument(io.BytesIO(proposal_docx(_proposal(), "kk")))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "Қазақстан Республикасы Әділет министрлігі" in paragraphs
    table, _signatory = doc.tables
    assert [row.cells[1].text for row in table.rows[1:]] == [a.act_id for a in ACTS]
    assert table.rows[1].cells[2].text == "наразылық"


def test_notice_to_the_chamber() -> None:
    [kk, ru] = render_notice(_proposal(), ["kk", "ru"])
    assert "Уведомление о предложении" in _pdf_text(ru.content)
    assert "ACT-1" in _pdf_text(kk.content)


# --- what a reader of each document sees (issue 12) ------------------------------------------

LONG_ID = "EP-" + "".join(f"{i:02d}" for i in range(29)) + "X"  # 62 characters, one word
LICENCES = ("L-TUR-000123", "L-ALA-004567")
REGION_NAMES = {"kk": "Алматы қаласы", "ru": "город Алматы"}
ISSUERS = {"kk": "Қазақстан Республикасының Бас прокуратурасы",
           "ru": "Генеральная прокуратура Республики Казахстан"}
LANG_TAGS = {"kk": "kk-KZ", "ru": "ru-RU"}
SEEN = {  # the outgoing number, the page's "N of M", the signatory block, as a reader sees them
    "kk": ("Шығыс № {number}", "{total} беттің {page}-беті", "(қолы)",
           "(тегі, аты, әкесінің аты (бар болса))", "Қол қойылған күні"),
    "ru": ("Исх. № {number}", "Страница {page} из {total}", "(подпись)",
           "(фамилия, имя, отчество (при наличии))", "Дата подписания"),
}


def _full_report(breaches: int = 3) -> ReportContent:
    """Every rule's column, long licence numbers and a 62-character proceeding id: what used
    to be cut ("L-TUR-000…") or overlapped."""
    content = _report(breaches)
    content.members[0].licence_no, content.members[1].licence_no = LICENCES
    content.members[0].breaches.update({rule: 1 for rule in BAILIFFS_BREACHES})
    content.breaches.append(BreachRow("VALUATION_TERM", "PB-2", LONG_ID, "PROP-ALA-000042",
                                      date(2025, 11, 20), "late", date(2025, 11, 25)))
    content.number = outgoing_number("R", 17, content.made_on)
    return content


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_report_pdf_reads_whole_with_its_particulars(lang: str) -> None:
    content = _full_report()
    reader = PdfReader(io.BytesIO(report_pdf(content, lang)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "…" not in text and "..." not in text
    lines = text.split("\n")
    for licence in LICENCES:  # whole, on one line
        assert any(licence in line for line in lines), licence
    for word in {w for rule in BAILIFFS_BREACHES for w in RULE_TITLES[rule][lang].split()}:
        assert word in text  # header cells wrap by words; none is cut or overlaps another
    assert REGION_NAMES[lang] in text
    assert ": ALA\n" not in text and "(ALA)" not in text  # the region by name, not code
    assert ISSUERS[lang] in _flat(text)
    number, page, signature, name, signed = SEEN[lang]
    assert number.format(number="2025/R-17") in text and "01.12.2025" in text
    assert signature in text and name in text and signed in text and "Прокурор" in text
    total = len(reader.pages)
    assert page.format(page=total, total=total) in text
    meta = reader.metadata
    assert meta is not None
    assert meta.title == TEXT[lang]["report_title"]
    assert meta.author == ISSUERS[lang]
    assert meta.subject and REGION_NAMES[lang] in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == LANG_TAGS[lang]


def test_a_long_id_wraps_in_its_cell_rather_than_being_cut() -> None:
    text = _pdf_text(report_pdf(_full_report(), "ru"))
    assert LONG_ID not in text.split("\n")  # too wide for its column: it wraps...
    assert LONG_ID in text.replace("\n", "")  # ...onto the next line, every character kept
    assert "…" not in text


def test_every_page_of_a_long_report_says_which_of_how_many() -> None:
    reader = PdfReader(io.BytesIO(report_pdf(_full_report(breaches=600), "ru")))
    total = len(reader.pages)
    assert total > 5
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"Страница {number} из {total}" in text
        assert "Исх. № 2025/R-17" in text
        if number > 1:  # the table's header repeats on each page it runs over
            assert "Последний" in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_report_xlsx_tables_at_a1_with_real_dates_frozen_bold_header_filter(lang: str) -> None:
    content = _full_report()
    book = load_workbook(io.BytesIO(report_xlsx(content, lang)))
    t = TEXT[lang]
    assert book.sheetnames == [t["sheet_summary"], t["sheet_breaches"], t["sheet_acts"],
                               t["sheet_details"]]
    assert book[t["sheet_summary"]]["A1"].value == t["bailiff_id"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
                                        f"{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])
        for letter in (sheet.cell(1, i).column_letter for i in range(1, sheet.max_column + 1)):
            assert (sheet.column_dimensions[letter].width or 0) >= 6
    breaches = book[t["sheet_breaches"]]
    assert breaches["A1"].value == t["rule"]
    due = breaches["E2"]
    assert due.is_date and due.value.date() == date(2025, 11, 1)
    assert due.number_format == "DD.MM.YYYY"
    last = breaches.max_row
    assert breaches[f"C{last}"].value == LONG_ID  # whole
    assert breaches[f"G{last}"].value.date() == date(2025, 11, 25)
    width = breaches.column_dimensions["C"].width
    assert width is not None and width >= 40  # fitted to its content
    acts = book[t["sheet_acts"]]
    assert acts["A1"].value == t["act_id"] and acts["D2"].is_date
    summary = book[t["sheet_summary"]]
    assert [summary["C2"].value, summary["C3"].value] == list(LICENCES)
    details = {row[0]: row[1] for row in book[t["sheet_details"]].iter_rows(values_only=True)}
    assert details[t["region"]] == REGION_NAMES[lang]
    assert details[t["issuer"]] == ISSUERS[lang]
    assert details[t["outgoing_no"]] == "2025/R-17"
    assert details[t["made_on"]].date() == date(2025, 12, 1)
    assert book.properties.creator == ISSUERS[lang]
    assert book.properties.language == LANG_TAGS[lang]


def _numbered_proposal() -> ProposalContent:
    p = _proposal()
    p.licence_no, p.number = LICENCES[0], outgoing_number("P", 5, p.made_on)
    return p


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_proposal_pdf_offers_suspension_or_revocation_with_its_particulars(lang: str) -> None:
    reader = PdfReader(io.BytesIO(proposal_pdf(_numbered_proposal(), lang)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = _flat(text)
    t = TEXT[lang]
    assert "…" not in text and LICENCES[0] in text
    assert REGION_NAMES[lang] in text and ISSUERS[lang] in flat
    number, page, signature, name, signed = SEEN[lang]
    assert number.format(number="2025/P-5") in text and "04.09.2025" in text
    assert page.format(page=1, total=len(reader.pages)) in text
    assert signature in text and name in text and signed in text
    assert f"☐ {t['suspend']}" in text and f"☐ {t['revoke']}" in text
    assert _flat(t["proposal_title"]) in flat
    if lang == "kk":  # ұсыныс names the representation (ACT-2) and nothing else
        assert flat.count("ұсыныс") == 1
    meta = reader.metadata
    assert meta is not None and meta.title == t["proposal_title"]
    assert meta.author == ISSUERS[lang] and meta.subject and "PB-1" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == LANG_TAGS[lang]


def test_the_suspend_or_revoke_wording_follows_the_glossary() -> None:
    assert TEXT["kk"]["suspend"] == "лицензияның қолданылуын тоқтата тұру"
    assert TEXT["kk"]["revoke"] == "лицензиядан айыру"
    assert TEXT["ru"]["suspend"] == "приостановление действия лицензии"
    assert TEXT["ru"]["revoke"] == "лишение лицензии"
    assert "ұсыныс" not in TEXT["kk"]["proposal_title"]  # ұсыныс is the representation


def test_a_rolling_window_is_given_as_dates_not_as_a_year() -> None:
    p = _numbered_proposal()
    p.window, p.period = "rolling-365", (date(2024, 9, 5), date(2025, 9, 3))
    flat = _flat(_pdf_text(proposal_pdf(p, "ru")))
    assert "В период с 05.09.2024 по 03.09.2025 органами прокуратуры" in flat
    assert "В 2025 году" not in flat
    assert "05.09.2024 — 03.09.2025 аралығында" in _flat(_pdf_text(proposal_pdf(p, "kk")))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_proposal_docx_carries_issuer_number_region_measures_and_signatory(lang: str) -> None:
    doc = DocxDocument(io.BytesIO(proposal_docx(_numbered_proposal(), lang)))
    t = TEXT[lang]
    text = "\n".join(p.text for p in doc.paragraphs)
    number, _page, signature, name, signed = SEEN[lang]
    assert ISSUERS[lang] in text and number.format(number="2025/P-5") in text
    assert REGION_NAMES[lang] in text and LICENCES[0] in text
    assert f"☐ {t['suspend']}" in text and f"☐ {t['revoke']}" in text
    assert signed in text
    acts, signatory = doc.tables
    assert all(run.bold for cell in acts.rows[0].cells for run in cell.paragraphs[0].runs)
    assert acts.rows[0]._tr.trPr is not None  # the header repeats on each page
    cells = [cell.text for row in signatory.rows for cell in row.cells]
    assert "Прокурор" in cells and signature in cells and name in cells
    footer = doc.sections[0].footer.paragraphs[0]
    assert number.format(number="2025/P-5") in footer.text
    assert "NUMPAGES" in footer._p.xml and " PAGE " in footer._p.xml  # "N of M", Word counts
    props = doc.core_properties
    assert (props.title, props.author, props.language) == (t["proposal_title"], ISSUERS[lang],
                                                           LANG_TAGS[lang])


def test_the_notice_has_its_own_number_and_the_region_by_name() -> None:
    [kk, ru] = render_notice(_numbered_proposal(), ["kk", "ru"], number="2025/N-9")
    text = _pdf_text(ru.content)
    assert "Исх. № 2025/N-9" in text and "город Алматы" in text and "Страница 1 из 1" in text
    assert "или лишить его лицензии" in _flat(text)
    assert "Алматы қаласы" in _pdf_text(kk.content)


def test_the_issuer_comes_from_the_settings() -> None:
    policy = Policy(issuer_kk="Алматы қаласының прокуратурасы",
                    issuer_ru="Прокуратура города Алматы",
                    signatory_kk="Прокурордың орынбасары", signatory_ru="Заместитель прокурора")
    p = _numbered_proposal()
    p.issuer = Issuer.of(policy)
    text = _pdf_text(proposal_pdf(p, "ru"))
    assert "Прокуратура города Алматы" in text and "Заместитель прокурора" in text
    assert Issuer().office("kk") == ISSUERS["kk"]  # the settings' defaults

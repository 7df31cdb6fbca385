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
    ActRow,
    BreachRow,
    MemberRow,
    ProposalContent,
    ReportContent,
    proposal_docx,
    proposal_pdf,
    render_notice,
    render_report,
    report_pdf,
    report_xlsx,
)

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
    assert book.sheetnames == ["Жиынтық", "Бұзушылықтар", "Актілер"]
    summary = [row for row in book["Жиынтық"].iter_rows(values_only=True)]
    header = next(r for r in summary if r and r[0] == "Сот орындаушысының коды")
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
    assert "решение о приостановлении действия лицензии принимает уполномоченный орган" in flat
    assert "законом пока не установлен" in flat  # the threshold is a proposal, not law
    kk = _pdf_text(proposal_pdf(_proposal(), "kk"))
    assert "лицензиясының қолданылуын тоқтата тұру туралы ұсыныс" in kk.replace("\n", " ")


def test_proposal_docx_is_a_word_document_with_the_acts() -> None:
    doc = DocxDocument(io.BytesIO(proposal_docx(_proposal(), "kk")))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "Қазақстан Республикасы Әділет министрлігі" in paragraphs
    [table] = doc.tables
    assert [row.cells[1].text for row in table.rows[1:]] == [a.act_id for a in ACTS]
    assert table.rows[1].cells[2].text == "наразылық"


def test_notice_to_the_chamber() -> None:
    [kk, ru] = render_notice(_proposal(), ["kk", "ru"])
    assert "Уведомление о предложении" in _pdf_text(ru.content)
    assert "ACT-1" in _pdf_text(kk.content)

"""The inspection commission's result certificate (анықтама / справка) as a document: a copy
goes to the bailiff, the territorial body and the regional chamber within five working days of
the inspection's end (seed 004 §20; docs/rules.md#inspections). Kazakh and Russian PDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4

from services.alerts.documents.render import (
    PDF,
    Cell,
    Rendered,
    _day,
    _outgoing,
    _Pdf,
    _safe,
)
from shared.regions import region_name

CERTIFICATE_TEXT: dict[str, dict[str, str]] = {
    "kk": {
        "title": "Жеке сот орындаушысының қызметін тексеру нәтижесі туралы анықтама",
        "commission": "Аумақтық органның тексеру комиссиясы — {region}",
        "to": "Анықтама көшірмесі жіберіледі: жеке сот орындаушысына, аумақтық органға, "
              "жеке сот орындаушыларының өңірлік палатасына",
        "bailiff": "Жеке сот орындаушысы", "licence_no": "Лицензия №",
        "kind": "Тексеру түрі", "initial": "алғашқы тексеру", "periodic": "мерзімді тексеру",
        "unscheduled": "жедел тексеру", "any": "тексеру",
        "ground": "Тексеру негізі", "complaint": "шағым", "appeal": "прокуратураға жолданым",
        "act": "прокурорлық қадағалау актісі", "court_ruling": "соттың жеке қаулысы",
        "actions": "Тексерумен қамтылатын іс-әрекеттер",
        "order": "Тексеру туралы бұйрық", "order_value": "№ {number}, {day}",
        "notified": "Жеке сот орындаушысы бұйрықпен танысқан күн",
        "notice_late": "бұйрықпен тексеру басталғанға дейін он күнтізбелік күннен "
                       "кешіктірілмей таныстыру талабы бұзылды",
        "period": "Тексеру кезеңі",
        "result": "Тексеру нәтижесі", "found": "бұзушылықтар анықталды",
        "not_found": "бұзушылықтар анықталған жоқ", "unknown": "көрсетілмеген",
        "recommendations": "Ұсынымдар және оларды іске асыру мерзімі",
        "due": "Анықтаманы жіберу мерзімі (тексеру аяқталғаннан кейін бес жұмыс күні)",
        "issued": "Анықтама жіберілген күн",
        "detail": "Деректеме", "value": "Мәні",
        "signatory": "Комиссия төрағасы",
    },
    "ru": {
        "title": "Справка о результатах проверки деятельности частного судебного исполнителя",
        "commission": "Комиссия территориального органа по проверке — {region}",
        "to": "Копия справки направляется: частному судебному исполнителю, территориальному "
              "органу, региональной палате частных судебных исполнителей",
        "bailiff": "Частный судебный исполнитель", "licence_no": "Лицензия №",
        "kind": "Вид проверки", "initial": "первичная проверка",
        "periodic": "периодическая проверка",
        "unscheduled": "внеплановая (оперативная) проверка", "any": "проверка",
        "ground": "Основание проверки", "complaint": "жалоба",
        "appeal": "обращение в прокуратуру", "act": "акт прокурорского надзора",
        "court_ruling": "частное определение суда",
        "actions": "Действия, охватываемые проверкой",
        "order": "Приказ о проверке", "order_value": "№ {number} от {day}",
        "notified": "Дата ознакомления частного судебного исполнителя с приказом",
        "notice_late": "ознакомлен с приказом позднее чем за десять календарных дней до "
                       "начала проверки",
        "period": "Период проверки",
        "result": "Результат проверки", "found": "нарушения выявлены",
        "not_found": "нарушения не выявлены", "unknown": "не указан",
        "recommendations": "Рекомендации и сроки их исполнения",
        "due": "Срок направления справки (пять рабочих дней после окончания проверки)",
        "issued": "Дата направления справки",
        "detail": "Реквизит", "value": "Значение",
        "signatory": "Председатель комиссии",
    },
}


@dataclass(frozen=True, slots=True)
class CertificateContent:
    record_id: int
    bailiff_id: str
    bailiff_name: str
    licence_no: str | None
    region: str
    inspection_kind: str | None
    ground: str | None
    ground_ref: str | None
    actions_concerned: str | None
    order_no: str | None
    ordered_on: date | None
    notified_on: date | None
    notice_in_time: bool | None
    started_on: date
    ended_on: date
    violations_found: bool | None
    recommendations: str | None
    due_on: date
    issued_on: date
    number: str = ""


def _rows(c: CertificateContent, lang: str) -> list[list[Cell]]:
    x = CERTIFICATE_TEXT[lang]
    ground = x.get(c.ground or "", c.ground or "")
    if ground and c.ground_ref:
        ground = f"{ground} ({c.ground_ref})"
    notified = _day(c.notified_on)
    if c.notice_in_time is False:
        notified = f"{notified} — {x['notice_late']}"
    result = x["unknown"] if c.violations_found is None else \
        x["found"] if c.violations_found else x["not_found"]
    rows: list[list[Cell]] = [
        [x["bailiff"], f"{c.bailiff_name} ({c.bailiff_id})"],
        [x["licence_no"], c.licence_no or ""],
        [x["kind"], x.get(c.inspection_kind or "", c.inspection_kind or "") or x["any"]],
    ]
    if ground:
        rows.append([x["ground"], ground])
    if c.actions_concerned:
        rows.append([x["actions"], c.actions_concerned])
    if c.order_no or c.ordered_on:
        rows.append([x["order"], x["order_value"].format(number=c.order_no or "—",
                                                         day=_day(c.ordered_on) or "—")])
    if c.notified_on:
        rows.append([x["notified"], notified])
    rows += [[x["period"], f"{_day(c.started_on)} — {_day(c.ended_on)}"],
             [x["result"], result],
             [x["due"], c.due_on], [x["issued"], c.issued_on]]
    return rows


def certificate_pdf(c: CertificateContent, lang: str) -> bytes:
    x = CERTIFICATE_TEXT[lang]
    commission = x["commission"].format(region=region_name(c.region, lang))
    pdf = _Pdf(A4, lang, title=x["title"], author=commission,
               subject=f"{c.bailiff_id}, {_day(c.ended_on)}", number=c.number)
    pdf.letterhead(commission, _outgoing(c.number, c.issued_on, lang), x["to"])
    pdf.title(x["title"])
    pdf.table([x["detail"], x["value"]], _rows(c, lang))
    if c.recommendations:
        pdf.section(x["recommendations"])
        pdf.paragraph(c.recommendations)
    pdf.signatory(x["signatory"], lang)
    return pdf.finish()


def render_certificate(c: CertificateContent, languages: Sequence[str]) -> list[Rendered]:
    stem = f"certificate-{_safe(c.bailiff_id)}-{c.ended_on:%Y%m%d}"
    return [Rendered(f"{stem}-{lang}.pdf", lang, PDF, certificate_pdf(c, lang))
            for lang in languages]

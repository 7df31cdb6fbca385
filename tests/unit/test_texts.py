"""The words a prosecutor reads and signs are legally exact (issue 12; docs/glossary.md): the
citations, the terms of consideration, the acts' names, and no internal references."""

from __future__ import annotations

import re

from services.web.i18n import DECREE_KINDS, ERRORS, FACTS, FEATURES, MESSAGES
from shared.legal.texts import (
    ACT_KIND_NAMES,
    LAW_261,
    LAW_PROSECUTOR_OFFICE,
    RULE_TEXTS,
    RULE_TITLES,
)

TABLES = {"MESSAGES": MESSAGES, "FACTS": FACTS, "FEATURES": FEATURES,
          "DECREE_KINDS": DECREE_KINDS, "ERRORS": ERRORS, "RULE_TITLES": RULE_TITLES,
          "RULE_TEXTS": RULE_TEXTS, "ACT_KIND_NAMES": ACT_KIND_NAMES,
          "LAW": {"261": LAW_261, "prosecutor": LAW_PROSECUTOR_OFFICE}}


def _every_text() -> list[tuple[str, str, str]]:
    return [(f"{name}[{key}]", lang, text) for name, table in TABLES.items()
            for key, texts in table.items() for lang, text in texts.items()]


def _text(lang: str, *tables: dict[str, dict[str, str]]) -> str:
    return "\n".join(t[lang] for table in tables for t in table.values())


def test_no_internal_reference_reaches_a_reader() -> None:
    """Seeds and their lines are for maintainers (docs/glossary.md); a reader sees the law."""
    internal = re.compile(r"\bseed|\bL\d{2,}|\b00[0-4]\b|thesis|диссертаци", re.I)
    found = [(where, lang, text) for where, lang, text in _every_text() if internal.search(text)]
    assert found == []


def test_the_protest_is_art_33_3_and_the_representation_art_36() -> None:
    texts = RULE_TEXTS["ACT_RESPONSE_TERM"]
    assert "33-бабының 3-тармағы" in texts["kk"] and "36-бабы" in texts["kk"]
    assert "п. 3 ст. 33" in texts["ru"] and "ст. 36" in texts["ru"]
    assert "Art. 33(3)" in texts["en"] and "Art. 36" in texts["en"]
    assert "«Прокуратура туралы» Конституциялық заң" in texts["kk"]
    assert "Конституционного закона «О прокуратуре»" in texts["ru"]
    # The protest's term is not the representation's article (it was cited as Art. 36(2)).
    assert "36-бап, 2" not in texts["kk"] and "ст. 36 п. 2" not in texts["ru"]
    # Ten calendar days (күнтізбелік он күн: the Law's word order), at least three working days.
    assert "күнтізбелік он күн" in texts["kk"] and "үш жұмыс күнінен кем" in texts["kk"]
    assert "күнтізбелік отыз күн" in texts["kk"]
    assert "десяти календарных дней" in texts["ru"] and "тридцати календарных дней" in texts["ru"]
    assert "не менее трёх рабочих дней" in texts["ru"]


def test_acts_have_terms_of_consideration_not_of_answer() -> None:
    for lang, word in (("kk", "қарау мерзімі"), ("ru", "срок рассмотрения")):
        assert word in MESSAGES["act.response_due"][lang].lower()
        assert word in RULE_TITLES["ACT_RESPONSE_TERM"][lang].lower()
    kk = _text("kk", MESSAGES, FACTS, ERRORS, RULE_TITLES, RULE_TEXTS)
    ru = _text("ru", MESSAGES, FACTS, ERRORS, RULE_TITLES, RULE_TEXTS)
    assert "жауап беру мерзімі" not in kk.lower()
    assert "срок ответа" not in ru.lower() and "ответ на акт" not in ru.lower()


def test_completion_must_be_completed_and_says_what_is_policy() -> None:
    texts = RULE_TEXTS["COMPLETION_TERM"]
    assert "екі айдан аспайтын мерзімде аяқталуға тиіс" in texts["kk"]
    assert "должно быть завершено в срок не более двух месяцев" in texts["ru"]
    assert "мерзімді өндіріп алу" in texts["kk"] and "периодических взыскани" in texts["ru"]
    assert "39-бабының 1-тармағы" in texts["kk"] and "п. 1 ст. 39" in texts["ru"]
    # The four months and the suspension's extension say where they come from.
    assert "түсініктеме" in texts["kk"] and "комментари" in texts["ru"]
    assert texts["kk"].count("саясаты") == 2 and texts["ru"].count("политика") == 2
    # One term for periodic recoveries throughout.
    assert "мерзімдік" not in _text("kk", MESSAGES, FEATURES, RULE_TEXTS)
    assert "периодические платежи" not in _text("ru", MESSAGES, FEATURES, RULE_TEXTS)


def test_the_licence_threshold_is_a_proposal_of_suspension_or_revocation() -> None:
    texts = RULE_TEXTS["LICENCE_THRESHOLD"]
    assert "бір күнтізбелік жылда" in texts["kk"] and "үштен астам" in texts["kk"]
    assert "календарного года" in texts["ru"] and "более трёх" in texts["ru"]
    assert "тоқтата тұру немесе лицензиядан айыру" in texts["kk"]
    assert "приостановлении действия лицензии или о лишении лицензии" in texts["ru"]
    assert "заң емес" in texts["kk"] and "не закон" in texts["ru"]
    # The other reading is named; the window is a setting, not "in <year>".
    assert "бес және одан көп" in texts["kk"] and "пять и более" in texts["ru"]
    assert "365" in texts["kk"] and "365" in texts["ru"]


def test_the_licence_proposal_and_the_representation_do_not_share_a_word() -> None:
    representation = ACT_KIND_NAMES["representation"]
    assert representation["kk"] == "ұсыныс" and representation["ru"] == "представление"
    proposal = {"kk": ERRORS["proposal_not_found"]["kk"],
                "ru": ERRORS["proposal_not_found"]["ru"]}
    assert "ұсыным" in proposal["kk"] and "ұсыныс" not in proposal["kk"]
    assert "предложени" in proposal["ru"] and "представлени" not in proposal["ru"]
    for lang, word in (("kk", "ұсыным"), ("ru", "предложени")):
        assert word in RULE_TEXTS["LICENCE_THRESHOLD"][lang]
        assert word in MESSAGES["report.kind.licence_notice"][lang]


def test_the_acts_the_law_names() -> None:
    assert ACT_KIND_NAMES["prosecutor_decree"]["kk"] == "прокурордың қаулысы"
    assert ACT_KIND_NAMES["prosecutor_decree"]["ru"] == "постановление прокурора"
    assert ACT_KIND_NAMES["petition"]["kk"] == "өтінішхат"
    assert ACT_KIND_NAMES["petition"]["ru"] == "ходатайство"
    assert "талап қою" in ACT_KIND_NAMES["claim"]["kk"]
    assert ACT_KIND_NAMES["claim"]["ru"] == "заявление (иск) в суд"
    assert ACT_KIND_NAMES["appeal"]["kk"] == "үндеу"
    # Art. 41 explains that breaking the law is inadmissible (001 L4297-4311); the
    # "предостережение" of the repealed 1995 law is no act a prosecutor signs today.
    assert "түсіндіру" in ACT_KIND_NAMES["warning"]["kk"]
    assert ACT_KIND_NAMES["warning"]["ru"] == "разъяснение о недопустимости нарушения закона"
    transfer = ACT_KIND_NAMES["transfer_request"]
    assert "атқарушылық құжатты алып, басқа сот орындаушысына беру туралы" in transfer["kk"]
    assert "об изъятии исполнительного документа и передаче другому судебному исполнителю" \
        in transfer["ru"]
    names = [(n["kk"], n["ru"]) for n in ACT_KIND_NAMES.values()]
    assert len(set(names)) == len(names)


def test_the_numbered_wording_of_issue_12() -> None:
    assert FEATURES["suspended_now"]["kk"] == "қазір тоқтатыла тұрған"
    assert MESSAGES["licence.revoked"]["kk"] == "лицензиядан айырылған"
    assert MESSAGES["licence.revoked"]["ru"] == "лишён лицензии"
    assert FACTS["proceeding.returned"]["kk"] == "атқарушылық құжат өндіріп алушыға қайтарылды"
    assert FACTS["proceeding.returned"]["ru"] == "исполнительный документ возвращён взыскателю"
    assert "мүліктің борышкерге тиесілі екені анықталған кезден бастап" \
        in RULE_TEXTS["VALUATION_TERM"]["kk"]
    assert "с момента ареста имущества и установления принадлежности имущества должнику" \
        in RULE_TEXTS["VALUATION_TERM"]["ru"]
    assert MESSAGES["sanction.status.triage"]["kk"] == "санкциялау құзыреті анықталуда"
    assert MESSAGES["sanction.status.triage"]["ru"] == "подведомственность уточняется"
    assert FACTS["sale.scheduled"]["kk"].startswith("сауда-саттық")
    assert FACTS["search.declared"]["kk"].startswith("іздестіру")
    assert DECREE_KINDS["restrict_exit"]["kk"] == "Қазақстан Республикасынан шығуға уақытша шектеу"
    assert DECREE_KINDS["restrict_exit"]["ru"] == \
        "временное ограничение на выезд из Республики Казахстан"
    assert MESSAGES["state.late"]["kk"] == "кешіктіріліп орындалған"
    kk = _text("kk", *(t for n, t in TABLES.items() if n != "LAW"))
    for wrong in ("қазір тоқтатылған", "кері қайтарып алынған лицензия",
                  "сұрыптауда", "шетке шығу", "кешіктіріп ", "он күнтізбелік"):
        assert wrong not in kk, wrong
    assert not re.search(r"\bсауда\b(?!-)", kk)
    assert not re.search(r"\bіздеу\b", kk)

"""The rules and the acts in the people's languages: Kazakh, Russian and English.

One place for the names the web pages, the chambers' reports and the proposals print, so that a
rule is called the same everywhere. The legal sources are those of `rules.RULES`; Law No. 261-IV
is the Law of the Republic of Kazakhstan of 2 April 2010 "On enforcement proceedings and the
status of bailiffs".
"""

from __future__ import annotations

LAW_261 = {
    "kk": "«Атқарушылық іс жүргізу және сот орындаушыларының мәртебесі туралы» "
          "2010 жылғы 2 сәуірдегі № 261-IV Қазақстан Республикасының Заңы",
    "ru": "Закон Республики Казахстан от 2 апреля 2010 года № 261-IV «Об исполнительном "
          "производстве и статусе судебных исполнителей»",
    "en": "Law of the Republic of Kazakhstan No. 261-IV of 2 April 2010 \"On enforcement "
          "proceedings and the status of bailiffs\"",
}

RULE_TITLES: dict[str, dict[str, str]] = {
    "OPENING_TERM": {"kk": "Іс жүргізуді қозғау мерзімі",
                     "ru": "Срок возбуждения производства",
                     "en": "Opening term"},
    "NOTICE_TERM": {"kk": "Қаулыны борышкерге жіберу мерзімі",
                    "ru": "Срок направления постановления должнику",
                    "en": "Notice to the debtor"},
    "COMPLETION_TERM": {"kk": "Атқарушылық іс жүргізуді аяқтау мерзімі",
                        "ru": "Срок завершения исполнительного производства",
                        "en": "Completion term"},
    "VALUATION_TERM": {"kk": "Бағалаушыны тағайындау мерзімі",
                       "ru": "Срок назначения оценщика",
                       "en": "Appraiser appointment term"},
    "LICENCE_THRESHOLD": {"kk": "Қадағалау актілерінің шегі",
                          "ru": "Порог актов прокурорского надзора",
                          "en": "Licence threshold"},
    "ACT_RESPONSE_TERM": {"kk": "Қадағалау актісіне жауап беру мерзімі",
                          "ru": "Срок ответа на акт надзора",
                          "en": "Answer to a supervisory act"},
    "UNSANCTIONED_EXECUTION": {"kk": "Прокурордың санкциясынсыз орындау",
                               "ru": "Исполнение без санкции прокурора",
                               "en": "Execution without sanction"},
    "SANCTION_DECISION_TERM": {"kk": "Санкция туралы шешім қабылдау мерзімі",
                               "ru": "Срок решения о санкции",
                               "en": "Sanction decision term"},
}

RULE_TEXTS: dict[str, dict[str, str]] = {
    "OPENING_TERM": {
        "kk": "Сот орындаушысы атқарушылық құжатты алған күннен бастап үш жұмыс күні ішінде "
              "атқарушылық іс жүргізуді қозғайды немесе қозғаудан бас тартады (261-IV Заң, "
              "37-бап, 4-тармақ).",
        "ru": "Судебный исполнитель в течение трёх рабочих дней со дня поступления "
              "исполнительного документа возбуждает исполнительное производство или отказывает "
              "в его возбуждении (Закон № 261-IV, ст. 37 п. 4).",
        "en": "Within three working days of receiving the enforcement document the bailiff "
              "opens the proceedings or refuses to (Law No. 261-IV, Art. 37(4)).",
    },
    "NOTICE_TERM": {
        "kk": "Іс жүргізуді қозғау туралы қаулы борышкерге сол үш жұмыс күні ішінде жіберіледі "
              "(261-IV Заң, 37-бап, 4-тармақ).",
        "ru": "Постановление о возбуждении направляется должнику в те же три рабочих дня "
              "(Закон № 261-IV, ст. 37 п. 4).",
        "en": "The decree opening the proceedings is sent to the debtor within the same three "
              "working days (Law No. 261-IV, Art. 37(4)).",
    },
    "COMPLETION_TERM": {
        "kk": "Атқарушылық әрекеттер іс жүргізу қозғалған күннен бастап екі ай ішінде "
              "жасалады, күрделі істерде төрт ай; мерзімдік өндіріп алулар бұған жатпайды "
              "(261-IV Заң, 39-бап, 1-тармақ; тоқтата тұру — 44-бап).",
        "ru": "Исполнительные действия совершаются в течение двух месяцев со дня возбуждения "
              "производства, по сложным делам — четырёх; на периодические взыскания срок не "
              "распространяется (Закон № 261-IV, ст. 39 п. 1; приостановление — ст. 44).",
        "en": "Enforcement is completed within two months of opening, four for hard cases; "
              "periodic recoveries are exempt (Law No. 261-IV, Art. 39(1); suspension, "
              "Art. 44).",
    },
    "VALUATION_TERM": {
        "kk": "Мүлікке тыйым салынғаннан және меншік анықталғаннан кейін он жұмыс күні ішінде "
              "бағалаушы тағайындалады (261-IV Заң, 68-бап, 1-тармақ).",
        "ru": "Оценщик назначается в течение десяти рабочих дней после ареста имущества и "
              "установления принадлежности (Закон № 261-IV, ст. 68 п. 1).",
        "en": "An appraiser is appointed within ten working days of the arrest and established "
              "ownership (Law No. 261-IV, Art. 68(1)).",
    },
    "LICENCE_THRESHOLD": {
        "kk": "Жеке сот орындаушысына қатысты бір жылда шектен астам қадағалау актісі "
              "енгізілсе, лицензияны тоқтата тұру ұсынылады (магистрлік диссертацияның "
              "ұсынысы, 002; қадағалау саясаты).",
        "ru": "При внесении в отношении частного судебного исполнителя за год больше актов "
              "надзора, чем установлено порогом, предлагается приостановить лицензию "
              "(предложение диссертации 002; политика надзора).",
        "en": "More supervisory acts against a private bailiff in a year than the threshold: "
              "licence suspension is proposed (proposal of thesis 002; policy).",
    },
    "ACT_RESPONSE_TERM": {
        "kk": "Наразылық он күнтізбелік күн ішінде, ұсыныс отыз күн ішінде қаралады "
              "(«Прокуратура туралы» Конституциялық заң, 36-бап, 2-тармақ).",
        "ru": "Протест рассматривается в течение десяти календарных дней, представление — "
              "тридцати (Конституционный закон «О прокуратуре», ст. 36 п. 2).",
        "en": "A protest is considered within ten calendar days, a representation within "
              "thirty (Constitutional Law on the Prosecutor's Office, Art. 36(2)).",
    },
    "UNSANCTIONED_EXECUTION": {
        "kk": "Прокурордың санкциясын қажет ететін қаулы санкция берілгенге дейін орындалды "
              "(261-IV Заң, 62-бап, 1-тармақ).",
        "ru": "Постановление, требующее санкции прокурора, исполнено до её дачи "
              "(Закон № 261-IV, ст. 62 п. 1).",
        "en": "A decree that needs the prosecutor's sanction was executed before it was "
              "granted (Law No. 261-IV, Art. 62(1)).",
    },
    "SANCTION_DECISION_TERM": {
        "kk": "Санкция туралы өтініш жүйенің мерзімінде шешілмеді (баптау).",
        "ru": "Запрос о санкции не рассмотрен в срок системы (настройка).",
        "en": "A sanction request was not decided within the system's term (a setting).",
    },
}

ACT_KIND_NAMES: dict[str, dict[str, str]] = {
    "protest": {"kk": "наразылық", "ru": "протест", "en": "protest"},
    "representation": {"kk": "ұсыныс", "ru": "представление", "en": "representation"},
    "prosecutor_decree": {"kk": "прокурордың қаулысы", "ru": "постановление прокурора",
                          "en": "prosecutor's decree"},
    "instruction": {"kk": "нұсқау", "ru": "указание", "en": "instruction"},
    "disciplinary_demand": {"kk": "тәртіптік жауапкершілікке тарту туралы талап",
                            "ru": "требование о привлечении к дисциплинарной ответственности",
                            "en": "demand for disciplinary liability"},
    "transfer_request": {"kk": "құжатты беру туралы сұрау",
                         "ru": "запрос о передаче документа",
                         "en": "request to transfer a document"},
}


def in_language(table: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """One language's column of a table, e.g. every rule's title in Russian."""
    return {code: names[lang] for code, names in table.items()}

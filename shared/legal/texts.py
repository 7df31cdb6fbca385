"""The rules and the acts in the people's languages: Kazakh, Russian and English.

One place for the names the web pages, the chambers' reports and the proposals print, so that a
rule is called the same everywhere. The legal sources are those of `rules.RULES`; Law No. 261-IV
is the Law of the Republic of Kazakhstan of 2 April 2010 "On enforcement proceedings and the
status of bailiffs"; the Constitutional Law is the Constitutional Law of the Republic of
Kazakhstan "On the Prosecutor's Office". These texts are read and signed by prosecutors: they
cite the law by name, article and paragraph, never the seed documents or their lines (those are
for maintainers, in docs/glossary.md and docs/rules.md). The words follow docs/glossary.md.
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

LAW_PROSECUTOR_OFFICE = {
    "kk": "«Прокуратура туралы» Қазақстан Республикасының Конституциялық заңы",
    "ru": "Конституционный закон Республики Казахстан «О прокуратуре»",
    "en": "Constitutional Law of the Republic of Kazakhstan \"On the Prosecutor's Office\"",
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
    "LICENCE_THRESHOLD": {"kk": "Қадағалау актілерінің шегі (лицензия)",
                          "ru": "Порог актов прокурорского надзора (лицензия)",
                          "en": "Licence threshold"},
    "ACT_RESPONSE_TERM": {"kk": "Прокурор актісін қарау мерзімі",
                          "ru": "Срок рассмотрения акта прокурора",
                          "en": "Term of consideration of a prosecutor's act"},
    "UNSANCTIONED_EXECUTION": {"kk": "Прокурордың санкциясынсыз орындау",
                               "ru": "Исполнение без санкции прокурора",
                               "en": "Execution without sanction"},
    "SANCTION_DECISION_TERM": {"kk": "Санкция туралы шешім қабылдау мерзімі",
                               "ru": "Срок принятия решения о санкции",
                               "en": "Sanction decision term"},
    # The seed's own words (001 L3604–3632): жолданымды қарау мерзімі; жолданым жіберушіге
    # хабарланады.
    "APPEAL_TERM": {"kk": "Жолданымды қарау мерзімі", "ru": "Срок рассмотрения обращения",
                    "en": "Appeal consideration term"},
    "APPEAL_EXTENSION_NOTICE_TERM": {
        "kk": "Мерзімнің ұзартылғаны туралы жолданым жіберушіге хабарлау мерзімі",
        "ru": "Срок уведомления заявителя о продлении срока рассмотрения обращения",
        "en": "Notice of an appeal's extension to the applicant"},
}

RULE_TEXTS: dict[str, dict[str, str]] = {
    "OPENING_TERM": {
        "kk": "Сот орындаушысы атқарушылық құжатты қабылдаған күннен бастап үш жұмыс күні "
              "ішінде атқарушылық іс жүргізуді қозғайды немесе оны қозғаудан бас тартады "
              "(№ 261-IV Заңның 37-бабының 4-тармағы).",
        "ru": "Судебный исполнитель в течение трёх рабочих дней со дня поступления "
              "исполнительного документа возбуждает исполнительное производство или отказывает "
              "в его возбуждении (п. 4 ст. 37 Закона № 261-IV).",
        "en": "Within three working days of receiving the enforcement document the bailiff "
              "opens the proceedings or refuses to (Law No. 261-IV, Art. 37(4)).",
    },
    "NOTICE_TERM": {
        "kk": "Атқарушылық іс жүргізуді қозғау туралы қаулы борышкерге атқарушылық құжат "
              "қабылданған күннен бастап сол үш жұмыс күні ішінде жіберіледі (№ 261-IV "
              "Заңның 37-бабының 4-тармағы).",
        "ru": "Постановление о возбуждении исполнительного производства направляется должнику "
              "в те же три рабочих дня со дня принятия исполнительного документа (п. 4 "
              "ст. 37 Закона № 261-IV).",
        "en": "The decree opening the proceedings is sent to the debtor within the same three "
              "working days (Law No. 261-IV, Art. 37(4)).",
    },
    "COMPLETION_TERM": {
        "kk": "Атқарушылық құжаттарды орындау атқарушылық іс жүргізу қозғалған күннен бастап "
              "екі айдан аспайтын мерзімде аяқталуға тиіс; бұл мерзім мерзімді өндіріп алу "
              "туралы атқарушылық құжаттарға қолданылмайды (№ 261-IV Заңның 39-бабының "
              "1-тармағы). Бұзу немесе технологиялық операциялар туралы құжаттар бойынша және "
              "бағалауды, сараптаманы, сауда-саттықты не іздестіруді қажет ететін істер "
              "бойынша — төрт айдан аспайтын мерзім (сол тармақ, заңға түсініктеме бойынша); "
              "мұндай қажеттілік екі айлық мерзім ішінде көрінуі тиіс — Qadagalau-дың саясаты. "
              "Атқарушылық іс жүргізуді тоқтата тұру (№ 261-IV Заңның 44-бабы) кезеңі "
              "мерзімді ұзартады — Qadagalau-дың саясаты (баптау), заңның тікелей нормасы "
              "емес.",
        "ru": "Исполнение исполнительных документов должно быть завершено в срок не более двух "
              "месяцев со дня возбуждения исполнительного производства; на исполнительные "
              "документы о периодических взысканиях этот срок не распространяется (п. 1 ст. 39 "
              "Закона № 261-IV). По документам о сносе или технологических операциях и по "
              "делам, требующим оценки, экспертизы, торгов или розыска, — не более четырёх "
              "месяцев (тот же пункт в изложении комментария к Закону); такая необходимость "
              "должна проявиться в пределах двухмесячного срока — политика Qadagalau. Период "
              "приостановления исполнительного производства (ст. 44 Закона № 261-IV) продлевает "
              "срок — политика Qadagalau (настройка), а не прямая норма закона.",
        "en": "Enforcement must be completed within two months of the opening of the "
              "proceedings; periodic recoveries are exempt (Law No. 261-IV, Art. 39(1)). Four "
              "months for demolition or technological operations and for cases needing "
              "valuation, an examination, a sale or a search (the same paragraph as read by the "
              "commentary); that the case needed it must show within the two months: "
              "Qadagalau's policy. A suspension (Law No. 261-IV, Art. 44) extends the term: "
              "Qadagalau's policy (a setting), not a rule of the law itself.",
    },
    "VALUATION_TERM": {
        "kk": "Сот орындаушысы мүлікке тыйым салынған және мүліктің борышкерге тиесілі екені "
              "анықталған кезден бастап он жұмыс күні ішінде бағалаушыны тағайындау туралы "
              "қаулы шығарады (№ 261-IV Заңның 68-бабының 1-тармағы).",
        "ru": "Судебный исполнитель выносит постановление о назначении оценщика в течение "
              "десяти рабочих дней с момента ареста имущества и установления принадлежности "
              "имущества должнику (п. 1 ст. 68 Закона № 261-IV).",
        "en": "The bailiff appoints an appraiser by decree within ten working days of the "
              "arrest and of establishing that the property belongs to the debtor (Law "
              "No. 261-IV, Art. 68(1)).",
    },
    "LICENCE_THRESHOLD": {
        "kk": "Прокурорлар бір күнтізбелік жылда жеке сот орындаушысының қызметіне қатысты "
              "үштен астам прокурорлық қадағалау актісін (наразылық, ұсыныс, прокурордың "
              "қаулысы, нұсқау) енгізсе, Qadagalau уәкілетті органға лицензияның қолданылуын "
              "тоқтата тұру немесе лицензиядан айыру туралы ұсыным дайындайды (ұсынылатын "
              "шараны прокурор таңдайды) және өңірлік палатаға хабарлайды. Бұл заң емес: № 261-IV "
              "Заңның 144-бабының 1-тармағын толықтыру туралы ғылыми ұсыным; сол зерттеуде "
              "«бір жыл ішінде бес және одан көп акт» деген нұсқа да бар. Шек, кезең "
              "(күнтізбелік жыл немесе кез келген 365 күн) және есептелетін актілер — "
              "Qadagalau-дың баптаулары.",
        "ru": "Если прокуроры в течение календарного года внесли в отношении деятельности "
              "частного судебного исполнителя более трёх актов прокурорского надзора (протест, "
              "представление, постановление прокурора, указание), Qadagalau готовит "
              "уполномоченному органу предложение о приостановлении действия лицензии или о "
              "лишении лицензии (выбирает прокурор) и уведомляет региональную палату. Это не "
              "закон: научное предложение дополнить п. 1 ст. 144 Закона № 261-IV; в том же "
              "исследовании есть и вариант «пять и более актов в течение года». Порог, период "
              "(календарный год или любые 365 дней) и учитываемые акты — настройки Qadagalau.",
        "en": "When prosecutors bring more than three acts of prosecutorial supervision "
              "(protest, representation, prosecutor's decree, instruction) against a private "
              "bailiff's work in a calendar year, Qadagalau drafts a proposal to the authorised "
              "body to suspend or to revoke the licence (the prosecutor chooses) and notifies "
              "the regional chamber. This is not law: it is a research proposal to add to "
              "Art. 144(1) of Law No. 261-IV, which also mentions \"five or more acts within "
              "a year\". The threshold, the window (calendar year or any 365 days) and the "
              "kinds counted are Qadagalau's settings.",
    },
    "ACT_RESPONSE_TERM": {
        "kk": "Прокурордың наразылығын тиісті орган немесе лауазымды адам күнтізбелік он күн "
              "ішінде қарауға тиіс; прокурор қараудың өзге мерзімін белгілей алады, бірақ ол "
              "үш жұмыс күнінен кем болмайды («Прокуратура туралы» Конституциялық заңның "
              "33-бабының 3-тармағы). Ұсыныс күнтізбелік отыз күн ішінде, ал орны толмас "
              "зардап қаупі болған жағдайда прокурор белгілеген мерзімде қаралуы тиіс (сол "
              "Заңның 36-бабы). Өзге актілердің қарау мерзімі прокурор оны белгілегенде ғана "
              "болады.",
        "ru": "Протест прокурора подлежит рассмотрению соответствующим органом или должностным "
              "лицом в течение десяти календарных дней; прокурор вправе установить иной срок "
              "рассмотрения, но не менее трёх рабочих дней (п. 3 ст. 33 Конституционного "
              "закона «О прокуратуре»). Представление подлежит рассмотрению в течение тридцати "
              "календарных дней, а при угрозе необратимых последствий — в срок, установленный "
              "прокурором (ст. 36 того же Закона). У иных актов срок рассмотрения есть, только "
              "если его установил прокурор.",
        "en": "A protest is considered within ten calendar days; the prosecutor may set another "
              "term of consideration, but not less than three working days (Constitutional Law "
              "\"On the Prosecutor's Office\", Art. 33(3)). A representation is considered "
              "within thirty calendar days, or within the term the prosecutor sets where "
              "irreparable harm threatens (the same Law, Art. 36). Other acts have a term only "
              "when the prosecutor sets one.",
    },
    "UNSANCTIONED_EXECUTION": {
        "kk": "Прокурордың санкциясын қажет ететін қаулы санкциясыз немесе санкция берілгенге "
              "дейін орындалды (№ 261-IV Заңның 62-бабының 1-тармағы).",
        "ru": "Постановление, требующее санкции прокурора, исполнено без санкции или до её "
              "дачи (п. 1 ст. 62 Закона № 261-IV).",
        "en": "A decree that needs the prosecutor's sanction was executed without it or before "
              "it was granted (Law No. 261-IV, Art. 62(1)).",
    },
    "SANCTION_DECISION_TERM": {
        "kk": "Прокурор санкциялауға түскен қаулы бойынша шешімді (санкция беру немесе одан бас "
              "тарту) Qadagalau-да белгіленген мерзімде қабылдамады. Заң бұл мерзімді "
              "белгілемейді: ол — Qadagalau-дың саясаты (баптау).",
        "ru": "Прокурор не принял решение (дать санкцию или отказать в ней) по поступившему на "
              "санкционирование постановлению в срок, установленный в Qadagalau. Закон этот "
              "срок не устанавливает: это политика Qadagalau (настройка).",
        "en": "The prosecutor did not decide (grant or refuse) on a decree submitted for "
              "sanction within the term set in Qadagalau. The law sets no such term: it is "
              "Qadagalau's policy (a setting).",
    },
    "APPEAL_TERM": {
        "kk": "Сот орындаушысына қатысты жолданымға түпкілікті жауап мерзімінде берілмеді: "
              "жолданым прокуратура органдарына келіп түскен күнінен бастап он бес жұмыс күні "
              "ішінде, мерзім ұзартылса — ұзартылған мерзімде (екі айдан аспайды), ал жолданым "
              "бойынша тексеру тағайындалса — ол аяқталғаннан кейін он жұмыс күні ішінде "
              "қаралады.",
        "ru": "Окончательный ответ на обращение о действиях судебного исполнителя не дан в "
              "срок: обращение рассматривается в течение пятнадцати рабочих дней со дня его "
              "поступления в органы прокуратуры, при продлении — в продлённый срок (не более "
              "двух месяцев), а если по обращению назначена проверка — в течение десяти рабочих "
              "дней после её окончания.",
        "en": "The final answer to an appeal about a bailiff was not given in time: fifteen "
              "working days from its receipt by the prosecutor's office, or the extended term "
              "(at most two months), or ten working days after an inspection ordered on it "
              "ends.",
    },
    "APPEAL_EXTENSION_NOTICE_TERM": {
        "kk": "Жолданымды қарау мерзімінің ұзартылғаны туралы жолданым жіберушіге мерзім "
              "ұзартылған күннен бастап үш жұмыс күні ішінде хабарланбады.",
        "ru": "Заявитель не уведомлён о продлении срока рассмотрения обращения в течение трёх "
              "рабочих дней со дня продления.",
        "en": "The applicant was not told of the extension of the appeal's term within three "
              "working days of the extension.",
    },
}

ACT_KIND_NAMES: dict[str, dict[str, str]] = {
    # Acts of prosecutorial supervision (Constitutional Law "On the Prosecutor's Office",
    # Art. 32(1)): protest, sanction, instruction, representation, decree. A sanction is given
    # on the sanctions page, not issued here.
    "protest": {"kk": "наразылық", "ru": "протест", "en": "protest"},
    "representation": {"kk": "ұсыныс", "ru": "представление", "en": "representation"},
    "prosecutor_decree": {"kk": "прокурордың қаулысы", "ru": "постановление прокурора",
                          "en": "prosecutor's decree"},
    "instruction": {"kk": "нұсқау", "ru": "указание", "en": "instruction"},
    # Acts of prosecutorial response (the same Law, Arts. 38–41).
    "petition": {"kk": "өтінішхат", "ru": "ходатайство", "en": "petition"},
    "claim": {"kk": "сотқа арыз (талап қою)", "ru": "заявление (иск) в суд",
              "en": "claim to court"},
    "appeal": {"kk": "үндеу", "ru": "обращение прокурора", "en": "public address (Art. 40)"},
    "warning": {"kk": "заң бұзушылыққа жол берілмейтіні туралы түсіндіру",
                "ru": "разъяснение о недопустимости нарушения закона",
                "en": "explanation that breaking the law is inadmissible"},
    # Kept for the systems that send them; not acts of supervision (docs/glossary.md).
    "disciplinary_demand": {"kk": "тәртіптік жауапкершілікке тарту туралы талап",
                            "ru": "требование о привлечении к дисциплинарной ответственности",
                            "en": "demand for disciplinary liability"},
    "transfer_request": {
        "kk": "атқарушылық құжатты алып, басқа сот орындаушысына беру туралы жолдама",
        "ru": "направление об изъятии исполнительного документа и передаче другому "
              "судебному исполнителю",
        "en": "referral to take the enforcement document and pass it to another bailiff"},
}


# What an answer did with an act (`act.answered.result`), and going to court after an act was
# rejected or left unconsidered (the same Law, Art. 39: "прокурорлық қадағалау актілері
# қабылданбаған не олар қараусыз қалдырылған кезде … сотқа жүгінуге құқылы").
ANSWER_RESULT_NAMES: dict[str, dict[str, str]] = {
    "satisfied": {"kk": "қанағаттандырылды", "ru": "удовлетворён", "en": "satisfied"},
    "partly": {"kk": "ішінара қанағаттандырылды", "ru": "удовлетворён частично",
               "en": "partly satisfied"},
    "rejected": {"kk": "қанағаттандырусыз қалдырылды", "ru": "оставлен без удовлетворения",
                 "en": "rejected"},
    "unknown": {"kk": "көрсетілмеген", "ru": "не указан", "en": "not given"},
}
ACT_OUTCOME_LABELS: dict[str, dict[str, str]] = {
    "result": {"kk": "Қарау нәтижесі", "ru": "Результат рассмотрения", "en": "Result"},
    "recovered": {"kk": "Акт негізінде өндірілген сома, ₸",
                  "ru": "Взыскано на основании акта, ₸",
                  "en": "Recovered on the act's strength, ₸"},
    "court_filed_on": {"kk": "Сотқа жүгінген күні", "ru": "Дата обращения в суд",
                       "en": "Went to court on"},
}


def in_language(table: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """One language's column of a table, e.g. every rule's title in Russian."""
    return {code: names[lang] for code, names in table.items()}

"""The pages' words in Kazakh (the default), Russian and English, and local dates and numbers.

Every label of a template is a key of MESSAGES; a key missing in a language is a bug that the
tests find (tests/unit/test_web_i18n.py), not a string shown half-translated. Dates and numbers
are formatted by Babel's CLDR data: 01.12.2025 in Kazakh and Russian, 1 Dec 2025 in English.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from shared.clock import KAZAKHSTAN
from shared.legal.texts import (
    ACT_KIND_NAMES,
    ACT_OUTCOME_LABELS,
    ANSWER_RESULT_NAMES,
    RULE_TITLES,
)
from shared.regions import region_name

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}
DATE_FORMATS = {"kk": "dd.MM.yyyy", "ru": "dd.MM.yyyy", "en": "d MMM yyyy"}

M = dict[str, dict[str, str]]

MESSAGES: M = {
    # navigation and frame
    "nav.skip": {"kk": "Негізгі мазмұнға өту", "ru": "Перейти к содержанию",
                 "en": "Skip to content"},
    "nav.label": {"kk": "Бөлімдер", "ru": "Разделы", "en": "Sections"},
    "nav.languages": {"kk": "Тіл", "ru": "Язык", "en": "Language"},
    "nav.dashboard": {"kk": "Шолу", "ru": "Обзор", "en": "Dashboard"},
    "nav.alerts": {"kk": "Заң бұзушылықтар", "ru": "Нарушения", "en": "Alerts"},
    "nav.sanctions": {"kk": "Санкциялар", "ru": "Санкции", "en": "Sanctions"},
    "nav.acts": {"kk": "Прокурорлық актілер", "ru": "Акты прокурора", "en": "Prosecutor's acts"},
    "nav.inbox": {"kk": "Есептер", "ru": "Отчёты", "en": "Reports"},
    "nav.sign_out": {"kk": "Шығу", "ru": "Выйти", "en": "Sign out"},
    "nav.back_home": {"kk": "Шолуға оралу", "ru": "Вернуться к обзору",
                      "en": "Back to the dashboard"},
    "nav.next_page": {"kk": "Келесі бет", "ru": "Следующая страница", "en": "Next page"},
    "language.kk": {"kk": "Қазақша", "ru": "Қазақша", "en": "Қазақша"},
    "language.ru": {"kk": "Русский", "ru": "Русский", "en": "Русский"},
    "language.en": {"kk": "English", "ru": "English", "en": "English"},
    "role.prosecutor": {"kk": "прокурор", "ru": "прокурор", "en": "prosecutor"},
    "role.chamber": {"kk": "палата", "ru": "палата", "en": "chamber"},
    "role.justice": {"kk": "әділет органы", "ru": "орган юстиции", "en": "justice body"},
    "role.auditor": {"kk": "бақылаушы", "ru": "наблюдатель", "en": "auditor"},
    "role.supervisor": {"kk": "жоғары тұрған прокурор", "ru": "вышестоящий прокурор",
                        "en": "supervising prosecutor"},
    "role.admin": {"kk": "әкімші", "ru": "администратор", "en": "administrator"},
    "role.bailiff-system": {"kk": "жүйе", "ru": "система", "en": "system"},
    # signing in, errors
    "signin.title": {"kk": "Жүйеге кіру", "ru": "Вход в систему", "en": "Sign in"},
    "signin.name": {"kk": "Пайдаланушы аты", "ru": "Имя пользователя", "en": "User name"},
    "signin.password": {"kk": "Құпиясөз", "ru": "Пароль", "en": "Password"},
    "signin.submit": {"kk": "Кіру", "ru": "Войти", "en": "Sign in"},
    "signin.wrong": {"kk": "Аты немесе құпиясөз қате.", "ru": "Неверное имя или пароль.",
                     "en": "Wrong name or password."},
    "signin.locked": {
        "kk": "Тым көп сәтсіз әрекет: кіру {minutes} минутқа бұғатталды.",
        "ru": "Слишком много неудачных попыток: вход заблокирован на {minutes} мин.",
        "en": "Too many failed attempts: signing in is locked for {minutes} minutes."},
    "error.title": {"kk": "Орындалмады", "ru": "Не выполнено", "en": "Not done"},
    "error.csrf": {
        "kk": "Форманың мерзімі өтті немесе ол басқа беттен келді. Бетті жаңартып, қайталаңыз.",
        "ru": "Форма устарела или пришла с другой страницы. Обновите страницу и повторите.",
        "en": "The form is stale or came from another page. Reload the page and try again."},
    "error.forbidden": {"kk": "Бұл сіздің құзыретіңізге жатпайды.",
                        "ru": "Это вне вашей компетенции.",
                        "en": "This is outside your jurisdiction."},
    "error.not_found": {"kk": "Сіздің аумағыңызда мұндай жазба жоқ.",
                        "ru": "На поднадзорной вам территории такой записи нет.",
                        "en": "There is no such record in your jurisdiction."},
    "error.conflict": {"kk": "Бұл әрекет бұрын орындалған немесе енді мүмкін емес.",
                       "ru": "Это действие уже выполнено или больше невозможно.",
                       "en": "This was done already or can no longer be done."},
    "error.refused": {"kk": "Сервис сұрауды қабылдамады.", "ru": "Сервис отклонил запрос.",
                      "en": "The service refused the request."},
    "error.unavailable": {"kk": "Сервис қазір жауап бермейді. Біраздан соң қайталаңыз.",
                          "ru": "Сервис сейчас не отвечает. Повторите чуть позже.",
                          "en": "The service does not answer now. Try again shortly."},
    # dashboard
    "dashboard.title": {"kk": "Шолу", "ru": "Обзор", "en": "Dashboard"},
    "dashboard.open": {"kk": "Шешілмеген заң бұзушылықтар", "ru": "Нерешённые нарушения",
                       "en": "Breaches not yet resolved"},
    "dashboard.open_caption": {"kk": "Ереже мен өңір бойынша", "ru": "По правилам и регионам",
                               "en": "By rule and region"},
    "dashboard.none_open": {"kk": "Шешілмеген заң бұзушылық жоқ.",
                            "ru": "Нерешённых нарушений нет.",
                            "en": "No breach awaits resolution."},
    "dashboard.trend": {"kk": "Апта сайынғы динамика", "ru": "Динамика по неделям",
                        "en": "Trend over weeks"},
    "dashboard.trend_caption": {"kk": "Аптасына анықталған заң бұзушылықтар",
                                "ru": "Нарушения, выявленные за неделю",
                                "en": "Breaches raised per week"},
    "dashboard.week": {"kk": "Апта", "ru": "Неделя", "en": "Week of"},
    "dashboard.raised": {"kk": "Анықталды", "ru": "Выявлено", "en": "Raised"},
    "dashboard.bar": {"kk": "Диаграмма", "ru": "Диаграмма", "en": "Chart"},
    "dashboard.sanctions": {"kk": "Санкция кезегі", "ru": "Очередь санкций",
                            "en": "Sanction queue"},
    "dashboard.pending": {"kk": "Шешім күтуде", "ru": "Ожидают решения",
                          "en": "Awaiting decision"},
    "dashboard.oldest": {"kk": "Ең ұзақ күтудегі қаулы", "ru": "Дольше всех ожидает",
                         "en": "Oldest request"},
    "dashboard.days_ago": {"kk": "{days} күн бұрын", "ru": "{days} дн. назад",
                           "en": "{days} days ago"},
    "dashboard.licence": {"kk": "Лицензия шегі: жеке сот орындаушыларына қатысты актілер",
                          "ru": "Порог для лицензии: акты в отношении частных судебных "
                                "исполнителей",
                          "en": "Acts against the licence threshold"},
    "dashboard.licence_caption": {"kk": "Қадағалау актілері енгізілген жеке сот орындаушылары",
                                  "ru": "Частные судебные исполнители, в отношении которых "
                                        "внесены акты надзора",
                                  "en": "Private bailiffs with acts"},
    "dashboard.no_acts": {"kk": "Актілер жоқ.", "ru": "Актов нет.", "en": "No acts."},
    # the alert queue and an alert
    "alerts.title": {"kk": "Заң бұзушылықтар кезегі", "ru": "Очередь нарушений",
                     "en": "Alert queue"},
    "alerts.caption": {"kk": "Сіздің аумағыңыздағы заң бұзушылықтар",
                       "ru": "Нарушения на поднадзорной вам территории",
                       "en": "Breaches in your jurisdiction"},
    "alerts.empty": {"kk": "Заң бұзушылық жоқ.", "ru": "Нарушений нет.", "en": "No alerts."},
    "alerts.select": {"kk": "Таңдау", "ru": "Выбор", "en": "Select"},
    "alerts.select_one": {"kk": "{id} заң бұзушылығын таңдау", "ru": "Выбрать нарушение {id}",
                          "en": "Select alert {id}"},
    "alerts.bulk": {"kk": "Таңдалғандармен", "ru": "С выбранными", "en": "With the selected"},
    "alerts.assign": {"kk": "Тағайындау", "ru": "Назначить", "en": "Assign"},
    "alerts.acknowledge": {"kk": "Жұмысқа алу", "ru": "Принять в работу", "en": "Acknowledge"},
    "alerts.bulk_done": {"kk": "Орындалды: {count}.", "ru": "Выполнено: {count}.",
                         "en": "Done: {count}."},
    "alerts.bulk_failed": {"kk": "Орындалмады: {count}.", "ru": "Не выполнено: {count}.",
                           "en": "Not done: {count}."},
    "filter.any": {"kk": "Барлығы", "ru": "Все", "en": "Any"},
    "filter.sort": {"kk": "Сұрыптау", "ru": "Сортировка", "en": "Sort by"},
    "filter.sort_due": {"kk": "Мерзім бойынша", "ru": "По сроку", "en": "Due date"},
    "filter.sort_arrival": {"kk": "Түскен реті бойынша", "ru": "По поступлению",
                            "en": "Arrival"},
    "filter.sort_risk": {"kk": "Тәуекел бойынша", "ru": "По риску", "en": "Risk"},
    "alerts.none_chosen": {"kk": "Алдымен заң бұзушылықтарды таңдаңыз.",
                           "ru": "Сначала выберите нарушения.",
                           "en": "Select alerts first."},
    "risk.probability": {"kk": "Бұзу ықтималдығы", "ru": "Вероятность нарушения",
                         "en": "Risk of breach"},
    "risk.because": {"kk": "Себептері", "ru": "Причины", "en": "Main reasons"},
    "risk.title": {"kk": "Мерзімді бұзу тәуекелі", "ru": "Риск нарушения сроков",
                   "en": "Risk of a breach"},
    "risk.caption": {"kk": "Модельдің бағасы, мерзімі әлі өтпеген ережелер бойынша",
                     "ru": "Оценка модели по срокам, которые ещё не истекли",
                     "en": "The model's estimate for terms still running"},
    "risk.riskiest": {"kk": "Бұзу қаупі жоғары істер", "ru": "Производства под угрозой",
                      "en": "Proceedings most at risk"},
    "risk.riskiest_caption": {"kk": "Ашық істер, тәуекелі жоғарылары бірінші",
                              "ru": "Открытые производства, сначала самые рискованные",
                              "en": "Open proceedings, highest risk first"},
    "risk.none": {"kk": "Тәуекел бағалары әлі жоқ.", "ru": "Оценок риска пока нет.",
                  "en": "No risk scores yet."},
    "filter.apply": {"kk": "Көрсету", "ru": "Показать", "en": "Show"},
    "filter.action": {"kk": "Әрекет күтетіндер", "ru": "Требуют действий",
                      "en": "Needs action"},
    "alert.debtor": {"kk": "Борышкер", "ru": "Должник", "en": "Debtor"},
    "alert.amount": {"kk": "Өндіріп алу сомасы, ₸", "ru": "Сумма взыскания, ₸",
                     "en": "Amount to recover, ₸"},
    "alert.region": {"kk": "Өңір", "ru": "Регион", "en": "Region"},
    "alert.overdue": {"kk": "Мерзімнен кешігуі", "ru": "Просрочка", "en": "Overdue by"},
    "alert.overdue_by": {"kk": "мерзімі өткен: {days}", "ru": "просрочено на {days}",
                         "en": "overdue by {days}"},
    "alert.assign_to_me": {"kk": "Өзіме ({name})", "ru": "Себе ({name})",
                           "en": "Myself ({name})"},
    "debtor.individual": {"kk": "жеке тұлға", "ru": "физическое лицо", "en": "individual"},
    "debtor.legal_entity": {"kk": "заңды тұлға", "ru": "юридическое лицо",
                            "en": "legal entity"},
    "alert.rule": {"kk": "Ереже", "ru": "Правило", "en": "Rule"},
    "alert.proceeding": {"kk": "Атқарушылық іс", "ru": "Производство", "en": "Proceeding"},
    "alert.bailiff": {"kk": "Сот орындаушысы", "ru": "Судебный исполнитель", "en": "Bailiff"},
    "alert.due": {"kk": "Мерзімнің соңғы күні", "ru": "Последний день срока",
                  "en": "Last day"},
    "alert.state": {"kk": "Жағдайы", "ru": "Состояние", "en": "State"},
    "alert.status": {"kk": "Жұмыс барысы", "ru": "Ход работы", "en": "Status"},
    "alert.assignee": {"kk": "Жауапты қызметкер", "ru": "Ответственный работник",
                       "en": "Assignee"},
    "alert.done_on": {"kk": "Орындалған күні", "ru": "Дата исполнения", "en": "Done on"},
    "alert.property": {"kk": "Мүлік", "ru": "Имущество", "en": "Property"},
    "alert.decree": {"kk": "Қаулы", "ru": "Постановление", "en": "Decree"},
    "alert.act": {"kk": "Акт", "ru": "Акт", "en": "Act"},
    "alert.territory": {"kk": "Аумақ", "ru": "Территория", "en": "Territory"},
    "alert.law": {"kk": "Құқықтық негіз", "ru": "Правовое основание", "en": "The law"},
    "alert.actions": {"kk": "Әрекеттер", "ru": "Действия", "en": "Actions"},
    "alert.reason": {"kk": "Негіздеме", "ru": "Обоснование", "en": "Reason"},
    "alert.resolve": {"kk": "Шешілді деп белгілеу", "ru": "Отметить решённым",
                      "en": "Mark resolved"},
    "alert.dismiss": {"kk": "Негізсіз деп жабу", "ru": "Закрыть как необоснованное",
                      "en": "Dismiss"},
    "alert.history": {"kk": "Тарихы", "ru": "История", "en": "History"},
    "alert.done.assigned": {"kk": "Тағайындалды.", "ru": "Назначено.", "en": "Assigned."},
    "alert.done.acknowledged": {"kk": "Жұмысқа қабылданды.", "ru": "Принято в работу.",
                                "en": "Acknowledged."},
    "alert.done.resolved": {"kk": "Шешілді.", "ru": "Решено.", "en": "Resolved."},
    "alert.done.dismissed": {"kk": "Негізсіз деп жабылды.", "ru": "Закрыто как необоснованное.",
                             "en": "Dismissed."},
    "state.open": {"kk": "орындалмаған", "ru": "не исполнено", "en": "open"},
    "state.late": {"kk": "кешіктіріліп орындалған", "ru": "исполнено с опозданием",
                   "en": "late"},
    "status.new": {"kk": "жаңа", "ru": "новое", "en": "new"},
    "status.assigned": {"kk": "тағайындалған", "ru": "назначено", "en": "assigned"},
    "status.acknowledged": {"kk": "жұмыста", "ru": "в работе", "en": "acknowledged"},
    "status.resolved": {"kk": "шешілген", "ru": "решено", "en": "resolved"},
    "status.dismissed": {"kk": "негізсіз деп жабылған", "ru": "закрыто как необоснованное",
                         "en": "dismissed"},
    "status.withdrawn": {"kk": "кері қайтарып алынған", "ru": "отозвано", "en": "withdrawn"},
    "history.raised": {"kk": "анықталды", "ru": "выявлено", "en": "raised"},
    "history.changed": {"kk": "өзгерді", "ru": "изменено", "en": "changed"},
    "history.withdrawn": {"kk": "кері қайтарып алынды", "ru": "отозвано", "en": "withdrawn"},
    "history.assigned": {"kk": "тағайындалды", "ru": "назначено", "en": "assigned"},
    "history.acknowledged": {"kk": "жұмысқа қабылданды", "ru": "принято в работу",
                             "en": "acknowledged"},
    "history.resolved": {"kk": "шешілді", "ru": "решено", "en": "resolved"},
    "history.dismissed": {"kk": "негізсіз деп жабылды", "ru": "закрыто как необоснованное",
                          "en": "dismissed"},
    # acts
    "acts.title": {"kk": "Прокурорлық қадағалау және ден қою актілері",
                   "ru": "Акты прокурорского надзора и реагирования",
                   "en": "Acts of prosecutorial supervision and response"},
    "acts.caption": {"kk": "Актілер тізілімі", "ru": "Реестр актов", "en": "The ledger of acts"},
    "acts.empty": {"kk": "Актілер жоқ.", "ru": "Актов нет.", "en": "No acts."},
    "act.id": {"kk": "Акт", "ru": "Акт", "en": "Act"},
    "act.title": {"kk": "{id} актісі", "ru": "Акт {id}", "en": "Act {id}"},
    # Appeals: the seed's own words (001 L3604–3632): жолданым, жолданым жіберуші, жолданымды
    # қарау мерзімі, мерзімді ұзарту, тексеру, түпкілікті жауап.
    "nav.appeals": {"kk": "Жолданымдар", "ru": "Обращения", "en": "Appeals"},
    "nav.oversight": {"kk": "Аудандар", "ru": "Районы", "en": "Districts"},
    "oversight.title": {"kk": "Аудандар бойынша қадағалау", "ru": "Надзор по районам",
                        "en": "Supervision by district"},
    "oversight.caption": {"kk": "{start} — {end} кезеңі", "ru": "Период {start} — {end}",
                          "en": "{start} to {end}"},
    "oversight.show": {"kk": "Көрсету", "ru": "Показать", "en": "Show"},
    "oversight.district": {"kk": "Аудан", "ru": "Район", "en": "District"},
    "oversight.breaches": {"kk": "Анықталған заң бұзушылықтар",
                           "ru": "Выявленные нарушения", "en": "Breaches found"},
    "oversight.open": {"kk": "жойылмағаны: {count}", "ru": "не устранено: {count}",
                       "en": "{count} still open"},
    "oversight.acts": {"kk": "Прокурорлық қадағалау актілері",
                       "ru": "Акты прокурорского надзора", "en": "Acts"},
    "oversight.appeals": {"kk": "Жолданымдар", "ru": "Обращения", "en": "Appeals"},
    "oversight.in_time": {"kk": "мерзімінде: {count}", "ru": "в срок: {count}",
                          "en": "in time: {count}"},
    "oversight.late": {"kk": "мерзімі бұзылғаны: {count}", "ru": "с нарушением срока: {count}",
                       "en": "late: {count}"},
    "oversight.proposals": {"kk": "Лицензия жөніндегі ұсынымдар",
                            "ru": "Предложения по лицензиям", "en": "Licence proposals"},
    "oversight.empty": {"kk": "Кезеңде деректер жоқ.", "ru": "За период данных нет.",
                        "en": "Nothing in the period."},
    "appeals.title": {"kk": "Сот орындаушылары туралы жолданымдар",
                      "ru": "Обращения о действиях судебных исполнителей",
                      "en": "Appeals about bailiffs"},
    "appeals.caption": {"kk": "Келіп түскен күні бойынша", "ru": "В порядке поступления",
                        "en": "In order of receipt"},
    "appeals.empty": {"kk": "Жолданымдар жоқ.", "ru": "Обращений нет.", "en": "No appeals."},
    "appeals.register": {"kk": "Жолданымды тіркеу", "ru": "Зарегистрировать обращение",
                         "en": "Register an appeal"},
    "appeal.one": {"kk": "Жолданым", "ru": "Обращение", "en": "Appeal"},
    "appeal.title": {"kk": "{id} жолданымы", "ru": "Обращение {id}", "en": "Appeal {id}"},
    "appeal.received": {"kk": "Келіп түскен күні", "ru": "Дата поступления",
                        "en": "Received"},
    "appeal.applicant": {"kk": "Жолданым жіберуші", "ru": "Заявитель", "en": "Applicant"},
    "appeal.applicant_kind": {"kk": "Жолданым жіберуші — ", "ru": "Заявитель — ",
                              "en": "Applicant is"},
    "appeal.applicant_iin": {"kk": "ЖСН/БСН", "ru": "ИИН/БИН", "en": "IIN/BIN"},
    "appeal.summary": {"kk": "Жолданымның мәні", "ru": "Суть обращения", "en": "Summary"},
    "appeal.due": {"kk": "Қарау мерзімі", "ru": "Срок рассмотрения", "en": "Answer due"},
    "appeal.during_inspection": {"kk": "тексеру аяқталғаннан кейін он жұмыс күні ішінде",
                                 "ru": "в течение десяти рабочих дней после окончания проверки",
                                 "en": "ten working days after the inspection ends"},
    "appeal.extended": {"kk": "Мерзім ұзартылды", "ru": "Срок продлён", "en": "Term extended"},
    "appeal.extended_until": {"kk": "Ұзартылған мерзім", "ru": "Продлённый срок",
                              "en": "Extended until"},
    "appeal.extension_reason": {"kk": "Ұзартудың негіздемесі", "ru": "Обоснование продления",
                                "en": "Reason"},
    "appeal.notified": {"kk": "Жолданым жіберушіге хабарланды",
                        "ru": "Заявитель уведомлён", "en": "Applicant told"},
    "appeal.inspection": {"kk": "Жолданым бойынша тексеру", "ru": "Проверка по обращению",
                          "en": "Inspection"},
    "appeal.answer": {"kk": "Түпкілікті жауап", "ru": "Окончательный ответ",
                      "en": "Final answer"},
    "appeal.answer_text": {"kk": "Жауаптың мәтіні", "ru": "Текст ответа", "en": "Text"},
    "appeal.on": {"kk": "Күні", "ru": "Дата", "en": "On"},
    "appeal.result.satisfied": {"kk": "қанағаттандырылды", "ru": "удовлетворено",
                                "en": "satisfied"},
    "appeal.result.partly": {"kk": "ішінара қанағаттандырылды", "ru": "удовлетворено частично",
                             "en": "partly satisfied"},
    "appeal.result.rejected": {"kk": "қанағаттандырусыз қалдырылды",
                               "ru": "оставлено без удовлетворения", "en": "rejected"},
    "appeal.result.explained": {"kk": "түсіндірілді", "ru": "разъяснено", "en": "explained"},
    "appeal.step.extend": {"kk": "Қарау мерзімін ұзарту", "ru": "Продлить срок рассмотрения",
                           "en": "Extend the term"},
    "appeal.step.notify": {"kk": "Жолданым жіберушіге хабарланғанын тіркеу",
                           "ru": "Зарегистрировать уведомление заявителя",
                           "en": "Record telling the applicant"},
    "appeal.step.order_inspection": {"kk": "Тексеру тағайындау", "ru": "Назначить проверку",
                                     "en": "Order an inspection"},
    "appeal.step.end_inspection": {"kk": "Тексерудің аяқталуын тіркеу",
                                   "ru": "Зарегистрировать окончание проверки",
                                   "en": "Record the inspection's end"},
    "appeal.step.answer": {"kk": "Түпкілікті жауапты тіркеу",
                           "ru": "Зарегистрировать окончательный ответ",
                           "en": "Record the final answer"},
    "appeal.done.registered": {"kk": "Жолданым тіркелді.", "ru": "Обращение зарегистрировано.",
                               "en": "The appeal was registered."},
    "appeal.done.extend": {"kk": "Мерзім ұзартылды.", "ru": "Срок продлён.",
                           "en": "The term was extended."},
    "appeal.done.notify": {"kk": "Хабарлау тіркелді.", "ru": "Уведомление зарегистрировано.",
                           "en": "Recorded."},
    "appeal.done.order_inspection": {"kk": "Тексеру тағайындалды.", "ru": "Проверка назначена.",
                                     "en": "The inspection was ordered."},
    "appeal.done.end_inspection": {"kk": "Тексерудің аяқталуы тіркелді.",
                                   "ru": "Окончание проверки зарегистрировано.",
                                   "en": "The inspection's end was recorded."},
    "appeal.done.answer": {"kk": "Түпкілікті жауап тіркелді.",
                           "ru": "Окончательный ответ зарегистрирован.",
                           "en": "The final answer was recorded."},
    "act.term": {"kk": "Қарау мерзімі (міндетті емес)", "ru": "Срок рассмотрения (необязательно)",
                 "en": "Term of consideration (optional)"},
    "act.term_hint": {"kk": "Наразылықтың мерзімі кемінде үш жұмыс күні.",
                      "ru": "Срок протеста — не менее трёх рабочих дней.",
                      "en": "A protest's term is at least three working days."},
    "act.alerts": {"kk": "Акт шешкен заң бұзушылықтар", "ru": "Нарушения, разрешённые актом",
                   "en": "Alerts the act resolved"},
    "act.acts": {"kk": "Актілер", "ru": "Акты", "en": "Acts"},
    "act.answer": {"kk": "Қарау нәтижесі", "ru": "Результат рассмотрения",
                   "en": "The answer"},
    "act.result": {"kk": "Нәтижесі", "ru": "Результат", "en": "Result"},
    **{f"act.result.{result}": names for result, names in ANSWER_RESULT_NAMES.items()},
    "act.recovered": ACT_OUTCOME_LABELS["recovered"],
    "act.court_filed_on": ACT_OUTCOME_LABELS["court_filed_on"],
    "act.take_to_court": {"kk": "Сотқа жүгінуді тіркеу",
                          "ru": "Зарегистрировать обращение в суд",
                          "en": "Record going to court"},
    "act.court_why": {
        "kk": "Акт қабылданбаған не қараусыз қалдырылған: прокурор сотқа жүгінуге құқылы "
              "(«Прокуратура туралы» ҚР Конституциялық заңының 39-бабы).",
        "ru": "Акт отклонён или оставлен без рассмотрения: прокурор вправе обратиться в суд "
              "(статья 39 Конституционного закона РК «О прокуратуре»).",
        "en": "The act was rejected or left unconsidered: the prosecutor may go to court "
              "(Constitutional Law \"On the Prosecutor's Office\", Art. 39)."},
    "act.court_done": {"kk": "Сотқа жүгіну тіркелді.", "ru": "Обращение в суд зарегистрировано.",
                       "en": "Going to court was recorded."},
    "bailiff.act_results": {"kk": "Биылғы актілердің нәтижелері",
                            "ru": "Результаты актов за этот год",
                            "en": "This year's acts: what they achieved"},
    "act.unanswered": {"kk": "жауап жоқ", "ru": "без ответа", "en": "unanswered"},
    "act.taken_to_court": {"kk": "сотқа жүгінілді", "ru": "обращений в суд",
                           "en": "taken to court"},
    "act.record_answer": {"kk": "Қарау нәтижесін тіркеу",
                          "ru": "Зарегистрировать результат рассмотрения",
                          "en": "Record the answer"},
    "act.answer_done": {"kk": "Қарау нәтижесі тіркелді.",
                        "ru": "Результат рассмотрения зарегистрирован.",
                        "en": "The answer was recorded."},
    "act.no_term": {"kk": "заңда мерзім жоқ", "ru": "срок законом не установлен",
                    "en": "no term in law"},
    "act.kind": {"kk": "Актінің түрі", "ru": "Вид акта", "en": "Kind"},
    "act.addressee": {"kk": "Кімге", "ru": "Адресат", "en": "Addressee"},
    "act.issue": {"kk": "Акт енгізу", "ru": "Внести акт", "en": "Issue the act"},
    "act.registered": {"kk": "Тіркелген күні", "ru": "Дата регистрации", "en": "Registered"},
    "act.response_due": {"kk": "Қарау мерзімі", "ru": "Срок рассмотрения",
                         "en": "Consideration due"},
    "act.answered": {"kk": "Қарау нәтижесі хабарланған күні",
                     "ru": "Дата сообщения о результатах рассмотрения",
                     "en": "Result reported on"},
    "act.done": {"kk": "{id} актісі енгізілді.", "ru": "Акт {id} внесён.",
                 "en": "Act {id} issued."},
    # proceedings
    "proceeding.title": {"kk": "{id} атқарушылық ісі", "ru": "Производство {id}",
                         "en": "Proceeding {id}"},
    "proceeding.alerts": {"kk": "Заң бұзушылықтар", "ru": "Нарушения", "en": "Breaches"},
    "proceeding.alerts_caption": {"kk": "Осы іс бойынша", "ru": "По этому производству",
                                  "en": "In this proceeding"},
    "proceeding.timeline": {"kk": "Іс барысы", "ru": "Ход производства", "en": "Timeline"},
    "proceeding.timeline_caption": {"kk": "Сот орындаушысы жүйесінің оқиғалары",
                                    "ru": "События системы судебных исполнителей",
                                    "en": "Events from the bailiffs' system"},
    "proceeding.date": {"kk": "Күні", "ru": "Дата", "en": "Date"},
    "proceeding.event": {"kk": "Оқиға", "ru": "Событие", "en": "Event"},
    "proceeding.detail": {"kk": "Толығырақ", "ru": "Подробности", "en": "Detail"},
    # sanctions
    "sanctions.title": {"kk": "Санкция кезегі", "ru": "Очередь санкций",
                        "en": "Sanction queue"},
    "sanctions.caption": {"kk": "Ең ескісі бірінші", "ru": "Сначала самые старые",
                          "en": "Oldest first"},
    "sanctions.empty": {"kk": "Шешім күтетін қаулы жоқ.", "ru": "Постановлений, ожидающих "
                                                           "решения, нет.",
                        "en": "Nothing awaits a decision."},
    "sanction.decree": {"kk": "Қаулы", "ru": "Постановление", "en": "Decree"},
    "sanction.kind": {"kk": "Қаулының түрі", "ru": "Вид постановления", "en": "Kind"},
    "sanction.received": {"kk": "Түскен күні", "ru": "Поступило", "en": "Received"},
    "sanction.due": {"kk": "Шешім қабылдау мерзімі", "ru": "Срок принятия решения",
                     "en": "Decide by"},
    "sanction.days_left": {"kk": "Қалған жұмыс күні", "ru": "Осталось рабочих дней",
                           "en": "Working days left"},
    "sanction.review": {"kk": "{id} қаулысын қарау", "ru": "Рассмотрение постановления {id}",
                        "en": "Review of decree {id}"},
    "sanction.status": {"kk": "Жағдайы", "ru": "Статус", "en": "Status"},
    "sanction.status.pending": {"kk": "шешім күтуде", "ru": "ожидает решения",
                                "en": "pending"},
    "sanction.status.granted": {"kk": "санкция берілді", "ru": "санкция дана",
                                "en": "granted"},
    "sanction.status.refused": {"kk": "санкция беруден бас тартылды", "ru": "в санкции отказано",
                                "en": "refused"},
    "sanction.status.court": {"kk": "соттың санкциясы", "ru": "санкция суда",
                              "en": "court's sanction"},
    "sanction.status.triage": {"kk": "санкциялау құзыреті анықталуда",
                               "ru": "подведомственность уточняется",
                               "en": "authority to sanction being determined"},
    # A decision a bailiff system reported: never worded as a prosecutor's grant or refusal.
    "sanction.status.reported": {"kk": "сот орындаушысының жүйесі хабарлады",
                                 "ru": "сообщено системой судебного исполнителя",
                                 "en": "reported by the bailiff system"},
    "sanction.reported": {"kk": "Хабарланған шешім", "ru": "Сообщённое решение",
                          "en": "Reported decision"},
    "sanction.reported.granted": {"kk": "санкция берілді деп хабарланды",
                                  "ru": "сообщено, что санкция дана",
                                  "en": "reported as granted"},
    "sanction.reported.refused": {"kk": "санкция беруден бас тартылды деп хабарланды",
                                  "ru": "сообщено, что в санкции отказано",
                                  "en": "reported as refused"},
    "sanction.reported_source": {"kk": "Хабарлаған жүйе", "ru": "Сообщившая система",
                                 "en": "Reported by"},
    "sanction.reported_prosecutor": {"kk": "Хабарламада аталған прокурор",
                                     "ru": "Прокурор, указанный в сообщении",
                                     "en": "Prosecutor named in the report"},
    "sanction.source_unknown": {"kk": "жүйе өзін атамаған", "ru": "система себя не назвала",
                                "en": "the system did not name itself"},
    "sanction.reported_note": {
        "kk": "Бұл шешімді сот орындаушысының жүйесі хабарлады. Оған Qadagalau-да прокурор "
              "қол қоймаған, сондықтан ол мұнда тіркелген прокурор шешімі болып саналмайды; "
              "аталған прокурор тексерілмеген.",
        "ru": "Это решение сообщено системой судебного исполнителя. Прокурор не подписывал его "
              "в Qadagalau, поэтому оно не считается решением прокурора, принятым здесь; "
              "указанный прокурор не проверен.",
        "en": "This decision was reported by the bailiff system. No prosecutor signed it in "
              "Qadagalau, so it is not a prosecutor's decision made here; the prosecutor it "
              "names was not verified."},
    "ncalayer.sign": {"kk": "NCALayer арқылы қол қою", "ru": "Подписать через NCALayer",
                      "en": "Sign with NCALayer"},
    "ncalayer.connecting": {"kk": "NCALayer-ге қосылуда… Кілтті таңдап, құпиясөзді енгізіңіз.",
                            "ru": "Подключение к NCALayer… Выберите ключ и введите пароль.",
                            "en": "Connecting to NCALayer… Choose your key and enter its "
                                  "password."},
    "ncalayer.absent": {"kk": "Бұл компьютерде NCALayer іске қосылмаған. Оны іске қосып, "
                              "қайталаңыз немесе қолтаңбаны төменге қойыңыз.",
                        "ru": "NCALayer на этом компьютере не запущен. Запустите его и "
                              "повторите или вставьте подпись ниже.",
                        "en": "NCALayer is not running on this computer. Start it and try "
                              "again, or paste a signature below."},
    "ncalayer.canceled": {"kk": "Қол қою NCALayer-де тоқтатылды: ештеңе жіберілмеді.",
                          "ru": "Подписание отменено в NCALayer: ничего не отправлено.",
                          "en": "Signing was cancelled in NCALayer: nothing was sent."},
    "ncalayer.refused": {"kk": "NCALayer қол қоймады:", "ru": "NCALayer не подписал:",
                         "en": "NCALayer did not sign:"},
    "ncalayer.signed": {"kk": "Қол қойылды; шешім жіберілуде…",
                        "ru": "Подписано; решение отправляется…",
                        "en": "Signed; the decision is being sent…"},
    "sanction.materials": {"kk": "Қаулының материалдары", "ru": "Материалы постановления",
                           "en": "The decree's materials"},
    "sanction.enforcement_document": {"kk": "Атқарушылық құжат", "ru": "Исполнительный документ",
                                      "en": "Enforcement document"},
    "sanction.property": {"kk": "Мүлік", "ru": "Имущество", "en": "Property"},
    "sanction.digest": {"kk": "Құжаттың хэші (SHA-256)", "ru": "Хэш документа (SHA-256)",
                        "en": "Document digest (SHA-256)"},
    "sanction.document": {"kk": "Қаулының өзі", "ru": "Само постановление",
                          "en": "The decree itself"},
    "sanction.open_document": {"kk": "Құжатты ашу (хэші тексеріледі)",
                               "ru": "Открыть документ (хэш проверяется)",
                               "en": "Open the document (its digest is checked)"},
    "sanction.no_document": {"kk": "Сот орындаушысының жүйесі құжаттың өзін жібермеген.",
                             "ru": "Система судебного исполнителя не передала сам документ.",
                             "en": "The bailiff system did not send the document itself."},
    "sanction.exact_text": {"kk": "Қол қойылатын дәл мәтін (JSON)",
                            "ru": "Точный подписываемый текст (JSON)",
                            "en": "The exact text signed (JSON)"},
    "sanction.date": {"kk": "Шешім күні", "ru": "Дата решения", "en": "Date of decision"},
    "sanction.prosecutor": {"kk": "Прокурор", "ru": "Прокурор", "en": "Prosecutor"},
    "sanctions.show": {"kk": "Көрсету", "ru": "Показать", "en": "Show"},
    "sanctions.none": {"kk": "Мұндай қаулы жоқ.", "ru": "Таких постановлений нет.",
                       "en": "No such requests."},
    "sanction.summary": {"kk": "Қысқаша мазмұны", "ru": "Краткое содержание",
                         "en": "Summary"},
    "sanction.decided": {"kk": "Шешім", "ru": "Решение", "en": "Decided"},
    "sanction.signer": {"kk": "Қол қойған", "ru": "Подписал", "en": "Signed by"},
    "sanction.decide": {"kk": "Шешім қабылдау", "ru": "Принять решение", "en": "Decide"},
    "sanction.decision": {"kk": "Шешім", "ru": "Решение", "en": "Decision"},
    "sanction.grant": {"kk": "Санкция беру", "ru": "Дать санкцию", "en": "Grant"},
    "sanction.refuse": {"kk": "Бас тарту", "ru": "Отказать", "en": "Refuse"},
    "sanction.reasons": {"kk": "Себептері мен негіздері", "ru": "Причины и основания",
                         "en": "Reasons"},
    "sanction.reasons_hint": {"kk": "Бас тартылған жағдайда оның себептері мен негіздері "
                                    "көрсетіледі.",
                              "ru": "При отказе указываются его причины и основания.",
                              "en": "A refusal must state its reasons."},
    "sanction.reason_needed": {"kk": "Бас тартудың себептері мен негіздерін жазыңыз.",
                               "ru": "Укажите причины и основания отказа.",
                               "en": "Write the reasons for the refusal."},
    "sanction.prepare": {"kk": "Қол қоюға дайындау", "ru": "Подготовить к подписи",
                         "en": "Prepare for signing"},
    "sanction.to_sign": {"kk": "Қол қою", "ru": "Подписание", "en": "Signing"},
    "sanction.sign_hint": {
        "kk": "Төмендегі мәтінге ЭЦҚ-мен қол қойыңыз (CMS, base64) және қолтаңбаны қойыңыз.",
        "ru": "Подпишите текст ниже ЭЦП (CMS, base64) и вставьте подпись.",
        "en": "Sign the text below with your digital signature (CMS, base64) and paste it."},
    "sanction.content": {"kk": "Қол қойылатын мәтін", "ru": "Подписываемый текст",
                         "en": "Text to sign"},
    "sanction.content_b64": {"kk": "Сол мәтін, base64", "ru": "Тот же текст, base64",
                             "en": "The same, base64"},
    "sanction.signature": {"kk": "Қолтаңба (CMS, base64)", "ru": "Подпись (CMS, base64)",
                           "en": "Signature (CMS, base64)"},
    "sanction.sign_submit": {"kk": "Қол қойып жіберу", "ru": "Подписать и отправить",
                             "en": "Sign and submit"},
    "sanction.done.granted": {"kk": "Санкция берілді және қол қойылды.",
                              "ru": "Санкция дана и подписана.",
                              "en": "Sanction granted and signed."},
    "sanction.done.refused": {"kk": "Санкция беруден бас тартылды және қол қойылды.",
                              "ru": "В санкции отказано, решение подписано.",
                              "en": "Sanction refused and signed."},
    # bailiffs
    "bailiff.title": {"kk": "{id} сот орындаушысы", "ru": "Судебный исполнитель {id}",
                      "en": "Bailiff {id}"},
    "bailiff.id": {"kk": "Сот орындаушысы", "ru": "Судебный исполнитель", "en": "Bailiff"},
    "bailiff.name": {"kk": "Аты-жөні", "ru": "Ф. И. О.", "en": "Name"},
    "bailiff.kind": {"kk": "Түрі", "ru": "Вид", "en": "Kind"},
    "bailiff.kind.private": {"kk": "жеке", "ru": "частный", "en": "private"},
    "bailiff.kind.state": {"kk": "мемлекеттік", "ru": "государственный", "en": "state"},
    "bailiff.licence": {"kk": "Лицензия", "ru": "Лицензия", "en": "Licence"},
    "bailiff.started": {"kk": "Қызметін бастаған күні", "ru": "Начало деятельности",
                        "en": "Practising since"},
    "bailiff.licence_count": {"kk": "Лицензия шегі", "ru": "Порог лицензии",
                              "en": "Licence threshold"},
    "bailiff.acts_against": {
        "kk": "{start} — {end}: {acts} акт, шек {threshold}",
        "ru": "{start} — {end}: актов {acts}, порог {threshold}",
        "en": "{start} to {end}: {acts} acts, threshold {threshold}"},
    "bailiff.not_counted": {"kk": "Бұл сот орындаушысына қатысты актілер шекке есептелмейді.",
                            "ru": "Акты в отношении этого судебного исполнителя для порога не "
                                  "учитываются.",
                            "en": "This bailiff is not counted toward the threshold."},
    "bailiff.acts": {"kk": "Актілер", "ru": "Акты", "en": "Acts"},
    "bailiff.proceedings": {"kk": "Атқарушылық істер", "ru": "Производства",
                            "en": "Proceedings"},
    "bailiff.proceedings_caption": {"kk": "Қазір қолында: {count}",
                                    "ru": "Сейчас в работе: {count}",
                                    "en": "Held now: {count}"},
    "bailiff.held_since": {"kk": "Қолына алған күні", "ru": "В работе с", "en": "Held since"},
    "bailiff.threshold": {"kk": "Шек", "ru": "Порог", "en": "Threshold"},
    "bailiff.over": {"kk": "шектен асты", "ru": "порог превышен", "en": "over"},
    "bailiff.breaches": {"kk": "Заң бұзушылықтар", "ru": "Нарушения", "en": "Breaches"},
    "bailiff.breaches_caption": {"kk": "Соңғылары бірінші", "ru": "Сначала последние",
                                 "en": "Latest first"},
    "licence.active": {"kk": "қолданыста", "ru": "действует", "en": "active"},
    "licence.suspended": {"kk": "қолданылуы тоқтатыла тұрған", "ru": "действие приостановлено",
                          "en": "suspended"},
    "licence.revoked": {"kk": "лицензиядан айырылған", "ru": "лишён лицензии",
                        "en": "revoked"},
    "licence.terminated": {"kk": "қолданылуы тоқтатылған", "ru": "действие прекращено",
                           "en": "terminated"},
    # the chamber's inbox and reports
    "inbox.title": {"kk": "Есептер", "ru": "Отчёты", "en": "Reports"},
    "inbox.caption": {"kk": "Палатаның кіріс жәшігі", "ru": "Входящие палаты",
                      "en": "The chamber's inbox"},
    "inbox.latest": {"kk": "Соңғы есептер", "ru": "Последние отчёты", "en": "Latest reports"},
    "inbox.empty": {"kk": "Есептер жоқ.", "ru": "Отчётов нет.", "en": "No reports."},
    "inbox.request": {"kk": "Есеп сұрау", "ru": "Запросить отчёт", "en": "Request a report"},
    "inbox.from": {"kk": "Кезеңнің басы", "ru": "Начало периода", "en": "From"},
    "inbox.to": {"kk": "Кезеңнің соңы", "ru": "Конец периода", "en": "To"},
    "inbox.make": {"kk": "Есепті жасау", "ru": "Составить отчёт", "en": "Make the report"},
    "report.kind": {"kk": "Есеп", "ru": "Отчёт", "en": "Report"},
    "report.kind.weekly": {"kk": "Апталық есеп", "ru": "Еженедельный отчёт",
                           "en": "Weekly report"},
    "report.kind.monthly": {"kk": "Айлық есеп", "ru": "Ежемесячный отчёт",
                            "en": "Monthly report"},
    "report.kind.on_demand": {"kk": "Сұрау бойынша есеп", "ru": "Отчёт по запросу",
                              "en": "Report on demand"},
    "report.kind.licence_notice": {"kk": "Лицензия жөніндегі ұсыным туралы хабарлама",
                                   "ru": "Уведомление о предложении по лицензии",
                                   "en": "Licence proposal notice"},
    "report.region": {"kk": "Өңір", "ru": "Регион", "en": "Region"},
    "report.period": {"kk": "Кезең", "ru": "Период", "en": "Period"},
    "report.breaches": {"kk": "Бұзушылықтар", "ru": "Нарушений", "en": "Breaches"},
    "report.made": {"kk": "Жасалды", "ru": "Составлен", "en": "Made"},
    "report.files": {"kk": "Файлдар", "ru": "Файлы", "en": "Files"},
    "report.deliveries": {"kk": "Жеткізу журналы", "ru": "Журнал доставки",
                          "en": "Delivery log"},
    "report.deliveries_caption": {"kk": "Арналар бойынша", "ru": "По каналам",
                                  "en": "By channel"},
    "report.channel": {"kk": "Арна", "ru": "Канал", "en": "Channel"},
    "report.delivery_status": {"kk": "Жағдайы", "ru": "Состояние", "en": "Status"},
    "report.attempts": {"kk": "Әрекеттер", "ru": "Попыток", "en": "Attempts"},
    "report.last_error": {"kk": "Соңғы қате", "ru": "Последняя ошибка", "en": "Last error"},
    "channel.inbox": {"kk": "жүйедегі жәшік", "ru": "ящик в системе", "en": "inbox"},
    "channel.email": {"kk": "электрондық пошта", "ru": "электронная почта", "en": "e-mail"},
    "channel.webhook": {"kk": "вебхук", "ru": "вебхук", "en": "webhook"},
    "delivery.pending": {"kk": "жіберілуде", "ru": "отправляется", "en": "pending"},
    "delivery.delivered": {"kk": "жеткізілді", "ru": "доставлено", "en": "delivered"},
    "delivery.failed": {"kk": "жеткізілмеді", "ru": "не доставлено", "en": "failed"},
    "size.kb": {"kk": "{n} КБ", "ru": "{n} КБ", "en": "{n} KB"},
}

FACTS: M = {
    "bailiff.registered": {"kk": "сот орындаушысы тіркелді",
                           "ru": "судебный исполнитель зарегистрирован",
                           "en": "bailiff registered"},
    "document.accepted": {"kk": "атқарушылық құжат қабылданды",
                          "ru": "исполнительный документ принят",
                          "en": "document accepted"},
    "proceeding.initiated": {"kk": "атқарушылық іс жүргізу қозғалды",
                             "ru": "исполнительное производство возбуждено",
                             "en": "proceedings opened"},
    "proceeding.refused": {"kk": "атқарушылық іс жүргізуді қозғаудан бас тартылды",
                           "ru": "отказано в возбуждении исполнительного производства",
                           "en": "opening refused"},
    "proceeding.notice_sent": {"kk": "қаулы борышкерге жіберілді",
                               "ru": "постановление направлено должнику",
                               "en": "notice sent"},
    "proceeding.suspended": {"kk": "атқарушылық іс жүргізу тоқтатыла тұрды",
                             "ru": "исполнительное производство приостановлено",
                             "en": "suspended"},
    "proceeding.resumed": {"kk": "атқарушылық іс жүргізу қайта басталды",
                           "ru": "исполнительное производство возобновлено", "en": "resumed"},
    "proceeding.transferred": {"kk": "басқа сот орындаушысына берілді",
                               "ru": "передано другому судебному исполнителю",
                               "en": "transferred"},
    "proceeding.completed": {"kk": "атқарушылық іс жүргізу аяқталды",
                             "ru": "исполнительное производство окончено", "en": "completed"},
    "proceeding.returned": {"kk": "атқарушылық құжат өндіріп алушыға қайтарылды",
                            "ru": "исполнительный документ возвращён взыскателю",
                            "en": "document returned to the claimant"},
    "proceeding.terminated": {"kk": "атқарушылық іс жүргізу тоқтатылды",
                              "ru": "исполнительное производство прекращено",
                              "en": "terminated"},
    "property.arrested": {"kk": "мүлікке тыйым салынды", "ru": "арест имущества",
                          "en": "property arrested"},
    "property.ownership_established": {"kk": "мүліктің борышкерге тиесілі екені анықталды",
                                       "ru": "установлена принадлежность имущества должнику",
                                       "en": "ownership established"},
    "property.released": {"kk": "мүліктен тыйым алынды", "ru": "арест с имущества снят",
                          "en": "property released"},
    "appraiser.appointed": {"kk": "бағалаушы тағайындалды", "ru": "назначен оценщик",
                            "en": "appraiser appointed"},
    "examination.ordered": {"kk": "сараптама тағайындалды", "ru": "назначена экспертиза",
                            "en": "examination ordered"},
    "sale.scheduled": {"kk": "сауда-саттық белгіленді", "ru": "назначены торги",
                       "en": "sale scheduled"},
    "search.declared": {"kk": "іздестіру жарияланды", "ru": "объявлен розыск",
                        "en": "search declared"},
    "decree.issued": {"kk": "қаулы шығарылды", "ru": "вынесено постановление",
                      "en": "decree issued"},
    "decree.executed": {"kk": "қаулы орындалды", "ru": "постановление исполнено",
                        "en": "decree executed"},
    "sanction.decided": {"kk": "санкция туралы шешім", "ru": "решение о санкции",
                         "en": "sanction decided"},
    "act.registered": {"kk": "прокурор актісі тіркелді", "ru": "акт прокурора зарегистрирован",
                       "en": "prosecutor's act registered"},
    "act.answered": {"kk": "актіні қарау нәтижесі хабарланды",
                     "ru": "сообщено о результатах рассмотрения акта",
                     "en": "result of consideration reported"},
    "appeal.received": {"kk": "жолданым келіп түсті", "ru": "обращение поступило",
                        "en": "appeal received"},
    "appeal.extended": {"kk": "жолданымды қарау мерзімі ұзартылды",
                        "ru": "срок рассмотрения обращения продлён",
                        "en": "appeal's term extended"},
    "appeal.extension_notified": {"kk": "мерзімнің ұзартылғаны туралы жолданым жіберушіге "
                                        "хабарланды",
                                  "ru": "заявитель уведомлён о продлении срока",
                                  "en": "applicant told of the extension"},
    "appeal.inspection_ordered": {"kk": "жолданым бойынша тексеру тағайындалды",
                                  "ru": "по обращению назначена проверка",
                                  "en": "inspection ordered on the appeal"},
    "appeal.inspection_ended": {"kk": "жолданым бойынша тексеру аяқталды",
                                "ru": "проверка по обращению окончена",
                                "en": "inspection on the appeal ended"},
    "appeal.answered": {"kk": "жолданым жіберушіге түпкілікті жауап берілді",
                        "ru": "заявителю дан окончательный ответ",
                        "en": "final answer given"},
}

FEATURES: M = {
    "category": {"kk": "өндіріп алу санаты", "ru": "категория взыскания",
                 "en": "category"},
    "region": {"kk": "өңір", "ru": "регион", "en": "region"},
    "periodic": {"kk": "мерзімді өндіріп алу", "ru": "периодические взыскания",
                 "en": "periodic recovery"},
    "log_amount": {"kk": "сома", "ru": "сумма", "en": "amount"},
    "amount_missing": {"kk": "сома белгісіз", "ru": "сумма не указана",
                       "en": "amount unknown"},
    "age_days": {"kk": "іс жүргізу ұзақтығы", "ru": "длительность производства",
                 "en": "age"},
    "initiated": {"kk": "іс жүргізу қозғалған", "ru": "производство возбуждено",
                  "en": "opened"},
    "days_to_open": {"kk": "қозғауға кеткен күндер", "ru": "дней до возбуждения",
                     "en": "days to open"},
    "arrests": {"kk": "тыйым салулар", "ru": "аресты", "en": "arrests"},
    "valuations": {"kk": "бағалаулар", "ru": "оценки", "en": "valuations"},
    "suspensions": {"kk": "іс жүргізуді тоқтата тұрулар", "ru": "приостановления",
                    "en": "suspensions"},
    "transfers": {"kk": "басқа сот орындаушысына берулер",
                  "ru": "передачи другому судебному исполнителю", "en": "transfers"},
    "suspended_now": {"kk": "қазір тоқтатыла тұрған", "ru": "сейчас приостановлено",
                      "en": "suspended now"},
    "bailiff_past_rate": {"kk": "сот орындаушысының бұрынғы бұзушылықтары",
                          "ru": "прошлые нарушения судебного исполнителя",
                          "en": "the bailiff's past breaches"},
    "bailiff_acts": {"kk": "сот орындаушысына қатысты актілер",
                     "ru": "акты в отношении судебного исполнителя",
                     "en": "acts against the bailiff"},
    "bailiff_load": {"kk": "сот орындаушысының жүктемесі",
                     "ru": "нагрузка судебного исполнителя",
                     "en": "the bailiff's load"},
}

DECREE_KINDS: M = {
    "arrest_bank_funds": {"kk": "банк шоттарындағы ақшаға және банк, сақтандыру "
                                "ұйымдарындағы мүлікке тыйым салу",
                          "ru": "арест денег на банковских счетах и имущества в банках и "
                                "страховых организациях",
                          "en": "arrest of bank funds"},
    "arrest_real_estate": {"kk": "борышкерге немесе үшінші тұлғаларға тиесілі жылжымайтын "
                                 "мүлікке тыйым салу",
                           "ru": "арест недвижимого имущества должника или третьих лиц",
                           "en": "arrest of real estate"},
    "withdraw_title_documents": {"kk": "меншік құқығын куәландыратын құжаттарды алу",
                                 "ru": "изъятие документов, удостоверяющих право "
                                       "собственности",
                                 "en": "withdrawal of title documents"},
    "restrict_exit": {"kk": "Қазақстан Республикасынан шығуға уақытша шектеу",
                      "ru": "временное ограничение на выезд из Республики Казахстан",
                      "en": "temporary restriction on leaving the Republic of Kazakhstan"},
    "compulsory_bringing": {"kk": "мәжбүрлеп әкелу", "ru": "привод",
                            "en": "compulsory bringing"},
}


# The API's refusals by their stable code (shared/errors.py): what the reader is told, in their
# language. A code without an entry falls back to the generic message of its status.
ERRORS: dict[str, dict[str, str]] = {
    "alert_not_found": {"kk": "Сіздің аумағыңызда мұндай заң бұзушылық жоқ.",
                        "ru": "На поднадзорной вам территории такого нарушения нет.",
                        "en": "There is no such alert in your jurisdiction."},
    "act_not_found": {"kk": "Сіздің аумағыңызда мұндай прокурор актісі жоқ.",
                      "ru": "На поднадзорной вам территории такого акта прокурора нет.",
                      "en": "There is no such prosecutor's act in your jurisdiction."},
    "bailiff_not_found": {"kk": "Сіздің аумағыңызда мұндай сот орындаушысы жоқ.",
                          "ru": "На поднадзорной вам территории такого судебного исполнителя нет.",
                          "en": "There is no such bailiff in your jurisdiction."},
    "proceeding_not_found": {"kk": "Сіздің аумағыңызда мұндай атқарушылық іс жүргізу жоқ.",
                             "ru": "На поднадзорной вам территории такого исполнительного "
                                   "производства нет.",
                             "en": "There is no such enforcement proceeding in your "
                                   "jurisdiction."},
    "report_not_found": {"kk": "Мұндай есеп жоқ.", "ru": "Такого отчёта нет.",
                         "en": "There is no such report."},
    "proposal_not_found": {"kk": "Мұндай ұсыным жоқ.", "ru": "Такого предложения нет.",
                           "en": "There is no such proposal."},
    "sanction_request_not_found": {
        "kk": "Бұл қаулы санкциялауға түспеген.",
        "ru": "Это постановление на санкционирование не поступало.",
        "en": "There is no sanction request for this decree."},
    "document_not_found": {"kk": "Мұндай құжат жоқ.", "ru": "Такого документа нет.",
                           "en": "There is no such document."},
    "role_forbidden": {"kk": "Сіздің рөліңізге бұл әрекет рұқсат етілмеген.",
                       "ru": "Вашей роли это действие не разрешено.",
                       "en": "Your role may not do this."},
    "outside_jurisdiction": {"kk": "Бұл сіздің аумағыңызға жатпайды.",
                             "ru": "Это за пределами поднадзорной вам территории.",
                             "en": "This is outside your jurisdiction."},
    "token_missing": {"kk": "Жүйеге кіріңіз.", "ru": "Войдите в систему.",
                      "en": "Please sign in."},
    "token_unknown": {"kk": "Сессияның мерзімі өтті: қайта кіріңіз.",
                      "ru": "Сеанс истёк: войдите снова.",
                      "en": "The session has ended: sign in again."},
    "reason_required": {"kk": "Неге негізсіз деп жабылатынын көрсетіңіз.",
                        "ru": "Укажите, почему нарушение закрывается как необоснованное.",
                        "en": "Give the reason for dismissing."},
    "assignee_required": {"kk": "Кімге тапсырылатынын көрсетіңіз.",
                          "ru": "Укажите, кому поручено.",
                          "en": "Say to whom it is assigned."},
    "alert_withdrawn": {"kk": "Заң бұзушылық кері қайтарып алынды: кейінгі деректер "
                              "бойынша бұзушылық жоқ.",
                        "ru": "Нарушение отозвано: по более поздним данным нарушения нет.",
                        "en": "The alert was withdrawn: later data showed no breach."},
    "transition_not_allowed": {"kk": "Заң бұзушылық бойынша жұмыстың қазіргі барысында бұл "
                                     "әрекет мүмкін емес.",
                               "ru": "При текущем ходе работы по нарушению это действие "
                                     "невозможно.",
                               "en": "This cannot be done in the alert's current status."},
    "alert_closed": {"kk": "Бұл заң бұзушылық бойынша жұмыс аяқталған.",
                     "ru": "Работа по этому нарушению уже завершена.",
                     "en": "The alert is closed already."},
    "cursor_invalid": {"kk": "Бет сілтемесі жарамсыз: тізімді басынан ашыңыз.",
                       "ru": "Ссылка на страницу недействительна: откройте список сначала.",
                       "en": "The page link is not valid: open the list from the start."},
    "act_kind_unknown": {"kk": "Прокурор актісінің мұндай түрі жоқ.",
                         "ru": "Такого вида акта прокурора нет.",
                         "en": "Unknown kind of act."},
    "act_one_bailiff": {"kk": "Акт бір сот орындаушысына қатысты болуы тиіс.",
                        "ru": "Акт должен касаться одного судебного исполнителя.",
                        "en": "An act concerns one bailiff."},
    "proceeding_unknown": {"kk": "Бұл атқарушылық іс жүргізу жүйеге белгісіз.",
                           "ru": "Это исполнительное производство системе неизвестно.",
                           "en": "This enforcement proceeding is not known here."},
    "bailiff_unknown": {"kk": "Бұл сот орындаушысы жүйеге белгісіз.",
                        "ru": "Этот судебный исполнитель системе неизвестен.",
                        "en": "This bailiff is not known here."},
    "act_answered": {"kk": "Актіні қарау нәтижесі бұрын тіркелген.",
                     "ru": "Результат рассмотрения акта уже зарегистрирован.",
                     "en": "The result of the act's consideration was recorded already."},
    "act_court_recorded": {"kk": "Сотқа жүгіну бұрын тіркелген.",
                           "ru": "Обращение в суд уже зарегистрировано.",
                           "en": "Going to court was recorded already."},
    "act_not_ignored": {
        "kk": "Сотқа акт қабылданбаған не оның қарау мерзімі өткенге дейін қаралмаған кезде "
              "ғана жүгінуге болады.",
        "ru": "Обратиться в суд можно, только если акт отклонён или не рассмотрен до "
              "истечения срока рассмотрения.",
        "en": "One goes to court only on an act rejected or left unconsidered past its term."},
    "alert_office_s_own": {
        "kk": "Бұл — прокуратура органының өз мерзімі: ол бойынша сот орындаушысына акт "
              "енгізілмейді.",
        "ru": "Это срок самого органа прокуратуры: акт в отношении судебного исполнителя по "
              "нему не вносится.",
        "en": "This is a term of the prosecutor's office itself: no act is brought on it "
              "against a bailiff."},
    "record_not_an_inspection": {"kk": "Бұйрық, негіз және аяқталу күні тек тексеруге тән.",
                                 "ru": "Приказ, основание и дата окончания бывают только у "
                                       "проверки.",
                                 "en": "An order, a ground or an end belong to an inspection."},
    "inspection_kind_unknown": {"kk": "Тексерудің түрі белгісіз.",
                                "ru": "Неизвестный вид проверки.",
                                "en": "Unknown kind of inspection."},
    "inspection_ground_required": {"kk": "Жедел тексерудің негізін көрсетіңіз.",
                                   "ru": "Укажите основание внеплановой проверки.",
                                   "en": "Give the unscheduled inspection's ground."},
    "inspection_actions_required": {
        "kk": "Жедел тексеру шағымда көрсетілген іс-әрекеттерді ғана қамтиды: оларды атаңыз.",
        "ru": "Внеплановая проверка охватывает только обжалуемые действия: назовите их.",
        "en": "An unscheduled inspection covers only the actions complained of: name them."},
    "inspection_ground_unscheduled": {"kk": "Негіз тек жедел тексеруде болады.",
                                      "ru": "Основание бывает только у внеплановой проверки.",
                                      "en": "Only an unscheduled inspection has a ground."},
    "inspection_days_out_of_order": {"kk": "Тексеру күндері ретімен болуы керек.",
                                     "ru": "Даты проверки должны следовать по порядку.",
                                     "en": "The inspection's days must follow one another."},
    "appeal_exists": {"kk": "Бұл нөмірмен жолданым бұрын тіркелген.",
                      "ru": "Обращение с этим номером уже зарегистрировано.",
                      "en": "An appeal of this number is registered already."},
    "appeal_cannot_extend": {"kk": "Жолданымның мерзімі бұрын ұзартылған немесе оған жауап "
                                   "берілген.",
                             "ru": "Срок обращения уже продлён или на него уже дан ответ.",
                             "en": "The appeal's term was extended already, or it is answered."},
    "appeal_cannot_notify": {"kk": "Хабарлайтын ұзарту жоқ немесе хабарлау бұрын тіркелген.",
                             "ru": "Нет продления для уведомления, или уведомление уже "
                                   "зарегистрировано.",
                             "en": "There is no extension to tell of, or it was told already."},
    "appeal_cannot_order_inspection": {"kk": "Тексеру бұрын тағайындалған.",
                                       "ru": "Проверка уже назначена.",
                                       "en": "An inspection was ordered already."},
    "appeal_cannot_end_inspection": {"kk": "Жүріп жатқан тексеру жоқ.",
                                     "ru": "Проверка не ведётся.", "en": "No inspection runs."},
    "appeal_cannot_answer": {"kk": "Жолданымға жауап бұрын берілген.",
                             "ru": "На обращение уже дан ответ.",
                             "en": "The appeal was answered already."},
    "step_too_early": {"kk": "Бұл күн алдыңғы қадамнан ерте.",
                       "ru": "Эта дата раньше предыдущего шага.",
                       "en": "That day is before the step it follows."},
    "extension_not_later": {"kk": "Ұзартылған мерзім ұзарту күнінен кейін болуы керек.",
                            "ru": "Продлённый срок должен быть позже даты продления.",
                            "en": "The new last day must come after the extension."},
    "appeal_not_found": {"kk": "Сіздің аумағыңызда мұндай жолданым жоқ.",
                         "ru": "На поднадзорной вам территории такого обращения нет.",
                         "en": "There is no such appeal in your jurisdiction."},
    "record_kind_unknown": {"kk": "Жазбаның түрі белгісіз.", "ru": "Неизвестный вид записи.",
                            "en": "Unknown kind of record."},
    "record_in_future": {"kk": "Болашақ күнді жазуға болмайды.",
                         "ru": "Нельзя записать будущую дату.",
                         "en": "A record cannot be dated in the future."},
    "period_reversed": {"kk": "Кезеңнің соңы басынан бұрын.",
                        "ru": "Конец периода раньше его начала.",
                        "en": "The period ends before it begins."},
    "period_too_long": {"kk": "Есеп бір жылдан аспайтын кезеңді қамтиды.",
                        "ru": "Отчёт охватывает не более года.",
                        "en": "A report covers at most a year."},
    "region_required": {"kk": "Өңірді көрсетіңіз.", "ru": "Укажите регион.",
                        "en": "Choose the region."},
    "sanction_not_pending": {"kk": "Бұл қаулы енді санкция туралы шешімді күтпейді.",
                             "ru": "Это постановление больше не ожидает решения о санкции.",
                             "en": "This request no longer awaits a decision."},
    "sanction_decided": {"kk": "Санкция туралы шешім бұрын қабылданған.",
                         "ru": "Решение о санкции уже принято.",
                         "en": "The sanction was decided already."},
    "decision_unknown": {"kk": "Шешім: санкция беру немесе санкция беруден бас тарту.",
                         "ru": "Решение: дать санкцию или отказать в санкции.",
                         "en": "The decision is to grant or to refuse."},
    "refusal_reason_required": {"kk": "Санкция беруден бас тартудың себептері мен "
                                      "негіздерін көрсетіңіз.",
                                "ru": "Укажите причины и основания отказа в санкции.",
                                "en": "A refusal must state its reasons."},
    "signature_not_base64": {"kk": "Қолтаңба base64 пішінінде емес.",
                             "ru": "Подпись не в формате base64.",
                             "en": "The signature is not base64."},
    "signature_invalid": {"kk": "Электрондық цифрлық қолтаңба тексеруден өтпеді.",
                          "ru": "Электронная цифровая подпись не прошла проверку.",
                          "en": "The digital signature did not verify."},
    "trusted_ca_missing": {"kk": "Сенімді куәландырушы орталықтар бапталмаған: әкімшіге "
                                 "хабарлаңыз.",
                           "ru": "Доверенные удостоверяющие центры не настроены: сообщите "
                                 "администратору.",
                           "en": "No trusted certificate authorities are configured: tell the "
                                 "administrator."},
    "history_too_short": {"kk": "Модельді оқытуға деректер әлі жеткіліксіз.",
                          "ru": "Данных для обучения модели пока недостаточно.",
                          "en": "There is not yet enough history to train a model."},
    "request_invalid": {"kk": "Сұрау дұрыс толтырылмаған.", "ru": "Запрос заполнен неверно.",
                        "en": "The request is not filled in correctly."},
    "body_empty": {"kk": "Сұрау бос.", "ru": "Запрос пуст.", "en": "The request is empty."},
    "body_not_json": {"kk": "Сұрау JSON емес.", "ru": "Запрос не в формате JSON.",
                      "en": "The request is not JSON."},
    "body_not_array": {"kk": "Оқиғалар тізім ретінде жіберілуі тиіс.",
                       "ru": "События нужно отправлять списком.",
                       "en": "Events must be sent as a list."},
    "protest_term_too_short": {
        "kk": "Наразылықты қарау мерзімі тіркелгеннен кейінгі үшінші жұмыс күнінен бұрын "
              "аяқтала алмайды.",
        "ru": "Срок рассмотрения протеста не может истечь ранее третьего рабочего дня после "
              "его регистрации.",
        "en": "A protest's term of consideration may not end before the third working day "
              "after its registration."},
    "internal_error": {"kk": "Күтпеген қате болды; ол тіркелді. Біраздан соң қайталаңыз.",
                       "ru": "Произошла непредвиденная ошибка; она записана. Повторите позже.",
                       "en": "An unexpected error; it was logged. Try again later."},
    "body_too_large": {"kk": "Сұрау тым үлкен: оны бөліп жіберіңіз.",
                       "ru": "Запрос слишком велик: отправьте его частями.",
                       "en": "The request is too large: send it in parts."},
    "route_not_found": {"kk": "Мұндай бет жоқ.", "ru": "Такой страницы нет.",
                        "en": "There is no such page."},
    "method_not_allowed": {"kk": "Бұл бет мұндай сұрауды қабылдамайды.",
                           "ru": "Эта страница не принимает такой запрос.",
                           "en": "This page does not take such a request."},
    "http_error": {"kk": "Сұрау орындалмады.", "ru": "Запрос не выполнен.",
                   "en": "The request was not done."},
    "decree_document_not_found": {
        "kk": "Сот орындаушысының жүйесі бұл қаулының құжатын жібермеген.",
        "ru": "Система судебного исполнителя не передала документ этого постановления.",
        "en": "The bailiff system gave no document for this decree."},
    "document_host_untrusted": {
        "kk": "Қаулының құжаты сенімді құжат қоймасында емес: ол ашылмайды.",
        "ru": "Документ постановления находится не в доверенном хранилище: он не открывается.",
        "en": "The decree's document is not in a trusted document store: it is not opened."},
    "document_unverifiable": {
        "kk": "Қаулының құжатын тексеру мүмкін емес (хэші берілмеген): ол көрсетілмейді.",
        "ru": "Документ постановления нельзя проверить (не передан его хэш): он не "
              "показывается.",
        "en": "The decree's document cannot be verified (no digest was given): it is not "
              "shown."},
    "document_unreachable": {
        "kk": "Құжат қоймасы қазір жауап бермейді. Біраздан соң қайталаңыз.",
        "ru": "Хранилище документов сейчас не отвечает. Повторите позже.",
        "en": "The document store does not answer now. Try again later."},
    "document_digest_mismatch": {
        "kk": "Қоймадағы құжат қаулыда көрсетілген құжат емес (хэші сәйкес келмейді): ол "
              "көрсетілмейді.",
        "ru": "Документ в хранилище — не тот, что указан в постановлении (хэш не совпадает): "
              "он не показывается.",
        "en": "The stored document is not the one the decree names (its digest differs): it "
              "is not shown."},
    "answer_before_act": {"kk": "Қарау нәтижесі акт енгізілгенге дейін хабарлана алмайды.",
                          "ru": "Результат рассмотрения не может быть сообщён раньше внесения "
                                "акта.",
                          "en": "The answer cannot come before the act."},
    "answer_in_future": {"kk": "Бұл күн әлі келген жоқ.", "ru": "Этот день ещё не наступил.",
                         "en": "That day has not come yet."},
    "batch_too_large": {"kk": "Бір жолы жіберілген оқиғалар тым көп.",
                        "ru": "Слишком много событий за один раз.",
                        "en": "Too many events in one batch."},
}
# A day to come is refused in the same words whatever was dated.
ERRORS["court_in_future"] = ERRORS["day_in_future"] = ERRORS["answer_in_future"]
ERRORS["court_too_early"] = ERRORS["step_too_early"]


# Days in words, by CLDR plural form: Russian has three forms, Kazakh none after a numeral.
DAYS: dict[str, dict[str, dict[str, str]]] = {
    "working_days": {
        "kk": {"other": "жұмыс күні"},
        "ru": {"one": "рабочий день", "few": "рабочих дня", "other": "рабочих дней"},
        "en": {"one": "working day", "other": "working days"}},
    "days": {
        "kk": {"other": "күн"},
        "ru": {"one": "день", "few": "дня", "other": "дней"},
        "en": {"one": "day", "other": "days"}},
}


# Kinds of property (docs/contract.md §1, `property_kind`).
PROPERTY_KINDS: dict[str, dict[str, str]] = {
    "real_estate": {"kk": "жылжымайтын мүлік", "ru": "недвижимое имущество",
                    "en": "real estate"},
    "land": {"kk": "жер учаскесі", "ru": "земельный участок", "en": "land"},
    "vehicle": {"kk": "көлік құралы", "ru": "транспортное средство", "en": "vehicle"},
    "bank_account": {"kk": "банк шоты", "ru": "банковский счёт", "en": "bank account"},
    "cash": {"kk": "қолма-қол ақша", "ru": "наличные деньги", "en": "cash"},
    "securities": {"kk": "бағалы қағаздар", "ru": "ценные бумаги", "en": "securities"},
    "other": {"kk": "өзге мүлік", "ru": "иное имущество", "en": "other property"},
}


class Translator:
    """The words and formats of one language; called as `_("key", name=value)`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.locale = LOCALES[self.lang]

    def __call__(self, key: str, **values: Any) -> str:
        text = MESSAGES[key][self.lang]
        return text.format(**values) if values else text

    def refusal(self, code: str | None, params: dict[str, Any] | None,
                detail: str | None) -> str | None:
        """What to tell the reader of an API refusal: its code in their language; else, in
        English only, the API's own sentence (never an English sentence on a kk/ru page)."""
        text = ERRORS.get(code or "")
        if text is not None:
            return text[self.lang]
        return detail if self.lang == "en" and detail else None

    def rule(self, code: str) -> str:
        names = RULE_TITLES.get(code)
        return names[self.lang] if names else code

    def act_kind(self, kind: str) -> str:
        names = ACT_KIND_NAMES.get(kind)
        return names[self.lang] if names else kind

    def fact(self, kind: str) -> str:
        names = FACTS.get(kind)
        return names[self.lang] if names else kind

    def feature(self, name: str) -> str:
        names = FEATURES.get(name)
        return names[self.lang] if names else name

    def reasons(self, reasons: list[dict[str, Any]] | None) -> str:
        """A score's main reasons, named in this language."""
        return ", ".join(self.feature(r["feature"]) for r in reasons or [])

    def percent(self, value: float | None) -> str:
        return "" if value is None else format_percent(value, locale=self.locale)

    def property_kind(self, kind: str) -> str:
        names = PROPERTY_KINDS.get(kind)
        return names[self.lang] if names else kind

    def decree_kind(self, kind: str) -> str:
        names = DECREE_KINDS.get(kind)
        return names[self.lang] if names else kind

    def date(self, value: str | date | None) -> str:
        if not value:
            return ""
        day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
        return format_date(day, DATE_FORMATS[self.lang], locale=self.locale)

    def datetime(self, value: str | None) -> str:
        if not value:
            return ""
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:  # stored in UTC
            moment = moment.replace(tzinfo=UTC)
        pattern = "d MMM yyyy HH:mm" if self.lang == "en" else "dd.MM.yyyy HH:mm"
        return format_datetime(moment.astimezone(KAZAKHSTAN), pattern, locale=self.locale)

    def region(self, code: str | None) -> str:
        """A region's name in this language (the catalogue of shared/regions.py)."""
        return region_name(code, self.lang) if code else "—"

    def days(self, overdue: dict[str, Any] | None) -> str:
        """A count of days as the API tells it ({"days": n, "unit": "working_days" or
        "days"}), in words with the plural form this language gives n."""
        if not overdue:
            return ""
        n = int(overdue["days"])
        form = Locale.parse(self.locale).plural_form(n)
        words = DAYS[overdue["unit"]][self.lang]
        return f"{self.number(n)} {words.get(form, words['other'])}"

    def number(self, value: float | int | None) -> str:
        return "" if value is None else format_decimal(value, locale=self.locale)

    def size(self, count: int) -> str:
        return self("size.kb", n=self.number(max(1, round(count / 1024))))

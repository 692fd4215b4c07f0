"""Demo records of the registries, spread over 2022–2026 across the demo organisations.

Built so that plan monitoring shows both met and missed years: e.g. «Управление
образования» implements 1, 2, 1 suggestions in 2022–2024 against targets ≥ 1, ≥ 2, ≥ 2;
every executor of the 2022–2024 plan (``plan/demo.py``) implements one in 2022.
Idempotent (natural keys) and fast; used by ``manage.py load_demo`` only.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from orgs.models import Employee, Municipality, Organisation, User
from orgs.reference import ECONOMY_OFFICE
from projects.models import Goal, Project
from registries.models import (
    Contest,
    ContestEntry,
    ContestNomination,
    CultureDiagnostic,
    DiagnosticRating,
    DiagnosticStatement,
    GoalSurvey,
    ModelSite,
    Suggestion,
    SuggestionTransition,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    Training,
)
from registries.services.suggestions import suggestion_open_project
from registries.services.surveys import survey_refresh_totals
from registries.services.training import employee_refresh_lean_basics

D = datetime.date
EDU = "Управление образования"
DRACH = "МБОУ «Драченинская СОШ»"
SUN = "МБДОУ «Детский сад «Солнышко»"
KRASN = "МБОУ «Красноярская СОШ»"
CULT = "Управление культуры"
CKS = "МБУК «ЦКС»"
MCBS = "МБУК «МЦБС»"
SOC = "Управление соцзащиты"
KCSON = "МБУ «КЦСОН»"
MFC = "МАУ «МФЦ»"
ECON = ECONOMY_OFFICE[1]
KCK = "АНО «Центр компетенций Кузбасса»"

S = Suggestion.State
# (organisation, title, problem, solution, effect, submitted, state, implemented_on, achieved / rejection reason)
SUGGESTIONS = [
    (EDU, "Единый электронный журнал входящих обращений",
     "Обращения родителей регистрируют в двух бумажных журналах, на поиск уходит до 20 минут.",
     "Вести один журнал в общей таблице с поиском по фамилии.", "Поиск обращения — 1 минута.",
     D(2022, 9, 12), S.IMPLEMENTED, D(2022, 11, 1), "Поиск обращения сократился с 20 до 2 минут."),
    (EDU, "Шаблоны ответов на типовые запросы школ",
     "Специалисты каждый раз пишут ответы на одинаковые запросы заново.",
     "Подготовить 12 шаблонов ответов в общей папке.", "Экономия 3 часов в неделю.",
     D(2023, 1, 16), S.IMPLEMENTED, D(2023, 3, 10), "Экономия около 3 часов в неделю на отдел."),
    (EDU, "Визуализация сроков отчётов школ на доске",
     "Сроки сдачи отчётов школ срываются, напоминания рассылаются вручную.",
     "Доска сроков в кабинете и еженедельная рассылка-напоминание.", "Отчёты сдаются в срок.",
     D(2023, 4, 3), S.IMPLEMENTED, D(2023, 6, 15), "Доля отчётов, сданных в срок, выросла с 60 до 92 %."),
    (EDU, "Маркировка папок личных дел по цвету",
     "Личные дела руководителей школ долго ищут в архивном шкафу.",
     "Цветовая маркировка папок по годам и адресное хранение (5S).", "Поиск дела за 1 минуту.",
     D(2024, 2, 5), S.IMPLEMENTED, D(2024, 3, 1), "Поиск дела занимает меньше минуты."),
    (EDU, "Электронная запись на приём к начальнику управления",
     "Посетители ждут приёма в коридоре по 40 минут.",
     "Запись на приём по телефону и через сайт на конкретное время.", "Ожидание не больше 10 минут.",
     D(2025, 3, 11), S.IMPLEMENTED, D(2025, 5, 20), "Среднее ожидание приёма — 7 минут."),
    (EDU, "Общий календарь совещаний управления",
     "Совещания накладываются друг на друга, специалисты пропускают их.",
     "Вести общий электронный календарь с бронированием переговорной.", "Без накладок совещаний.",
     D(2026, 9, 14), S.SUBMITTED, None, ""),
    (EDU, "Сканирование входящих документов в день поступления",
     "Бумажные документы передаются между кабинетами по 2–3 дня.",
     "Сканировать входящие в день поступления и передавать электронно.", "Передача документа за 1 день.",
     D(2026, 10, 5), S.ACCEPTED, None, ""),
    (DRACH, "Стенд с расписанием кружков у входа",
     "Родители звонят в школу узнать расписание кружков.",
     "Стенд у входа и страница на сайте школы.", "Меньше звонков.",
     D(2022, 10, 3), S.IMPLEMENTED, D(2022, 10, 20), "Число звонков о расписании сократилось вдвое."),
    (DRACH, "Электронные заявки на ремонт в кабинетах",
     "Заявки на мелкий ремонт теряются, завхоз узнаёт о них устно.",
     "Общая таблица заявок с отметкой исполнения.", "Заявка исполняется за 3 дня.",
     D(2023, 2, 6), S.IMPLEMENTED, D(2023, 4, 1), "Средний срок исполнения заявки — 2 дня."),
    (DRACH, "Бланки справок об обучении заранее заполнены",
     "Справку об обучении родители ждут до 3 дней.",
     "Шаблон справки с автозаполнением из списка учащихся.", "Справка в день обращения.",
     D(2024, 1, 15), S.IMPLEMENTED, D(2024, 2, 10), "Справку выдают в день обращения."),
    (DRACH, "Адресное хранение учебников в библиотеке",
     "Выдача учебников в начале года занимает неделю.",
     "Стеллажи по классам с маркировкой, выдача по спискам.", "Выдача за 2 дня.",
     D(2024, 4, 2), S.IMPLEMENTED, D(2024, 8, 28), "Учебники выданы за 2 дня вместо 6."),
    (DRACH, "Перенос родительских собраний в онлайн",
     "На собрания приходит меньше половины родителей.",
     "Проводить собрания по видеосвязи.", "Явка выше 70 %.",
     D(2025, 9, 8), S.REJECTED, None, "Нет стабильной связи в части сёл; вернёмся после подключения."),
    (KRASN, "Единая папка приказов в электронном виде",
     "Приказы по школе хранятся у разных сотрудников.",
     "Общая папка с реестром приказов.", "Поиск приказа за минуту.",
     D(2024, 3, 4), S.IMPLEMENTED, D(2024, 5, 12), "Реестр приказов ведётся, поиск — до минуты."),
    (KCSON, "Выездной приём документов в сёлах",
     "Пожилые жители ездят в город, чтобы подать документы.",
     "График выездного приёма специалиста в сёлах раз в неделю.", "Меньше поездок заявителей.",
     D(2023, 1, 23), S.IMPLEMENTED, D(2023, 3, 1), "Принято 214 пакетов документов на выезде."),
    (KCSON, "Чек-лист документов для оформления соцобслуживания",
     "Заявители приходят повторно из-за неполного пакета документов.",
     "Памятка-чек-лист на сайте и у входа.", "Меньше повторных визитов.",
     D(2023, 5, 15), S.IMPLEMENTED, D(2023, 7, 3), "Повторные визиты сократились на 40 %."),
    (KCSON, "Запись на консультацию по телефону на время",
     "Очередь на консультацию в понедельник до 1,5 часа.",
     "Запись на время по телефону.", "Ожидание до 15 минут.",
     D(2026, 8, 3), S.SUBMITTED, None, ""),
    (CKS, "Онлайн-бронирование залов для мероприятий",
     "Заявки на залы принимают только лично.",
     "Форма заявки на сайте и общий календарь занятости залов.", "Заявка без визита.",
     D(2023, 3, 6), S.IMPLEMENTED, D(2023, 5, 22), "70 % заявок поступает через сайт."),
    (CKS, "Единый реестр реквизита",
     "Реквизит ищут по всем клубам, часть закупается повторно.",
     "Реестр реквизита с местом хранения.", "Без повторных закупок.",
     D(2025, 2, 10), S.IMPLEMENTED, D(2025, 4, 18), "Повторных закупок реквизита в 2025 году не было."),
    (MCBS, "Электронная очередь на выдачу книг по заявкам",
     "Читатели ждут заказанные книги без уведомления.",
     "СМС-уведомление о поступлении книги.", "Книгу забирают в течение 2 дней.",
     D(2024, 6, 3), S.REJECTED, None, "Нет средств на СМС-рассылку; рассмотреть уведомление по e-mail."),
    (MFC, "Предварительная проверка документов у входа",
     "Заявители ждут в очереди и узнают о нехватке документов у окна.",
     "Администратор зала проверяет комплектность документов до очереди.", "Меньше отказов у окна.",
     D(2022, 7, 4), S.IMPLEMENTED, D(2022, 8, 1), "Отказы у окна из-за неполного пакета сократились на 35 %."),
    (MFC, "Табличка со сроками услуг у каждого окна",
     "Заявители переспрашивают сроки оказания услуг.",
     "Табличка со сроками и перечнем документов у окна.", "Меньше вопросов.",
     D(2024, 1, 22), S.IMPLEMENTED, D(2024, 2, 15), "Время приёма сократилось на 2 минуты."),
    (MFC, "Зона самообслуживания с терминалом",
     "Очередь за справками, которые можно получить самостоятельно.",
     "Терминал и помощник в зоне самообслуживания.", "Очередь короче на 20 %.",
     D(2024, 5, 13), S.IMPLEMENTED, D(2024, 9, 2), "Очередь в часы пик короче на 25 %."),
    (MFC, "Единый стандарт приветствия заявителя",
     "Заявители жалуются на разный порядок приёма у окон.",
     "Единый скрипт приёма для всех специалистов.", "Выше удовлетворённость.",
     D(2026, 3, 2), S.ACCEPTED, None, ""),
    (KRASN, "Ключи от кабинетов на пронумерованной ключнице",
     "Ключи от кабинетов ищут у разных сотрудников, уроки начинаются с опозданием.",
     "Ключница с номерами кабинетов у вахтёра и журнал выдачи.", "Кабинеты открываются вовремя.",
     D(2022, 9, 19), S.IMPLEMENTED, D(2022, 10, 14), "Опозданий к началу урока из-за ключей больше нет."),
    (KRASN, "Общий график замен уроков на стенде и в чате",
     "О заменах уроков учителя узнают в последний момент.",
     "График замен на стенде в учительской и в общем чате накануне.", "Замены известны за день.",
     D(2023, 8, 28), S.IMPLEMENTED, D(2023, 10, 9), "Все замены публикуются накануне до 16:00."),
    (SUN, "Памятка для родителей о документах для зачисления",
     "Родители не знают, какие документы нести, и приходят повторно.",
     "Памятка на сайте и на двери кабинета заведующей.", "Один визит на зачисление.",
     D(2022, 4, 11), S.IMPLEMENTED, D(2022, 5, 16), "Повторные визиты родителей сократились вдвое."),
    (CKS, "Единый план мероприятий клубов на общем календаре",
     "Мероприятия клубов совпадают по датам, зрителей делят.",
     "Общий календарь мероприятий всех клубов с согласованием дат.", "Без совпадений дат.",
     D(2022, 8, 1), S.IMPLEMENTED, D(2022, 9, 12), "Накладок мероприятий в осеннем сезоне не было."),
    (KCSON, "Приём звонков по единому номеру с переадресацией",
     "Граждане не могут дозвониться до нужного специалиста.",
     "Единый номер центра с переадресацией на отделения.", "Дозвон с первого раза.",
     D(2022, 10, 10), S.IMPLEMENTED, D(2022, 12, 5), "Пропущенных звонков стало меньше на 60 %."),
]  # fmt: skip

K = Training.Kind
# (organisation, employee last name or None = the n-th staff member, kind, provider, started, completed, hours)
TRAININGS = [
    (ECON, "Славина", K.LEAN_BASICS, KCK, D(2022, 6, 1), D(2022, 6, 15), 36),
    (EDU, "Морозов", K.LEAN_BASICS, KCK, D(2022, 10, 3), D(2022, 10, 20), 36),
    (EDU, "Кузнецова", K.LEAN_BASICS, KCK, D(2023, 2, 13), D(2023, 3, 1), 36),
    (EDU, "Иванова", K.LEAN_BASICS, KCK, D(2023, 9, 4), D(2023, 9, 22), 36),
    (EDU, "Смирнов", K.LEAN_BASICS, KCK, D(2024, 4, 8), D(2024, 4, 26), 36),
    (MFC, 0, K.LEAN_BASICS, KCK, D(2022, 5, 16), D(2022, 6, 3), 36),
    (MFC, 1, K.LEAN_BASICS, KCK, D(2023, 10, 2), D(2023, 10, 20), 36),
    (MFC, 2, K.LEAN_BASICS, KCK, D(2024, 3, 11), D(2024, 3, 29), 36),
    (KCSON, 0, K.LEAN_BASICS, KCK, D(2023, 4, 10), D(2023, 4, 28), 36),
    (DRACH, 0, K.LEAN_BASICS, KCK, D(2024, 10, 7), D(2024, 10, 25), 36),
    (CKS, 0, K.LEAN_BASICS, "ГАУ ДПО «Кузбасский региональный институт развития профессионального образования»",
     D(2025, 2, 3), D(2025, 2, 21), 24),
    (SOC, 0, K.LEAN_BASICS, KCK, D(2026, 9, 7), None, 36),
    (MFC, 0, K.OFFICE_FACTORY, KCK, D(2022, 9, 5), D(2022, 9, 9), 16),
    (EDU, "Кузнецова", K.OFFICE_FACTORY, KCK, D(2023, 5, 15), D(2023, 5, 19), 16),
    (EDU, "Иванова", K.OFFICE_FACTORY, KCK, D(2023, 11, 13), D(2023, 11, 17), 16),
    (EDU, "Смирнов", K.OFFICE_FACTORY, KCK, D(2024, 6, 3), D(2024, 6, 7), 16),
    (SOC, 0, K.OFFICE_FACTORY, KCK, D(2024, 9, 16), D(2024, 9, 20), 16),
    (SOC, 1, K.OFFICE_FACTORY, KCK, D(2025, 4, 7), D(2025, 4, 11), 16),
    (EDU, "Иванова", K.INTERNAL_COURSE, "Управление образования (внутреннее обучение)", D(2024, 2, 5), D(2024, 2, 6), 8),
    (DRACH, "Петров", K.INTERNAL_COURSE, "Управление образования (внутреннее обучение)", D(2024, 2, 5),
     D(2024, 2, 6), 8),
]  # fmt: skip

# (mentee org, mentee, mentor org, mentor, started, completed, hours)
MENTORING = [
    (DRACH, "Петров", EDU, "Кузнецова", D(2024, 9, 2), D(2024, 12, 20), 20),
    (EDU, "Смирнов", EDU, "Морозов", D(2023, 10, 2), D(2024, 3, 29), 24),
    (KRASN, 0, EDU, "Кузнецова", D(2025, 9, 1), None, None),
]

SITES = [
    (MFC, "Зона приёма заявителей по принципу «одного окна»", D(2022, 11, 24), "Управление соцзащиты",
     "Образец подтверждён: время ожидания не больше 15 минут, навигация понятна."),
    (EDU, "Рабочее место специалиста по обращениям граждан (5S)", D(2023, 4, 19), "МАУ «МФЦ»",
     "Подтверждён; рекомендовано тиражировать в подведомственных школах."),
    (KCSON, "Кабинет приёма документов на социальное обслуживание", D(2023, 10, 12), "Управление образования",
     "Подтверждён с замечанием: обновить стенд с перечнем документов."),
    (DRACH, "Школьная библиотека: адресное хранение учебников", D(2024, 9, 18), "Управление культуры",
     "Подтверждён: выдача учебников за 2 дня."),
    (CKS, "Зрительный зал: бронирование и подготовка мероприятий", D(2024, 11, 6), "МАУ «МФЦ»",
     "Подтверждён."),
    (EDU, "Архив личных дел руководителей", D(2025, 3, 26), "КУМИ", "Подтверждён."),
    (MFC, "Зона самообслуживания", D(2025, 10, 8), "Управление образования", "Подтверждён."),
    (KRASN, "Учительская: визуализация расписания и замен", D(2026, 4, 15), "МБОУ «Драченинская СОШ»",
     "Подтверждён с замечаниями."),
]  # fmt: skip

M = Survey.Method
# (organisation, title, service, method, held_on, closes_on, respondents, share)
SURVEYS = [
    (MFC, "Удовлетворённость качеством предоставления услуг МФЦ, 2023", "Приём документов", M.PAPER,
     D(2023, 10, 2), D(2023, 10, 31), 186, Decimal("87.1")),
    (EDU, "Удовлетворённость родителей приёмом обращений", "Приём обращений граждан", M.PHONE,
     D(2023, 11, 13), D(2023, 11, 24), 64, Decimal("71.9")),
    (KCSON, "Качество социального обслуживания на дому", "Социальное обслуживание на дому", M.PAPER,
     D(2024, 4, 8), D(2024, 4, 26), 120, Decimal("90.0")),
    (MFC, "Удовлетворённость качеством предоставления услуг МФЦ, 2025", "Приём документов", M.PAPER,
     D(2025, 10, 1), D(2025, 10, 31), 204, Decimal("91.2")),
]  # fmt: skip

PORTAL_QUESTIONS = [
    "Насколько вы удовлетворены временем ожидания приёма?",
    "Насколько понятно вам объяснили порядок получения услуги?",
    "Насколько вежливо и внимательно вас обслужили?",
]
# (organisation, title, service, held_on, closes_on, is_open, responses, score weights 1..5)
PORTAL_SURVEYS = [
    (EDU, "Приём заявлений в первый класс: оценка родителей, 2025", "Приём заявлений в первый класс",
     D(2025, 4, 1), D(2025, 6, 30), False, 48, (2, 4, 10, 16, 14)),
    (EDU, "Приём заявлений в первый класс: оценка родителей, 2026", "Приём заявлений в первый класс",
     D(2026, 4, 1), None, True, 37, (1, 2, 5, 15, 20)),
]  # fmt: skip

COMMENTS = [
    "Спасибо, всё быстро и понятно.",
    "Долго ждали в коридоре, не хватает стульев.",
    "Хорошо, что можно записаться заранее по телефону.",
    "Не сразу нашли нужный кабинет — нужна табличка.",
    "Вежливые специалисты, помогли заполнить заявление.",
    "Хотелось бы подавать документы через интернет.",
]

CONTESTS = [
    ("Муниципальный конкурс «Бережливый офис»", 2022, D(2022, 11, 30), ["Лучший проект", "Лучшее ППУ"]),
    ("Конкурс «Лучшая практика бережливого управления в образовании»", 2022, D(2022, 12, 16), ["Лучший проект"]),
    ("Муниципальный конкурс «Бережливый офис»", 2023, D(2023, 11, 29), ["Лучший проект", "Лучшее ППУ"]),
    ("Конкурс «Бережливая социальная сфера»", 2023, D(2023, 12, 14), ["Лучшая практика"]),
    ("Муниципальный конкурс «Бережливый офис»", 2024, D(2024, 11, 27), ["Лучший проект", "Лучшее ППУ"]),
    ("Конкурс «Бережливая школа»", 2024, D(2024, 10, 30), ["Лучшее ППУ"]),
    ("Конкурс «Бережливая культура»", 2024, D(2024, 12, 11), ["Лучшая практика"]),
    ("Конкурс «Наставник года в бережливом управлении»", 2024, D(2024, 12, 20), ["Наставничество"]),
    ("Муниципальный конкурс «Бережливый офис»", 2025, D(2025, 11, 26), ["Лучший проект", "Лучшее ППУ"]),
    ("Конкурс «Лучшее предложение по улучшению»", 2023, D(2023, 6, 21), ["Лучшее ППУ"]),
]

STATEMENTS = [
    "Сотрудники знают цели организации и свой вклад в них",
    "Руководитель поддерживает предложения сотрудников по улучшению",
    "Проблемы в работе обсуждаются открыто, без поиска виноватых",
    "Сотрудники владеют инструментами бережливого управления",
    "Результаты бережливых проектов видны коллективу",
    "Потери времени в процессах выявляются и устраняются",
    "Сотрудники готовы делиться опытом и наставлять коллег",
    "Интересы получателей услуг учитываются при изменении процессов",
]
# (organisation, year, held_on, participants, scores, problems, achievements, directions)
DIAGNOSTICS = [
    (EDU, 2023, D(2023, 3, 20), 14, (3.4, 3.1, 2.8, 2.5, 2.9, 2.7, 3.2, 3.5),
     "Перегрузка специалистов отчётами; дублирование журналов обращений.",
     "Единый журнал обращений сократил поиск документов.",
     "Образование: приём и регистрация обращений; сбор отчётности школ."),
    (EDU, 2024, D(2024, 3, 18), 15, (3.8, 3.9, 3.4, 3.3, 3.6, 3.2, 3.7, 3.9),
     "Сроки согласования документов со школами.",
     "Отчёты школ сдаются в срок; шаблоны ответов экономят время.",
     "Образование: электронный документооборот со школами; приём заявлений в первый класс."),
    (EDU, 2025, D(2025, 3, 17), 15, (4.1, 4.2, 3.8, 3.9, 4.0, 3.7, 4.0, 4.2),
     "Ожидание приёма у руководителя.",
     "Запись на приём на время; наставничество в школах.",
     "Образование: запись на приём; тиражирование практик в подведомственных школах."),
    (DRACH, 2024, D(2024, 2, 26), 22, (3.0, 3.5, 3.1, 2.2, 2.8, 2.9, 3.0, 3.6),
     "Долгая выдача учебников; заявки на ремонт теряются.",
     "Стенд с расписанием кружков.",
     "Образование: библиотека, хозяйственные заявки."),
    (DRACH, 2025, D(2025, 2, 24), 23, (3.6, 3.9, 3.5, 3.0, 3.7, 3.4, 3.5, 3.8),
     "Низкая явка на родительские собрания.",
     "Адресное хранение учебников: выдача за 2 дня.",
     "Образование: взаимодействие с родителями."),
    (CKS, 2024, D(2024, 5, 13), 30, (3.2, 3.0, 3.3, 2.4, 2.6, 2.5, 3.4, 3.8),
     "Повторные закупки реквизита.",
     "Онлайн-бронирование залов.",
     "Культура: учёт имущества клубов."),
]  # fmt: skip


def _orgs() -> dict[str, Organisation]:
    # The demo registers belong to the default municipality (Leninsk-Kuznetsky): a second
    # municipality's organisations may share a short name.
    return {o.short_name: o for o in Organisation.objects.filter(municipality=Municipality.objects.default())}


def _employee(org: Organisation, who) -> Employee:
    staff = list(Employee.objects.filter(organisation=org).order_by("id"))
    if isinstance(who, str):
        for employee in staff:
            if employee.last_name == who:
                return employee
        return Employee.objects.create(organisation=org, last_name=who, first_name="Анна", position="Специалист")
    return staff[who % len(staff)]


def _suggestions(orgs) -> int:
    department = User.objects.filter(username="department").select_related("employee").first()
    for index, (org_name, title, problem, solution, effect, submitted, state, done_on, note) in enumerate(SUGGESTIONS):
        org = orgs.get(org_name)
        if org is None:
            continue
        suggestion, created = Suggestion.objects.get_or_create(
            organisation=org,
            title=title,
            defaults={
                "problem": problem,
                "solution": solution,
                "expected_effect": effect,
                "submitted_on": submitted,
                "state": state,
                "implemented_on": done_on,
                "achieved_effect": note if state == S.IMPLEMENTED else "",
                "rejection_reason": note if state == S.REJECTED else "",
            },
        )
        if not created:
            continue
        authors = [_employee(org, index)]
        if org_name == EDU and department is not None and index % 2 == 0:
            authors = [department.employee, _employee(org, "Иванова")]
        suggestion.authors.set(authors)
        user = department if org_name == EDU else None
        steps = [("", S.SUBMITTED, "Предложение подано.")]
        if state in (S.ACCEPTED, S.IMPLEMENTED):
            steps.append((S.SUBMITTED, S.ACCEPTED, "Принято к внедрению."))
        if state == S.IMPLEMENTED:
            steps.append((S.ACCEPTED, S.IMPLEMENTED, note))
        if state == S.REJECTED:
            steps.append((S.SUBMITTED, S.REJECTED, note))
        SuggestionTransition.objects.bulk_create(
            SuggestionTransition(suggestion=suggestion, from_state=a, to_state=b, user=user, comment=c)
            for a, b, c in steps
        )
    return Suggestion.objects.count()


# Training the office has not confirmed yet (no certificate scan): typed in by the organisation itself, it shows in
# the office's list «Неподтверждённое обучение» and counts neither for plan 2.1 nor for the right to assess (4.2).
UNCONFIRMED_TRAININGS = {(CKS, K.LEAN_BASICS, D(2025, 2, 3))}


def _trainings(orgs) -> int:
    touched: set[int] = set()
    office_user = (
        User.objects.filter(
            role=User.Role.ECONOMY,
            is_active=True,
            employee__organisation__municipality=Municipality.objects.default(),
        )
        .order_by("pk")
        .first()
    )
    for org_name, who, kind, provider, started, completed, hours in TRAININGS:
        org = orgs.get(org_name)
        if org is None:
            continue
        employee = _employee(org, who)
        defaults = {"provider": provider, "completed_on": completed, "hours": hours}
        confirm = completed and office_user is not None and (org_name, kind, started) not in UNCONFIRMED_TRAININGS
        if confirm:
            defaults.update(confirmed_by=office_user, confirmed_at=timezone.now())
        training, created = Training.objects.get_or_create(
            employee=employee, kind=kind, started_on=started, defaults=defaults
        )
        if confirm and not created and not training.is_confirmed:
            # A demo loaded before training needed confirming: the office confirmed it.
            training.confirmed_by, training.confirmed_at = office_user, timezone.now()
            training.save(update_fields=["confirmed_by", "confirmed_at"])
        touched.add(employee.pk)
    for mentee_org, mentee, mentor_org, mentor, started, completed, hours in MENTORING:
        if mentee_org not in orgs or mentor_org not in orgs:
            continue
        Training.objects.get_or_create(
            employee=_employee(orgs[mentee_org], mentee),
            kind=K.MENTORING,
            started_on=started,
            defaults={
                "mentor": _employee(orgs[mentor_org], mentor),
                "completed_on": completed,
                "hours": hours,
                "provider": "Внутреннее обучение (наставничество)",
            },
        )
    for employee in Employee.objects.filter(pk__in=touched):
        employee_refresh_lean_basics(employee)
    return Training.objects.count()


def _sites(orgs) -> int:
    for org_name, title, audit_date, auditor, result in SITES:
        org = orgs.get(org_name)
        if org is None:
            continue
        ModelSite.objects.get_or_create(
            organisation=org,
            title=title,
            defaults={"sphere": org.sphere, "audit_date": audit_date, "auditor": auditor, "result": result},
        )
    return ModelSite.objects.count()


def _surveys(orgs) -> int:
    for org_name, title, service, method, held_on, closes_on, respondents, share in SURVEYS:
        org = orgs.get(org_name)
        if org is None:
            continue
        Survey.objects.get_or_create(
            organisation=org,
            title=title,
            defaults={
                "service": service,
                "method": method,
                "held_on": held_on,
                "closes_on": closes_on,
                "respondents": respondents,
                "satisfied_share": share,
            },
        )
    rng = random.Random(969)
    for org_name, title, service, held_on, closes_on, is_open, responses, weights in PORTAL_SURVEYS:
        org = orgs.get(org_name)
        if org is None:
            continue
        survey, created = Survey.objects.get_or_create(
            organisation=org,
            title=title,
            defaults={
                "service": service,
                "method": M.PORTAL,
                # The running survey must be taking answers whatever the machine's date.
                "held_on": min(held_on, timezone.localdate()) if is_open else held_on,
                "closes_on": closes_on,
                "is_open": is_open,
                "intro": "Ответьте, пожалуйста, на три вопроса — это займёт минуту.",
            },
        )
        if not created:
            continue
        questions = bulk_create_with_history(
            [SurveyQuestion(survey=survey, position=i, text=text) for i, text in enumerate(PORTAL_QUESTIONS, 1)],
            SurveyQuestion,
        )
        made = SurveyResponse.objects.bulk_create(
            SurveyResponse(survey=survey, comment=COMMENTS[(i // 7) % len(COMMENTS)] if i % 7 == 0 else "")
            for i in range(responses)
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=r, question=q, score=rng.choices(range(1, 6), weights=weights)[0])
            for r in made
            for q in questions
        )

        survey_refresh_totals(survey)
    return Survey.objects.count()


def _contests(orgs) -> int:

    economy = orgs.get(ECON)
    if economy is None:
        return 0
    # Only projects already implemented when the jury met can win.
    own = {"organisation__municipality": economy.municipality_id}
    projects = list(Project.objects.implemented().filter(closed_on__isnull=False, **own).order_by("closed_on", "id"))
    suggestions = list(Suggestion.objects.filter(state=S.IMPLEMENTED, **own).order_by("implemented_on", "id"))
    for index, (title, year, held_on, nominations) in enumerate(CONTESTS):
        contest, created = Contest.objects.get_or_create(
            organisation=economy,
            title=title,
            year=year,
            defaults={
                "held_on": held_on,
                "level": Contest.Level.MUNICIPAL,
                "description": "Конкурс проводит управление экономического развития среди структурных "
                "подразделений и муниципальных учреждений.",
            },
        )
        if not created:
            continue
        made = bulk_create_with_history(
            [ContestNomination(contest=contest, title=n, position=i) for i, n in enumerate(nominations, 1)],
            ContestNomination,
        )
        year_suggestions = [s for s in suggestions if s.implemented_on and s.implemented_on.year == year][:3]
        entries = []
        for place, suggestion in enumerate(year_suggestions, 1):
            entries.append(
                ContestEntry(
                    contest=contest,
                    nomination=made[-1],
                    suggestion=suggestion,
                    score=Decimal(10 - place),
                    place=place,
                    is_winner=place == 1,
                )
            )
        finished = [p for p in projects if p.closed_on <= held_on]
        for place, project in enumerate(finished[index % 2 :: 2][:2], 1):
            entries.append(
                ContestEntry(
                    contest=contest,
                    nomination=made[0],
                    project=project,
                    score=Decimal(9 - place),
                    place=place,
                    is_winner=place == 1,
                )
            )
        bulk_create_with_history(entries, ContestEntry)
    return Contest.objects.count()


def _diagnostics(orgs) -> int:
    statements = []
    for position, text in enumerate(STATEMENTS, 1):
        statement, _ = DiagnosticStatement.objects.get_or_create(
            text=text, municipality=Municipality.objects.default(), defaults={"position": position}
        )
        statements.append(statement)
    for org_name, year, held_on, participants, scores, problems, achievements, directions in DIAGNOSTICS:
        org = orgs.get(org_name)
        if org is None:
            continue
        diagnostic, created = CultureDiagnostic.objects.get_or_create(
            organisation=org,
            year=year,
            defaults={
                "held_on": held_on,
                "participants": participants,
                "problems": problems,
                "achievements": achievements,
                "directions": directions,
            },
        )
        if created:
            bulk_create_with_history(
                [
                    DiagnosticRating(diagnostic=diagnostic, statement=s, score=Decimal(str(score)))
                    for s, score in zip(statements, scores, strict=True)
                ],
                DiagnosticRating,
            )
    return CultureDiagnostic.objects.count()


def _links(orgs) -> None:
    """A suggestion turned into a project, and a project goal measured by the surveys before and after."""

    department = User.objects.filter(username="department").select_related("employee").first()
    suggestion = Suggestion.objects.filter(
        organisation__short_name=EDU, title="Сканирование входящих документов в день поступления"
    ).first()
    if department is not None and suggestion is not None and suggestion.project_id is None:
        suggestion_open_project(suggestion=suggestion, user=department)
    before, after = (
        Survey.objects.filter(organisation__short_name=EDU, title=title).first() for _, title, *_ in PORTAL_SURVEYS
    )
    goal = (
        Goal.objects.filter(project__organisation__short_name=EDU)
        .exclude(project__state="draft")
        .order_by("project_id", "position")
        .first()
    )
    if goal is None or before is None or after is None or GoalSurvey.objects.filter(goal=goal).exists():
        return
    before.project = after.project = goal.project
    before.save(update_fields=["project"])
    after.save(update_fields=["project"])
    GoalSurvey.objects.create(goal=goal, survey=before, moment=GoalSurvey.Moment.BEFORE)
    GoalSurvey.objects.create(goal=goal, survey=after, moment=GoalSurvey.Moment.AFTER)


@transaction.atomic
def load() -> dict[str, int]:
    orgs = _orgs()
    counts = {
        "предложений": _suggestions(orgs),
        "записей об обучении": _trainings(orgs),
        "образцов": _sites(orgs),
        "опросов": _surveys(orgs),
        "конкурсов": _contests(orgs),
        "самодиагностик": _diagnostics(orgs),
    }
    _links(orgs)
    return counts

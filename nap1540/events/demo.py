# ruff: noqa: RUF001 - Russian text: Cyrillic letters are meant, not look-alikes
"""Demo events: the Tashkent roundtable of December 2016 and the Vienna review meeting of
May 2017 from the Uzbekistan information note, plus two illustrative upcoming events.

The records restate the note's facts; the information note generated for the Vienna
meeting states the same facts as the original. A Russian version of that note is stored
as an edited note, to show editing before export. Loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from nap1540.core.visibility import Visibility
from nap1540.events import services
from nap1540.events.models import Event, Note, Outcome, Participant
from nap1540.events.notes import NoteContent
from nap1540.registry.models import Organisation, State

ROUNDTABLE_SLUG = "2016-12-20-uzbekistan-national-roundtable-tashkent"
REVIEW_SLUG = "2017-05-22-uzbekistan-nap-review-meeting-vienna"
UPCOMING_SLUG = "demo-uzbekistan-national-roundtable-upcoming"
BRIEFING_SLUG = "demo-committee-open-briefing-upcoming"

UNODA_UNRCPD = (
    "United Nations Office of Disarmament Affairs Regional Centre for Peace and Disarmament "
    "in Asia and the Pacific (UNODA/UNRCPD)"
)
NOTE_AGENCIES = ("MFA", "MES", "MoH", "NSS", "Sanoatgeokontekhnazorat")

BACKGROUND_1977 = (
    "Resolution 1977 (2011) encourages the 1540 Committee, with the support of the necessary "
    "relevant expertise, to actively engage in dialogue with States on the implementation of "
    "resolution 1540 (2004), including through visits to States at their invitation. Also, "
    "the resolution encourages all States to prepare on a voluntary basis National "
    "Implementation Action plans (NAP), with the assistance of the 1540 Committee as "
    "appropriate. Since the adoption of resolution 1977 (2011), the 1540 Group of Experts "
    "have interacted with States to assist them with the drafting of such plans, including "
    "Bosnia and Herzegovina, Ghana, Kyrgyzstan, Lesotho, Montenegro, The former Yugoslav "
    "Republic of Macedonia, Malawi, Niger, Senegal, Tajikistan and Togo."
)

ROUNDTABLE = {
    "kind": Event.Kind.NATIONAL_ROUNDTABLE,
    "title": (
        "National roundtable to review the National Action Plan of Uzbekistan on the "
        "implementation of resolution 1540 (2004)"
    ),
    "visibility": Visibility.COMMITTEE,
    "starts_on": date(2016, 12, 20),
    "ends_on": date(2016, 12, 21),
    "venue_city": "Tashkent",
    "objectives": "The roundtable was convened to review the NAP on the implementation of "
    "resolution 1540 (2004) and to plan future activities.",
    "overview": (
        "During the two-day roundtable, the participants reviewed the progress towards the "
        "NAP, as well as discussed plans for future activities based on a new project proposal "
        "of the OSCE Office in Tashkent prepared with support of the UNRCPD 1540 Co-ordinator."
    ),
    "outcomes": (
        "The meeting resulted in the proposal to update the NAP for the next implementation "
        "period of 2017-2021."
    ),
    "summary": (
        "On 20-21 December 2016 the UNRCPD together with the OSCE and the Government of "
        "Uzbekistan organized a national roundtable meeting to review the NAP on the "
        "implementation of resolution 1540 (2004). During the two-day roundtable, the "
        "participants reviewed the progress towards the NAP, as well as discussed plans for "
        "future activities based on a new project proposal of the OSCE Office in Tashkent "
        "prepared with support of the UNRCPD 1540 Co-ordinator. The meeting resulted in the "
        "proposal to update the NAP for the next implementation period of 2017-2021."
    ),
}

REVIEW_MEETING = {
    "kind": Event.Kind.REVIEW_MEETING,
    "title": (
        "The meeting to review implementation of the 2014 National Action Plan (NAP) of "
        "Uzbekistan to implement resolution 1540 (2004)"
    ),
    "visibility": Visibility.PUBLIC,
    "starts_on": date(2017, 5, 22),
    "ends_on": date(2017, 5, 24),
    "venue_city": "Vienna",
    # The roundtable is shared with the Committee only, so the public note cannot quote it;
    # the State wrote what it wants the public to read about it into this event's background.
    "background": BACKGROUND_1977
    + "\n\nThe review meeting was a follow-up to the national roundtable held in Tashkent in "
    "December 2016. It was aimed at reviewing the status of tasks outlined in the NAP and at "
    "discussing its further development.\n\n" + ROUNDTABLE["summary"],  # type: ignore[operator]
    "overview": (
        "The two-day meeting brought together representatives of the several ministries and "
        "agencies of Uzbekistan responsible for various aspects of implementation of "
        "resolution 1540 together with the 1540 Committee Group of Experts, OSCE, and UNRCPD "
        "experts. UNRCPD and OSCE co-organized this event in the framework of the joint "
        'UNODA-OSCE project on "Facilitating the Regional Implementation of UNSC resolution '
        '1540 (2004)".\n\n'
        "The 1540 Committee Expert made a presentation on general aspects of resolution 1540 "
        "(2004), its status of implementation in the OSCE and Central Asia regions. The 1540 "
        "Expert also described the role of the 1540 Committee in facilitating match-making of "
        "requests and offers of assistance."
    ),
}

REVIEW_NOTE_RU = NoteContent(
    event_text=(
        "Совещание по обзору хода выполнения Национального плана действий (НПД) Узбекистана "
        "2014 года по осуществлению резолюции 1540 (2004)."
    ),
    organisers_text=(
        "Региональный центр Управления ООН по вопросам разоружения по вопросам мира и "
        "разоружения в Азиатско-Тихоокеанском регионе (УВР ООН/РЦМРАТР) и Организация по "
        "безопасности и сотрудничеству в Европе (ОБСЕ)."
    ),
    date_venue_text="22-24 мая 2017 г., Вена, Австрия",
    participants=[
        (
            "Должностные лица государственных органов Узбекистана",
            "Министерство иностранных дел, Министерство по чрезвычайным ситуациям, "
            "Министерство здравоохранения, Служба национальной безопасности и Государственная "
            "инспекция по надзору за безопасным ведением работ в промышленности, горном деле и "
            "коммунально-бытовом секторе.",
        ),
        (
            "Структуры ООН, международные и региональные организации",
            "УВР ООН/РЦМРАТР и Центр по предотвращению конфликтов (ЦПК) ОБСЕ.",
        ),
        ("Комитет 1540", "Эксперт Комитета 1540."),
    ],
    background=(
        "Резолюция 1977 (2011) призывает Комитет 1540 при поддержке необходимых специалистов "
        "активно вести диалог с государствами об осуществлении резолюции 1540 (2004), в том "
        "числе посредством посещений государств по их приглашению. Резолюция также призывает "
        "все государства на добровольной основе готовить национальные планы действий по "
        "осуществлению (НПД), при необходимости с помощью Комитета 1540. С момента принятия "
        "резолюции 1977 (2011) Группа экспертов Комитета 1540 помогала государствам в "
        "разработке таких планов, в том числе Боснии и Герцеговине, Гане, Кыргызстану, "
        "Лесото, Черногории, бывшей югославской Республике Македония, Малави, Нигеру, "
        "Сенегалу, Таджикистану и Того.\n\n"
        "Совещание стало продолжением национального круглого стола по резолюции 1540, "
        "состоявшегося в Ташкенте в декабре 2016 г., и было посвящено обзору выполнения "
        "задач НПД и обсуждению его дальнейшего развития.\n\n"
        "20-21 декабря 2016 г. РЦМРАТР совместно с ОБСЕ и Правительством Узбекистана провёл "
        "национальный круглый стол по обзору НПД по осуществлению резолюции 1540 (2004). В "
        "течение двух дней участники рассмотрели ход выполнения НПД и обсудили планы будущей "
        "деятельности на основе нового проектного предложения Офиса ОБСЕ в Ташкенте, "
        "подготовленного при поддержке координатора РЦМРАТР по резолюции 1540. По итогам "
        "встречи было предложено обновить НПД на следующий период осуществления 2017-2021 гг."
    ),
    overview=(
        "Двухдневное совещание собрало представителей ряда министерств и ведомств Узбекистана, "
        "отвечающих за различные аспекты осуществления резолюции 1540, а также Группу "
        "экспертов Комитета 1540, экспертов ОБСЕ и РЦМРАТР. РЦМРАТР и ОБСЕ организовали это "
        "мероприятие в рамках совместного проекта УВР ООН и ОБСЕ «Содействие региональному "
        "осуществлению резолюции 1540 (2004) СБ ООН».\n\n"
        "Эксперт Комитета 1540 выступил с презентацией об общих аспектах резолюции 1540 "
        "(2004) и о состоянии её осуществления в регионе ОБСЕ и в Центральной Азии. Эксперт "
        "также рассказал о роли Комитета 1540 в содействии сопоставлению запросов и "
        "предложений о помощи."
    ),
    additional_comments=(
        "За дополнительной информацией просьба обращаться к экспертам Комитета 1540 по "
        "электронной почте 1540experts@un.org."
    ),
)


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def _plan(ctx: Any, key: str, year: int) -> Any:
    """The plans demo's plan, or a demo plan of Uzbekistan starting in `year`."""
    if key in ctx.objects:
        return ctx.objects[key]
    from nap1540.plans.models import Plan

    return Plan.objects.filter(state__iso3="UZB", is_demo=True, period_start__year=year).first()


def _review(ctx: Any, key: str, year: int) -> Any:
    if key in ctx.objects:
        return ctx.objects[key]
    from nap1540.plans.models import Review

    return Review.objects.filter(plan__state__iso3="UZB", is_demo=True, held_on__year=year).first()


def _create(slug: str, values: dict[str, Any], **extra: Any) -> tuple[Event, bool]:
    event = Event.objects.filter(slug=slug).first()
    if event is not None:
        return event, False
    event = services.create_event(by=None, slug=slug, is_demo=True, **values, **extra)
    return event, True


def _participants(event: Event, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        services.add_participant(event, by=None, **row)


def load(ctx: Any) -> None:
    uzb = ctx.objects.get("uzb") or State.objects.get(iso3="UZB")
    agencies = ctx.objects.get("uzb_agencies") or {}
    plan_2014 = _plan(ctx, "plan_2014", 2014) or _plan(ctx, "plan_2014", 2015)
    plan_2017 = _plan(ctx, "plan_2017", 2017)
    review_2016 = _review(ctx, "review_2016", 2016)
    review_2017 = _review(ctx, "review_2017", 2017)
    gov = Participant.Group.GOVERNMENT

    roundtable, created = _create(
        ROUNDTABLE_SLUG,
        ROUNDTABLE,
        state=uzb,
        venue_country=uzb,
        plan=plan_2014,
        review=review_2016,
    )
    if created:
        services.add_organiser(roundtable, by=None, organisation=_org("UNRCPD"), label=UNODA_UNRCPD)
        services.add_organiser(roundtable, by=None, organisation=_org("OSCE-TASHKENT"))
        services.add_organiser(roundtable, by=None, state=uzb)
        _participants(
            roundtable,
            [{"group": gov, "agency": agencies[a]} for a in NOTE_AGENCIES if a in agencies]
            + [
                {"group": "international", "organisation": _org("UNRCPD"), "name": "UNODA/UNRCPD"},
                {"group": "international", "organisation": _org("OSCE-TASHKENT")},
            ],
        )
        services.record_outcome(
            roundtable,
            by=None,
            text="Propose updating the NAP for the next implementation period, 2017-2021.",
        )

    review, created = _create(
        REVIEW_SLUG,
        REVIEW_MEETING,
        state=uzb,
        venue_country=State.objects.get(iso3="AUT"),
        plan=plan_2014,
        review=review_2017,
        follow_up_to=roundtable,
    )
    if created:
        services.add_organiser(review, by=None, organisation=_org("UNRCPD"), label=UNODA_UNRCPD)
        services.add_organiser(review, by=None, organisation=_org("OSCE"))
        _participants(
            review,
            [{"group": gov, "agency": agencies[a]} for a in NOTE_AGENCIES if a in agencies]
            + [
                {"group": "international", "organisation": _org("UNRCPD"), "name": "UNODA/UNRCPD"},
                {
                    "group": "international",
                    "organisation": _org("OSCE-CPC"),
                    "name": "OSCE Conflict Prevention Centre (CPC)",
                },
                {
                    "group": "committee",
                    "organisation": _org("1540-GOE"),
                    "name": "1540 Committee Expert",
                },
            ],
        )
        services.record_outcome(
            review, by=None, text="Submit the updated NAP for 2017-2021 to the 1540 Committee."
        )
        if plan_2017 is not None and "NSS" in agencies:
            # Illustrative: not in the note. Left unapplied so a coordinator can try it.
            services.record_outcome(
                review,
                by=None,
                text="Train customs and security officers on controls of dual-use goods.",
                action=Outcome.Action.CREATE_TASK,
                plan=plan_2017,
                task_title="Demo: national training on export controls of dual-use goods",
                section_code="OP3(d)",
                lead_agency=agencies["NSS"],
                due_date=date(2018, 6, 30),
            )
    if not Note.objects.filter(event=review, lang="ru").exists():
        services.save_note(review, "ru", REVIEW_NOTE_RU, by=None, comment="Russian translation")

    today = timezone.localdate()
    _create(
        UPCOMING_SLUG,
        {
            "kind": Event.Kind.NATIONAL_ROUNDTABLE,
            "title": "Demo: national roundtable on the implementation of resolution 1540 (2004)",
            "visibility": Visibility.PRIVATE,
            "starts_on": today + timedelta(days=45),
            "ends_on": today + timedelta(days=46),
            "venue_city": "Tashkent",
            "objectives": "Illustrative upcoming event, private to Uzbekistan.",
        },
        state=uzb,
        venue_country=uzb,
    )
    _create(
        BRIEFING_SLUG,
        {
            "kind": Event.Kind.OPEN_BRIEFING,
            "title": "Demo: open briefing of the 1540 Committee",
            "visibility": Visibility.PUBLIC,
            "starts_on": today + timedelta(days=20),
            "ends_on": today + timedelta(days=20),
            "venue_city": "New York",
            "objectives": "Illustrative upcoming Committee event.",
        },
        state=None,
        venue_country=State.objects.get(iso3="USA"),
    )
    ctx.objects["event_roundtable_2016"] = roundtable
    ctx.objects["event_review_2017"] = review

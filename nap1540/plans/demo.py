"""Demo: Uzbekistan's 2014 national action plan, its two reviews and its 2017-2021 successor.

Built from the 2017 information note (shared/domain/information-note-uzbekistan-2017.md):
the plan was reviewed at the national roundtable in Tashkent on 20-21 December 2016
and at the meeting in Vienna on 22-24 May 2017, which proposed to update it for
2017-2021. The tasks, dates and statuses are illustrative, not the plan's content:
they are chosen so that the rate is 43 % at the roundtable and 70 % in Vienna.
Everything is flagged `is_demo`. Loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from nap1540.core.visibility import Visibility
from nap1540.plans import services
from nap1540.plans.models import Plan, Review

TITLE_2014 = (
    "National Action Plan of Uzbekistan for the implementation of UN Security Council "
    "resolution 1540 (2004), 2014 (demo)"
)
TITLE_2017 = (
    "National Action Plan of Uzbekistan for the implementation of UN Security Council "
    "resolution 1540 (2004), 2017-2021 (demo draft)"
)
INTRODUCTION = (
    "Illustrative demo content. This plan sets out the measures the Republic of Uzbekistan "
    "intends to take to implement resolution 1540 (2004): adherence to the relevant "
    "instruments (OP1), prohibitions on non-State actors (OP2), and measures to account "
    "for, secure and physically protect related materials, border controls and export "
    "controls (OP3).\n\n"
    "The plan was prepared with the support of UNODA/UNRCPD and the OSCE."
)
COORDINATION = (
    "Illustrative demo content. The Ministry of Foreign Affairs coordinates the plan and "
    "reports to the 1540 Committee. The Ministry of Emergency Situations, the Ministry of "
    "Health, the National Security Service, the State Inspection "
    "Sanoatgeokontekhnazorat and the State Customs Committee each lead the tasks in their "
    "area and report progress at the national reviews."
)

# number, title, area, lead, supporting, fields, start, due, priority, outputs
TASKS_2014: list[tuple[str, str, str, str, list[str], list[str], str, str, str, str]] = [
    ("1", "Prepare and submit an updated national report to the 1540 Committee", "OP1",
     "MFA", ["NSS", "MES"], ["OP1-R16"], "2014-03-01", "2014-12-31", "high",
     "Updated national report submitted"),
    ("2", "Review accession to the 2005 Amendment to the CPPNM", "OP1", "MFA", ["NSS"],
     ["OP1-05"], "2014-06-01", "2016-06-30", "medium", "Inter-agency opinion on accession"),
    ("3", "Draft amendments to the Criminal Code on financing of WMD proliferation by "
     "non-State actors", "OP2", "NSS", ["MFA"], ["OP2-N-11", "OP2-C-11", "OP2-B-11"],
     "2015-01-01", "2016-12-31", "high", "Draft law submitted to Parliament"),
    ("4", "Update the list of dangerous pathogens and the biosafety rules for laboratories",
     "OP3(a)", "MoH", [], ["OP3(a)-B-SPEC4"], "2014-06-01", "2015-12-31", "high",
     "Updated list and rules approved"),
    ("5", "Inventory of collections of dangerous pathogens", "OP3(a)", "MoH", ["NSS"],
     ["OP3(a)-B-ACC-STOR"], "2014-09-01", "2016-03-31", "medium", "National inventory"),
    ("6", "Licensing and inspection of facilities handling toxic chemicals", "OP3(a)",
     "Sanoatgeokontekhnazorat", ["MES"], ["OP3(a)-C-LIC", "OP3(a)-C-INSP"], "2014-06-01",
     "2016-06-30", "medium", "Licensing regulation; inspection schedule"),
    ("7", "Review physical protection at storage sites of hazardous chemicals", "OP3(b)",
     "MES", ["Sanoatgeokontekhnazorat"], ["OP3(b)-C-PP-FAC"], "2015-01-01", "2016-09-30",
     "medium", "Site assessments and recommendations"),
    ("8", "Install radiation detection equipment at border crossing points", "OP3(c)",
     "SCC", ["NSS"], ["OP3(c)-N-DET"], "2015-01-01", "2016-12-31", "high",
     "Equipment installed at the main crossing points"),
    ("9", "Train customs officers to identify dual-use goods", "OP3(c)", "SCC", [],
     ["OP3(c)-N-TRAIN", "OP3(c)-C-TRAIN", "OP3(c)-B-TRAIN"], "2014-09-01", "2015-12-31",
     "medium", "Training courses held"),
    ("10", "Bilateral seminar on export licensing", "OP3(d)", "MFA", [], [], "2015-01-01",
     "2016-06-30", "low", ""),
    ("11", "Interagency exercise on the response to chemical and radiological incidents",
     "OP3(b)", "MES", ["MoH", "NSS"], ["OP3(b)-C-PP-TRAN"], "2016-01-01", "2016-12-31",
     "medium", "Exercise held; lessons learned"),
]  # fmt: skip

# At the Tashkent roundtable (20 Dec 2016): 3 of the 7 tasks due completed (43 %).
REVIEW_2016 = {
    "1": ("completed", 100, "Report submitted."),
    "2": ("in_progress", 70, "Inter-agency opinion under discussion."),
    "3": ("in_progress", 40, "Draft prepared by the working group."),
    "4": ("completed", 100, ""),
    "5": ("delayed", 60, "Two institutes still to report."),
    "6": ("in_progress", 80, ""),
    "7": ("in_progress", 50, ""),
    "8": ("in_progress", 30, "Funding requested from partners."),
    "9": ("completed", 100, "Three courses held."),
    "10": ("cancelled", 0, "Merged into the export-control work of the next plan."),
    "11": ("in_progress", 20, ""),
}
# At the Vienna meeting (22 May 2017): 7 of the 10 tasks due completed (70 %).
REVIEW_2017 = {
    "2": ("completed", 100, "Opinion adopted."),
    "3": ("in_progress", 60, "Draft under inter-agency review."),
    "5": ("completed", 100, "Inventory complete."),
    "6": ("completed", 100, "Regulation in force."),
    "7": ("completed", 100, ""),
    "8": ("delayed", 30, "Awaiting equipment delivery."),
    "11": ("in_progress", 40, "Exercise planned for autumn 2017."),
}
NEW_TASKS_2017 = [
    ("12", "Outreach to the chemical industry on the security of hazardous chemicals", "OP1",
     "MES", ["Sanoatgeokontekhnazorat"], ["OP1-R20"], "2017-09-01", "2018-12-31", "medium",
     "Two outreach seminars a year"),
    ("13", "Adopt a national control list aligned with the multilateral regimes", "OP3(d)",
     "SCC", ["MFA", "NSS"], ["OP3(d)-N-LIST", "OP3(d)-C-LIST", "OP3(d)-B-LIST"],
     "2017-06-01", "2019-12-31", "high", "Control list adopted by decree"),
]  # fmt: skip

# The focal point's work today: tasks of the current plan led by the Ministry of Emergency
# Situations, dated from the day the demo loads (two due within 30 days, one overdue), so the
# reminders have something to show in any year.
# number, title, area, fields, start and due in days from today, status, progress, outputs
RELATIVE_TASKS_2017: list[tuple[str, str, str, list[str], int, int, str, int, str]] = [
    ("14", "Brief the regional emergency departments on reporting chemical incidents",
     "OP3(b)", ["OP3(b)-C-PP-TRAN"], -60, 12, "in_progress", 60,
     "Briefings held in every region"),
    ("15", "Prepare the Ministry's contribution to the updated national report", "OP1",
     ["OP1-R16"], -30, 26, "not_started", 0,
     "Contribution sent to the Ministry of Foreign Affairs"),
    ("16", "Update the register of storage sites of hazardous chemicals", "OP3(b)",
     ["OP3(b)-C-PP-FAC"], -120, -9, "delayed", 70, "Updated register"),
]  # fmt: skip


# Tasks the State cannot finish alone: the assistance demo turns them into request items.
ASSISTANCE_NEEDED = {
    "8": (
        "Radiation portal monitors and handheld detectors for the four main road and rail "
        "crossing points, with training for 40 customs officers on their use, in 2018."
    ),
    "13": (
        "Expert advice on drafting a national control list aligned with the Nuclear "
        "Suppliers Group, Australia Group and MTCR lists, in Russian, in 2018."
    ),
}


def _task_values(row: tuple[Any, ...], agencies: dict[str, Any]) -> dict[str, Any]:
    number, title, area, lead, supporting, fields, start, due, priority, outputs = row
    need = ASSISTANCE_NEEDED.get(number, "")
    return {
        "assistance_needed": bool(need),
        "assistance_description": need,
        "number": number,
        "order": int(number),
        "title": title,
        "section_code": area,
        "lead_agency": agencies[lead],
        "supporting_agencies": [agencies[a] for a in supporting],
        "fields": fields,
        "start_date": date.fromisoformat(start),
        "due_date": date.fromisoformat(due),
        "priority": priority,
        "expected_outputs": outputs,
        "is_demo": True,
    }


def _updates(plan: Plan, states: dict[str, tuple[str, int, str]]) -> list[dict[str, Any]]:
    tasks = {t.number: t for t in plan.tasks.all()}
    return [
        {"task": tasks[number], "status": status, "progress": progress, "note": note}
        for number, (status, progress, note) in states.items()
    ]


def _relative_tasks(plan: Plan, agencies: dict[str, Any], by: Any) -> None:
    today = timezone.localdate()
    for number, title, area, fields, start, due, status, progress, outputs in RELATIVE_TASKS_2017:
        if plan.tasks.filter(number=number).exists():
            continue
        services.create_task(
            plan,
            by=by,
            number=number,
            order=int(number),
            title=title,
            section_code=area,
            lead_agency=agencies["MES"],
            fields=fields,
            start_date=today + timedelta(days=start),
            due_date=today + timedelta(days=due),
            priority="medium",
            status=status,
            progress=progress,
            expected_outputs=outputs,
            is_demo=True,
        )


def load(ctx: Any) -> None:
    uzb = ctx.objects["uzb"]
    agencies = ctx.objects["uzb_agencies"]
    coordinator = ctx.users.get("coordinator")
    plan_2014 = Plan.objects.filter(state=uzb, title=TITLE_2014, is_demo=True).first()
    if plan_2014 is None:
        plan_2014 = services.create_plan(
            state=uzb,
            by=coordinator,
            title=TITLE_2014,
            period_start=date(2014, 1, 1),
            period_end=date(2016, 12, 31),
            coordinating_agency=agencies["MFA"],
            introduction=INTRODUCTION,
            coordination_mechanism=COORDINATION,
            visibility=Visibility.PUBLIC,
            is_demo=True,
        )
        for row in TASKS_2014:
            services.create_task(plan_2014, by=coordinator, **_task_values(row, agencies))
        services.change_plan_status(plan_2014, by=coordinator, status=Plan.Status.ADOPTED)
        services.record_review(
            plan_2014,
            by=coordinator,
            held_on=date(2016, 12, 20),
            title="National roundtable on the implementation of resolution 1540, Tashkent",
            notes=(
                "20-21 December 2016, organised by UNRCPD, the OSCE and the Government of "
                "Uzbekistan. Participants reviewed progress and proposed to update the plan "
                "for 2017-2021."
            ),
            updates=_updates(plan_2014, REVIEW_2016),
            is_demo=True,
        )
        services.record_review(
            plan_2014,
            by=coordinator,
            held_on=date(2017, 5, 22),
            title="Meeting to review the implementation of the 2014 NAP, Vienna",
            notes=(
                "22-24 May 2017, co-organised by UNODA/UNRCPD and the OSCE, with the 1540 "
                "Committee Expert. Participants reviewed the status of the tasks and "
                "discussed the plan's further development."
            ),
            updates=_updates(plan_2014, REVIEW_2017),
            is_demo=True,
        )
        plan_2017 = services.create_successor(
            plan_2014,
            by=coordinator,
            title=TITLE_2017,
            period_start=date(2017, 1, 1),
            period_end=date(2021, 12, 31),
            visibility=Visibility.PRIVATE,
        )
        for row in NEW_TASKS_2017:
            services.create_task(plan_2017, by=coordinator, **_task_values(row, agencies))
    plan_2017 = plan_2014.successors.get()
    if plan_2017.is_current:
        _relative_tasks(plan_2017, agencies, coordinator)
    reviews = list(Review.objects.filter(plan=plan_2014).order_by("held_on"))
    ctx.objects["plan_2014"] = plan_2014
    ctx.objects["plan_2017"] = plan_2017
    ctx.objects["review_2016"] = reviews[0]
    ctx.objects["review_2017"] = reviews[1]

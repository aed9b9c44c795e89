"""Example documents for tests and previews of the renderers.

`uzbekistan_information_note` is the 2017 information note (shortened) expressed in the
document model; `every_block` uses each block type once, in English or Russian.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from . import charts
from .document import (
    BulletList,
    Callout,
    Chart,
    Document,
    Field,
    Heading,
    Metadata,
    PageBreak,
    Paragraph,
    Run,
    Table,
)

FOOTNOTE = (
    "For information \u2013 not an official report. The views expressed here do not "
    "necessarily represent those of the 1540 Committee or of the organisers or participants "
    "in the event."
)


def uzbekistan_information_note() -> Document:
    """The information note on the May 2017 review of Uzbekistan's national action plan."""
    return Document(
        title="Information Note",
        title_footnote=FOOTNOTE,
        lang="en",
        metadata=Metadata(
            author="1540 Committee Group of Experts",
            subject="Review of the 2014 National Action Plan of Uzbekistan",
            keywords=("1540", "Uzbekistan", "NAP"),
            created=datetime(2017, 5, 25, tzinfo=UTC),
        ),
        blocks=[
            Field(
                "Event:",
                "The meeting to review implementation of the 2014 National Action Plan (NAP) "
                "of Uzbekistan to implement resolution 1540 (2004).",
            ),
            Field(
                "Organisers:",
                "United Nations Office of Disarmament Affairs Regional Centre for Peace and "
                "Disarmament in Asia and the Pacific (UNODA/UNRCPD) and Organization for "
                "Security and Co-operation in Europe (OSCE).",
            ),
            Field("Date and venue:", "22-24 May 2017, Vienna, Austria"),
            Field(
                "Participants:",
                [
                    Run("Uzbek Governmental officials:", italic=True),
                    " Ministry of Foreign Affairs, Ministry of Emergency Situations, Ministry "
                    "of Health, National Security Service.",
                ],
            ),
            Paragraph(
                [
                    Run("UN entities, international/regional organizations", italic=True),
                    ": UNODA/UNRCPD, OSCE Conflict Prevention Centre (CPC) and 1540 Committee "
                    "Expert.",
                ]
            ),
            Heading("Background"),
            Paragraph(
                "Resolution 1977 (2011) encourages the 1540 Committee, with the support of "
                "the necessary relevant expertise, to actively engage in dialogue with States "
                "on the implementation of resolution 1540 (2004)."
            ),
            Heading("Overview"),
            Paragraph(
                "The two-day meeting brought together representatives of the several "
                "ministries and agencies of Uzbekistan responsible for various aspects of "
                "implementation of resolution 1540."
            ),
            Heading("Additional Comments"),
            Paragraph(
                "For further information, please contact the 1540 Committee experts by e-mail "
                "at 1540experts@un.org."
            ),
        ],
    )


def every_block(lang: str = "en") -> Document:
    """A document using every block type; `lang="ru"` puts Russian text in each of them."""
    ru = lang == "ru"
    rates = [("Узбекистан" if ru else "Uzbekistan", 54.0), ("Kazakhstan", 100.0), ("Zero", 0.0)]
    return Document(
        title="Информационная записка" if ru else "Information Note",
        title_footnote="Для информации \u2013 не официальный отчёт." if ru else FOOTNOTE,
        lang=lang,
        metadata=Metadata(author="Группа экспертов" if ru else "Group of Experts"),
        blocks=[
            Callout("Демонстрационные данные" if ru else "Demo data", title="Demo", tone="demo"),
            Field("Мероприятие:" if ru else "Event:", "Обзор плана" if ru else "NAP review"),
            Field("Date and venue:", "22-24 May 2017, Vienna, Austria"),
            Heading("Общие сведения" if ru else "Background"),
            Paragraph(["Plain, ", Run("bold", bold=True), " and ", Run("italic", italic=True)]),
            BulletList(["First item", "Второй пункт" if ru else "Second item"]),
            BulletList(["One", "Two"], ordered=True),
            Table(
                headers=["Государство" if ru else "State", "Rate", "Notes"],
                rows=[
                    ["Узбекистан" if ru else "Uzbekistan", "54%", None],
                    ["Kazakhstan", 61, "ok"],
                ],
                widths=(3, 1, 4),
                caption="Implementation by State",
                row_headers=True,
            ),
            Chart(
                charts.bar_chart(rates, title="Implementation rate"),
                alt="Bar chart: Uzbekistan 54%, Kazakhstan 100%, Zero 0%",
                caption="Figure 1",
            ),
            Chart(
                charts.gantt(
                    [
                        charts.GanttTask(
                            "Draft law", date(2017, 1, 10), date(2017, 9, 30), "completed"
                        ),
                        charts.GanttTask(
                            "Train customs", date(2017, 6, 1), date(2018, 6, 30), "in_progress"
                        ),
                    ],
                    title="Plan",
                    today=date(2017, 12, 1),
                ),
                alt="Gantt chart of two tasks",
            ),
            PageBreak(),
            Heading("Additional Comments", 2),
            Paragraph("Contact 1540experts@un.org."),
        ],
    )

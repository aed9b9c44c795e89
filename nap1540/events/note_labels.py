# ruff: noqa: RUF001, RUF003 - Russian text: Cyrillic letters are meant, not look-alikes
"""The information note's fixed wording, per language.

The Russian note must come out right even where the .po catalogues are missing or stale,
so the wording lives here as data. The English strings are also marked with
`gettext_noop`, so `makemessages` collects them and the web pages can show them in the
reader's language with `gettext(LABELS["en"][key])` (see `ui_label`).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

CONTACT_EMAIL = "1540experts@un.org"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": N_("Information Note"),
        "event": N_("Event:"),
        "organisers": N_("Organisers:"),
        "date_venue": N_("Date and venue:"),
        "participants": N_("Participants:"),
        "background": N_("Background"),
        "overview": N_("Overview"),
        "additional_comments": N_("Additional Comments"),
        "footnote": N_(
            "For information \u2013 not an official report. The views expressed here do not "
            "necessarily represent those of the 1540 Committee or of the organisers or "
            "participants in the event."
        ),
        "contact": N_(
            "For further information, please contact the 1540 Committee experts by e-mail "
            "at {email}."
        ),
        "government": N_("{demonym} Governmental officials"),
        "government_of": N_("Governmental officials of {state}"),
        "international": N_("UN entities, international/regional organizations"),
        "committee": N_("1540 Committee"),
        "other": N_("Civil society, industry and others"),
        "government_organiser": N_("the Government of {state}"),
        "and": N_("and"),
        "none": N_("None recorded."),
        "online": N_("online"),
        "follow_up_sentence": N_(
            "The {kind} was a follow-up to the {previous_kind} held in {place} in {month_year}."
        ),
        "page_numbers": N_("Page {page} of {pages}"),
        "people": N_("{count} people"),
    },
    "ru": {
        "title": "Информационная записка",
        "event": "Мероприятие:",
        "organisers": "Организаторы:",
        "date_venue": "Дата и место проведения:",
        "participants": "Участники:",
        "background": "Общие сведения",
        "overview": "Обзор",
        "additional_comments": "Дополнительные комментарии",
        "footnote": (
            "Для информации \u2013 не является официальным отчётом. Изложенные здесь мнения "
            "не обязательно отражают мнения Комитета 1540, организаторов или участников "
            "мероприятия."
        ),
        "contact": (
            "За дополнительной информацией просьба обращаться к экспертам Комитета 1540 "
            "по электронной почте {email}."
        ),
        "government": "Должностные лица государственных органов {demonym}",
        "government_of": "Должностные лица государственных органов ({state})",
        "international": "Структуры ООН, международные и региональные организации",
        "committee": "Комитет 1540",
        "other": "Гражданское общество, промышленность и другие",
        "government_organiser": "Правительство {demonym}",
        "and": "и",
        "none": "Сведения отсутствуют.",
        "online": "в режиме онлайн",
        "follow_up_sentence": (
            "Мероприятие ({kind}) стало продолжением мероприятия ({previous_kind}), "
            "состоявшегося в {month_year} ({place})."
        ),
        "page_numbers": "Страница {page} из {pages}",
        "people": "{count} чел.",
    },
}

# Event types as the note words them, lower case, for the follow-up sentence.
KIND_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "national_roundtable": N_("national roundtable"),
        "review_meeting": N_("review meeting"),
        "country_visit": N_("country visit"),
        "regional_workshop": N_("regional workshop"),
        "peer_review": N_("peer review"),
        "training_course": N_("training course"),
        "committee_meeting": N_("Committee meeting"),
        "open_briefing": N_("open briefing"),
    },
    "ru": {
        "national_roundtable": "национальный круглый стол",
        "review_meeting": "совещание по обзору",
        "country_visit": "посещение страны",
        "regional_workshop": "региональный семинар",
        "peer_review": "взаимный обзор",
        "training_course": "учебный курс",
        "committee_meeting": "заседание Комитета",
        "open_briefing": "открытый брифинг",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    # Genitive, as after a day: "22 мая 2017 г."
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
        "сентября", "октября", "ноября", "декабря",
    ),
}  # fmt: skip
# Nominative with "в" + prepositional is hard; "в декабре 2016 г." needs the prepositional.
MONTHS_IN: dict[str, tuple[str, ...]] = {
    "en": MONTHS["en"],
    "ru": (
        "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
        "сентябре", "октябре", "ноябре", "декабре",
    ),
}  # fmt: skip
YEAR_SUFFIX = {"en": "", "ru": " г."}

# How the note names a State's officials: "Uzbek Governmental officials" /
# "... государственных органов Узбекистана". States not listed use "government_of".
DEMONYMS: dict[str, dict[str, str]] = {
    "en": {
        "UZB": "Uzbek", "KAZ": "Kazakh", "KGZ": "Kyrgyz", "TJK": "Tajik", "TKM": "Turkmen",
        "MNG": "Mongolian", "BLR": "Belarusian", "AFG": "Afghan", "RUS": "Russian",
        "ARM": "Armenian", "AZE": "Azerbaijani", "GEO": "Georgian", "MDA": "Moldovan",
        "UKR": "Ukrainian", "SRB": "Serbian", "MNE": "Montenegrin", "AUT": "Austrian",
    },
    "ru": {
        "UZB": "Узбекистана", "KAZ": "Казахстана", "KGZ": "Кыргызстана",
        "TJK": "Таджикистана", "TKM": "Туркменистана", "MNG": "Монголии",
        "BLR": "Беларуси", "AFG": "Афганистана", "RUS": "Российской Федерации",
        "ARM": "Армении", "AZE": "Азербайджана", "GEO": "Грузии", "MDA": "Молдовы",
        "UKR": "Украины", "SRB": "Сербии", "MNE": "Черногории", "AUT": "Австрии",
    },
}  # fmt: skip

LANGUAGES = tuple(LABELS)


def labels(lang: str) -> dict[str, str]:
    """The fixed wording for `lang`; English when the language has no entry."""
    return LABELS.get(lang, LABELS["en"])


def ui_label(key: str) -> str:
    """A note label in the reader's interface language (through the .po files)."""
    return gettext(LABELS["en"][key])


def join_names(names: list[str], lang: str) -> str:
    """ "A, B and C" in English, "A, B и C" in Russian."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {labels(lang)['and']} {names[-1]}"


def format_day(day: date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}{YEAR_SUFFIX[lang]}"


def format_date_range(start: date, end: date, lang: str) -> str:
    """ "22-24 May 2017", "30 May-2 June 2017", "30 December 2016-2 January 2017"."""
    months = MONTHS[lang]
    suffix = YEAR_SUFFIX[lang]
    if start == end:
        return format_day(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{end.day} {months[end.month - 1]} {end.year}{suffix}"
    if start.year == end.year:
        return (
            f"{start.day} {months[start.month - 1]}-{end.day} {months[end.month - 1]} "
            f"{end.year}{suffix}"
        )
    return f"{format_day(start, lang)}-{format_day(end, lang)}"


def format_month_year(day: date, lang: str) -> str:
    return f"{MONTHS_IN[lang][day.month - 1]} {day.year}{YEAR_SUFFIX[lang]}"

"""The task workbook's columns, shared by the XLSX export and the XLSX import.

Headers are written in the user's language; the import recognises the column key
("due_date"), the English header and the header in the active language, so a
workbook exported in Russian imports in English and the other way round.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nap1540.plans.models import Task

TASK_SHEET = _("Tasks")
COLUMNS: list[tuple[str, Promise, int]] = [
    ("number", _("No."), 8),
    ("title", _("Action"), 40),
    ("description", _("Description"), 40),
    ("section_code", _("Area"), 10),
    ("fields", _("Matrix fields"), 24),
    ("lead_agency", _("Lead agency"), 28),
    ("supporting_agencies", _("Supporting agencies"), 28),
    ("start_date", _("Start date"), 12),
    ("due_date", _("Due date"), 12),
    ("priority", _("Priority"), 10),
    ("status", _("Status"), 14),
    ("progress", _("Progress (%)"), 10),
    ("expected_outputs", _("Expected outputs"), 30),
    ("indicators", _("Indicators"), 30),
    ("estimated_cost", _("Estimated cost"), 14),
    ("currency", _("Currency"), 9),
    ("funding", _("Funding"), 14),
    ("assistance_needed", _("Assistance needed"), 10),
    ("assistance_description", _("Assistance needed: description"), 30),
]
REQUIRED = ("title",)
LIST_SEPARATOR = ";"
CHOICES = {
    "priority": Task.Priority,
    "status": Task.Status,
    "funding": Task.Funding,
}
YES = ("yes", "y", "true", "1", "x")
NO = ("no", "n", "false", "0", "")


def header_aliases() -> dict[str, str]:
    """Lower-cased header text -> column key, in the active language, English and keys."""
    aliases: dict[str, str] = {}
    for key, label, _width in COLUMNS:
        aliases[key.lower()] = key
        aliases[str(label).strip().lower()] = key
        with translation.override("en"):
            aliases[str(label).strip().lower()] = key
    return aliases


def choice_aliases(key: str) -> dict[str, str]:
    """Lower-cased value or label -> stored value for a choice column."""
    choices = CHOICES[key]
    out: dict[str, str] = {}
    for value, label in choices.choices:
        out[str(value).lower()] = str(value)
        out[str(label).lower()] = str(value)
        with translation.override("en"):
            out[str(label).lower()] = str(value)
    return out


def yes_no_aliases() -> tuple[set[str], set[str]]:
    yes, no = set(YES), set(NO)
    yes.add(str(_("yes")).lower())
    no.add(str(_("no")).lower())
    return yes, no

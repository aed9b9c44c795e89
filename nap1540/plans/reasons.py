"""Why a plan update carries a task over or closes it, as a sentence in the active language.

The reason is stored as a code (`Task.carry_over_code`) and put into words when shown, so
each reader gets it in their own language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def reason_text(reason: str, progress: int = 0, completed_on: str = "") -> str:
    """The reason code as a sentence in the active language."""
    texts = {
        "completed": _("Completed on %(date)s: closed with the plan.") % {"date": completed_on},
        "cancelled": _("Cancelled: not carried over."),
        "not_started": _("Not started by the end of the previous plan."),
        "in_progress": _("In progress (%(progress)s %%) at the end of the previous plan.")
        % {"progress": progress},
        "delayed": _("Delayed (%(progress)s %%) at the end of the previous plan.")
        % {"progress": progress},
    }
    return texts.get(reason, reason)

"""What the reports add to region pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from nap1540.registry import sections


@sections.register(40, page="region")
def region_brief(request: HttpRequest, group: Any) -> dict[str, Any]:
    return {
        "title": _("Regional status brief"),
        "template": "reports/_region_section.html",
        "context": {"code": group.code},
    }

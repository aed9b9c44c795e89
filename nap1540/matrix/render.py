"""HTML for matrix cells and evidence, built in Python.

A matrix page has about two hundred cells; rendering each through template includes,
`{% url %}` and `format_html` cost more than the rest of the page together, so cells are
built here with the standard library's `html.escape` on every value and shared by the
page, the htmx partials and the diff and history views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nap1540.matrix.models import REFERENCE_KEYS, Mark, SourceKind

MARK_CLASS = {"X": "x", "?": "q", "NA": "na", "": "blank"}


@dataclass(frozen=True)
class Labels:
    marks: dict[str, str]
    sources: dict[str, str]
    blank: str
    link: str
    article: str
    page: str
    legal: str
    penalties: str
    source: str
    changed: str
    edit: str
    history: str


@lru_cache(maxsize=16)
def _labels(language: str | None) -> Labels:
    return Labels(
        marks={m.value: str(m.label) for m in Mark},
        sources={k.value: str(k.label) for k in SourceKind if k.value},
        blank=_("blank"),
        link=_("link"),
        article=_("art."),
        page=_("p."),
        legal=_("Legal basis:"),
        penalties=_("Penalties:"),
        source=_("Source:"),
        changed=_("changed since approved"),
        edit=_("Edit"),
        history=_("History"),
    )


def labels() -> Labels:
    """Translated words for the active language, built once per language."""
    return _labels(get_language())


@dataclass(frozen=True)
class Urls:
    """URL stems of one matrix version, reversed once per page."""

    version: str
    state: str

    @classmethod
    def of(cls, iso3: str, version: int) -> Urls:
        return cls(
            reverse("matrix:version", args=[iso3, version]), reverse("matrix:state", args=[iso3])
        )

    def entry(self, pk: int) -> str:
        return f"{self.version}entries/{pk}/"

    def edit(self, pk: int) -> str:
        return f"{self.version}entries/{pk}/edit/"

    def history(self, key: str) -> str:
        return f"{self.state}fields/{quote(key, safe='()-_.~')}/history/"


def _mark(mark: str, words: Labels) -> str:
    title = escape(words.marks.get(mark, ""))
    if mark in MARK_CLASS and mark:
        return f'<span class="mark m-{MARK_CLASS[mark]}" title="{title}">{escape(mark)}</span>'
    return (
        f'<span class="mark m-blank" title="{title}"><span class="visually-hidden">'
        f"{escape(words.blank)}</span>&nbsp;</span>"
    )


def mark_html(mark: str) -> SafeString:
    return mark_safe(_mark(mark or "", labels()))


def _link(url: str, words: Labels) -> str:
    if not url or not url.lower().startswith(("http://", "https://")):
        return ""
    return f' <a href="{escape(url)}" rel="noopener noreferrer">{escape(words.link)}</a>'


def _reference(label: str, ref: Mapping[str, str], words: Labels) -> str:
    if not ref or not any(ref.get(k) for k in REFERENCE_KEYS):
        return ""
    instrument = escape(ref.get("instrument", ""))
    out = f'<div><span class="ev-k">{escape(label)}</span> '
    out += f"<span data-user-content>{instrument}</span>"
    if ref.get("article"):
        out += f", {escape(words.article)} {escape(ref['article'])}"
    if ref.get("date"):
        out += f" ({escape(ref['date'])})"
    return out + _link(ref.get("link", ""), words) + "</div>"


def _evidence(snap: Mapping[str, Any] | None, words: Labels) -> str:
    if not snap:
        return ""
    out = _reference(words.legal, snap.get("legal_reference") or {}, words)
    out += _reference(words.penalties, snap.get("enforcement_reference") or {}, words)
    kind, doc = snap.get("source_kind", ""), snap.get("source_document", "")
    page, url = snap.get("source_page", ""), snap.get("source_url", "")
    if kind or doc or page or url:
        text = ", ".join(
            filter(None, [words.sources.get(kind, ""), doc, f"{words.page} {page}" if page else ""])
        )
        out += (
            f'<div><span class="ev-k">{escape(words.source)}</span> '
            f"<span data-user-content>{escape(text)}</span>"
            f"{_link(url, words)}</div>"
        )
    if snap.get("remarks"):
        remarks = "<br>".join(escape(line) for line in snap["remarks"].split("\n"))
        out += f'<div class="ev-remarks" data-user-content>{remarks}</div>'
    return f'<div class="ev">{out}</div>' if out else ""


def evidence_html(snap: Mapping[str, Any] | None) -> SafeString:
    """Legal basis, penalties, source and remarks of one field, escaped."""
    return mark_safe(_evidence(snap, labels()))


def cell_html(cell: Any, urls: Urls | None) -> SafeString:
    """One matrix cell: mark, "changed" badge, evidence, edit and history links."""
    words = labels()
    out = _mark(cell.mark, words)
    if cell.changed:
        out += f' <span class="badge changed">{escape(words.changed)}</span>'
    out += _evidence(cell.snap, words)
    key = escape(cell.field.key)
    if cell.entry_id and urls is not None:
        out += '<div class="mx-actions">'
        if cell.editable:
            edit = escape(urls.edit(cell.entry_id))
            out += (
                f'<a class="btn small secondary" href="{edit}" hx-get="{edit}" '
                f'hx-target="#entry-{cell.entry_id}" hx-swap="outerHTML">{escape(words.edit)}'
                f'<span class="visually-hidden"> {key}</span></a>'
            )
        out += (
            f'<a href="{escape(urls.history(cell.field.key))}">{escape(words.history)}'
            f'<span class="visually-hidden"> {key}</span></a></div>'
        )
    css = "mx-cell changed" if cell.changed else "mx-cell"
    return mark_safe(f'<div class="{css}" id="entry-{cell.entry_id or cell.field.pk}">{out}</div>')


# -- the matrix index: one row per State -----------------------------------------------------


@dataclass(frozen=True)
class IndexRow:
    iso3: str
    name: Any  # core.i18n.Text: marks English standing in for a translation
    version: int
    status: str
    approved_at: Any
    visibility: str
    is_demo: bool


def index_rows(rows: list[IndexRow]) -> SafeString:
    """The matrix index table's body: 193 rows through the template cost ~5 ms each."""
    from django.utils.dateformat import format as format_date
    from django.utils.formats import get_format
    from django.utils.html import conditional_escape
    from django.utils.timezone import localtime

    from nap1540.core.rendering.badges import visibility_badge
    from nap1540.matrix.models import Matrix

    day_format = get_format("DATE_FORMAT")
    statuses = {value: escape(str(label)) for value, label in Matrix.Status.choices}
    url = reverse("matrix:state", args=["ISO3"])
    badges: dict[tuple[str, bool], str] = {}
    out = []
    for r in rows:
        badge = badges.get((r.visibility, r.is_demo))
        if badge is None:
            badge = badges[(r.visibility, r.is_demo)] = visibility_badge(r.visibility, r.is_demo)
        approved = "\u2013"  # an en dash, as the template had
        if r.approved_at:
            approved = escape(format_date(localtime(r.approved_at), day_format))
        out.append(
            f'<tr><td><a href="{escape(url.replace("ISO3", quote(r.iso3)))}">'
            f"{conditional_escape(r.name)}</a></td><td>v{r.version}</td>"
            f"<td>{statuses.get(r.status, escape(r.status))}</td><td>{approved}</td>"
            f"<td>{badge}</td></tr>"
        )
    return mark_safe("\n".join(out))  # every value above is escaped


def heatmap_rows(rows: list[dict[str, Any]]) -> SafeString:
    """The regional page's "States and sections" table body (one row per State)."""
    from django.utils.html import conditional_escape

    from nap1540.core.rendering.badges import ltr
    from nap1540.matrix.templatetags.matrix_tags import iso_dates, pct

    url = reverse("matrix:state", args=["ISO3"])
    demo = f' <span class="badge demo">{escape(_("Demo data"))}</span>'
    out = []
    for r in rows:
        cells = "".join(f'<td class="num">{escape(pct(v))}</td>' for v in r["values"])
        out.append(
            f'<tr><th scope="row"><a href="{escape(url.replace("ISO3", quote(r["iso3"])))}">'
            f"{conditional_escape(r['name'])}</a>{demo if r['is_demo'] else ''}</th>"
            f"<td>v{r['version']}</td><td>{ltr(iso_dates(r['approved_on']))}</td>{cells}"
            f'<td class="num">{escape(pct(r["overall"]))}</td></tr>'
        )
    return mark_safe("".join(out))  # every value above is escaped

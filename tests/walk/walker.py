"""Walk every URL the URL conf and the API expose, with the ids of every object of the world.

`url_instances()` reads the patterns from Django's resolver (so a new page or endpoint is
walked without anyone listing it) and fills each parameter from the database: `iso3` with
States, `version` with that State's matrix versions, `pk` with the objects of the model the
segment before it names ("tasks/<pk>" is a Task), and so on. A parameter the walker cannot
fill raises `Unfillable`, which fails the test: extend `FILLERS` or `SEGMENT_MODELS`.

`readable_text()` turns any response into searchable text: HTML, JSON and CSV as they are,
DOCX and XLSX from every XML part, PDF through pypdf, plus the headers that name files.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.db import models
from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from nap1540.core.visibility import shareable_models

PARAM = re.compile(r"<(?:(?P<conv>[a-z_]+):)?(?P<name>[a-z_0-9]+)>")


class Unfillable(Exception):
    pass


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str  # "plans/tasks/<int:pk>/"
    methods: frozenset[str]  # for API operations; empty for pages (they take GET and POST)
    admin_model: type[models.Model] | None = None

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_file(self) -> bool:
        """A download (export.xlsx, agenda.<fmt>, document.css), not a page."""
        return "." in self.route.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Instance:
    pattern: Pattern
    path: str
    objects: tuple[Any, ...] = ()  # what the path names, for deciding who may write

    def __str__(self) -> str:
        return f"{self.pattern.name} {self.path}"


def _api_methods(callback: Any) -> frozenset[str]:
    for cell in getattr(callback, "__closure__", None) or ():
        view = cell.cell_contents
        if hasattr(view, "operations"):
            return frozenset(m for op in view.operations for m in op.methods)
    return frozenset({"GET"})


def patterns() -> list[Pattern]:
    found: list[Pattern] = []

    def walk(items: list[Any], prefix: str, namespace: str) -> None:
        for item in items:
            if isinstance(item, URLResolver):
                ns = ":".join(n for n in (namespace, item.namespace or "") if n)
                walk(item.url_patterns, prefix + _route(item.pattern), ns)
            elif isinstance(item, URLPattern):
                route = prefix + _route(item.pattern)
                name = f"{namespace}:{item.name}" if namespace else str(item.name)
                methods = _api_methods(item.callback) if route.startswith("api/") else frozenset()
                admin_model = getattr(getattr(item.callback, "model_admin", None), "model", None)
                found.append(Pattern(name, route, methods, admin_model))

    walk(get_resolver().url_patterns, "", "")
    return found


def _route(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    if isinstance(pattern, RegexPattern):
        # The admin's "app list" and catch-all patterns: walk them with a fixed value.
        text = str(pattern).lstrip("^").rstrip("$")
        text = re.sub(r"\(\?P<app_label>[^)]*\)", "<app_label>", text)
        return re.sub(r"\(\?P<url>\.\*\)", "<url>", text)
    return str(pattern)


# --- filling parameters ------------------------------------------------------------------

Chosen = dict[str, Any]
Provider = Callable[[Chosen, str], list[tuple[str, Any]]]


def _objects(model_label: str, **filters: Any) -> list[Any]:
    from django.apps import apps

    return list(apps.get_model(model_label).objects.filter(**filters).order_by("pk"))


def _pairs(objs: list[Any], attr: str = "pk") -> list[tuple[str, Any]]:
    return [(str(getattr(o, attr)), o) for o in objs]


def _states(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    from nap1540.registry.models import State

    return _pairs(list(State.objects.filter(iso3__in=WORLD_STATES).order_by("iso3")), "iso3")


def _versions(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    if "library" in chosen:
        return _framework_versions(chosen, seg)
    state = chosen["iso3"]
    return [*_pairs(_objects("matrix.Matrix", state=state), "version"), ("99", None)]


def _entries_of(matrix: Any) -> list[Any]:
    """The entries that hold something, and one blank one."""
    from django.db.models import Q

    from nap1540.matrix.models import Entry

    entries = Entry.objects.filter(matrix=matrix).select_related("field").order_by("pk")
    filled = list(entries.filter(~Q(mark="") | ~Q(remarks="") | ~Q(source_document="")))
    blank = entries.filter(mark="", remarks="", source_document="").first()
    return filled + ([blank] if blank else [])


def _keys(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    matrix = chosen.get("matrix_id")
    if matrix is not None:
        return [(e.field.key, e) for e in _entries_of(matrix)]
    from nap1540.matrix.models import EntryChange

    keys = sorted(set(EntryChange.objects.values_list("field_key", flat=True)))
    return [(k, None) for k in keys]


def _events(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    return _pairs(_objects("events.Event"), "slug")


def _groups(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    return _pairs(_objects("registry.Group", code__in=WORLD_GROUPS), "code")


def _frameworks(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    return [(f.library, f) for f in _objects("matrix.Framework")][:1]


def _framework_versions(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    library = chosen["library"].library
    return [(str(f.version), f) for f in _objects("matrix.Framework", library=library)]


def _revisions(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    from nap1540.events.models import NoteRevision

    rows = NoteRevision.objects.filter(note__event=chosen["ref"], note__lang=chosen["lang"])
    return [(str(r.number), r) for r in rows] or [("1", None)]


def _fixed(*values: str) -> Provider:
    return lambda chosen, seg: [(v, None) for v in values]


# `pk` (and its kin) name the model of the segment before them.
SEGMENT_MODELS = {
    "plans": "plans.Plan",
    "plan": "plans.Plan",
    "tasks": "plans.Task",
    "from-task": "plans.Task",
    "reviews": "plans.Review",
    "requests": "assistance.Request",
    "items": "assistance.RequestItem",
    "proposals": "assistance.Proposal",
    "matches": "assistance.Match",
    "offers": "assistance.Offer",
    "contacts": "registry.PointOfContact",
    "agencies": "registry.Agency",
    "organisers": "events.Organiser",
    "participants": "events.Participant",
    "decisions": "events.Outcome",
    "entries": "matrix.Entry",
    "matrices": "matrix.Matrix",
}
# Children addressed under their parent: only the parent's own are walked.
PARENT_FILTERS = {
    "events.Organiser": ("ref", "event"),
    "events.Participant": ("ref", "event"),
    "events.Outcome": ("ref", "event"),
    "registry.Agency": ("iso3", "state"),
}


def _by_segment(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    label = SEGMENT_MODELS.get(seg)
    if label is None:
        raise Unfillable(f"no model for the segment {seg!r}")
    if label == "matrix.Entry":
        version = chosen.get("version")
        return _pairs(_entries_of(version)) if isinstance(version, models.Model) else []
    parent = PARENT_FILTERS.get(label)
    if parent is not None:
        return _pairs(_objects(label, **{parent[1]: chosen[parent[0]]}))
    return _pairs(_objects(label))


def _by_model(label: str) -> Provider:
    return lambda chosen, seg: _pairs(_objects(label))


def _decisions(chosen: Chosen, seg: str) -> list[tuple[str, Any]]:
    return _pairs(_objects("events.Outcome", event=chosen["ref"]))


FILLERS: dict[str, Provider] = {
    "iso3": _states,
    "version": _versions,
    "key": _keys,
    "field_key": _keys,
    "code": _groups,
    "ref": _events,
    "lang": _fixed("en", "ru"),
    "library": _frameworks,
    "number": _revisions,
    "role": _fixed("requester", "provider"),
    "app_label": _fixed("plans", "registry"),
    "url": _fixed("nothing-here/"),
    "plan_id": _by_model("plans.Plan"),
    "task_id": _by_model("plans.Task"),
    "review_id": _by_model("plans.Review"),
    "request_id": _by_model("assistance.Request"),
    "item_id": _by_model("assistance.RequestItem"),
    "proposal_id": _by_model("assistance.Proposal"),
    "match_id": _by_model("assistance.Match"),
    "offer_id": _by_model("assistance.Offer"),
    "contact_id": _by_model("registry.PointOfContact"),
    "matrix_id": _by_model("matrix.Matrix"),
    "decision_id": _decisions,
    "kind": lambda chosen, seg: [(k, None) for k in shareable_models()],
}
FORMATS = {"fmt": ("docx", "pdf", "html"), "str:fmt": ("docx", "xlsx", "csv")}
WORLD_STATES = ("UZB", "KAZ", "TJK")
WORLD_GROUPS = ("CENTRAL-ASIA", "UN-ASIA-PACIFIC")
ADMIN_SAMPLE = 2


def _content_types() -> list[tuple[str, Any]]:
    """Content types of the models that hold a State's records (for the admin's "view on site")."""
    from django.contrib.contenttypes.models import ContentType

    labels = ("plans.plan", "plans.task", "events.event", "assistance.request", "matrix.matrix")
    return [
        (str(ct.pk), ct)
        for ct in ContentType.objects.order_by("pk")
        if f"{ct.app_label}.{ct.model}" in labels
    ]


def _admin_ids(pattern: Pattern) -> list[tuple[str, Any]]:
    """Every object of a model that can hold a State's records; a sample of reference data."""
    model = pattern.admin_model
    assert model is not None
    rows = list(model._default_manager.order_by("pk"))
    if not hasattr(model, "visibility") and not hasattr(model, "visibility_root"):
        rows = rows[:ADMIN_SAMPLE]
    return _pairs(rows) or [("0", None)]  # an empty table: the admin says there is no such row


def url_instances(pattern: Pattern) -> list[Instance]:
    parts = PARAM.split(pattern.route)
    # split gives [text, conv, name, text, conv, name, ...]
    texts, params = parts[0::3], list(zip(parts[1::3], parts[2::3], strict=True))
    results: list[Instance] = []

    def fill(index: int, chosen: Chosen, built: str, objs: tuple[Any, ...]) -> None:
        if index == len(params):
            results.append(Instance(pattern, "/" + built, objs))
            return
        conv, name = params[index]
        segments = [s for s in re.split(r"[/.]", texts[index]) if s]
        seg = segments[-1] if segments else ""
        if name == "fmt":
            formats = FORMATS["str:fmt" if conv == "str" else "fmt"]
            options: list[tuple[str, Any]] = [(f, None) for f in formats]
        elif name == "content_type_id":
            options = _content_types()
        elif pattern.is_admin and name == "object_id" and "content_type_id" in chosen:
            options = _pairs(list(chosen["content_type_id"].model_class().objects.order_by("pk")))
        elif pattern.is_admin and name == "object_id":
            options = _admin_ids(pattern)
        elif name == "pk" and "kind" in chosen:  # the sharing page of any kind of record
            options = _pairs(_objects(shareable_models()[chosen["kind"]]._meta.label))
        elif name in ("pk", "task_pk", "plan_pk"):
            options = _by_segment(chosen, {"task_pk": "tasks", "plan_pk": "plans"}.get(name, seg))
        elif name in FILLERS:
            options = FILLERS[name](chosen, seg)
        elif name == "id" and pattern.is_admin:  # the user admin's password page
            options = _pairs(_objects("accounts.User"))[:ADMIN_SAMPLE]
        else:
            raise Unfillable(f"{pattern.name} ({pattern.route}): cannot fill <{name}>")
        for text_value, obj in options:
            value = obj if obj is not None else text_value
            fill(
                index + 1,
                {**chosen, name: value},
                built + text_value + texts[index + 1],
                (*objs, obj) if obj is not None else objs,
            )

    fill(0, {}, texts[0], ())
    return results


def all_instances() -> Iterator[Instance]:
    for pattern in patterns():
        yield from url_instances(pattern)


# --- reading responses -----------------------------------------------------------------------


def _body(response: HttpResponseBase) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)  # type: ignore[attr-defined]


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = []
        for name in archive.namelist():
            parts.append(name)
            if name.endswith((".xml", ".rels")):
                xml = archive.read(name).decode("utf-8", "replace")
                parts.append(re.sub(r"<[^>]+>", " ", xml))
        return "\n".join(parts)


@functools.lru_cache(maxsize=256)
def _pdf_text(data: bytes) -> str:
    """The text of a PDF; the same bytes (a cached document other personas got) read once."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    meta: dict[str, Any] = dict(reader.metadata or {})
    return "\n".join([*pages, *(str(v) for v in meta.values())])


def readable_text(response: HttpResponseBase) -> str:
    """Everything a reader of this response could learn, as text."""
    data = _body(response)
    kind = response.get("Content-Type", "")
    headers = " ".join(response.get(h, "") for h in ("Content-Disposition", "Location"))
    if data[:4] == b"PK\x03\x04":
        text = _zip_text(data)
    elif data[:5] == b"%PDF-":
        text = _pdf_text(data)
    else:
        text = data.decode("utf-8", "replace")
    return f"{headers}\n{kind}\n{text}"


def squash(text: str) -> str:
    """Lower case letters and digits only: a token split by a line break or tag still shows."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- forms a page offers ------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def variants(self) -> list[list[tuple[str, str]]]:
        if not self.buttons:
            return [self.fields]
        return [[*self.fields, button] for button in self.buttons]


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            hx = a.get("hx-post") or a.get("hx-put") or a.get("hx-patch") or a.get("hx-delete")
            method = "post" if hx else a.get("method", "get").lower()
            self._form = Form(hx or a.get("action") or self.page, method)
        elif self._form is None:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            name = a.get("name")
            if not name:
                return
            if kind in ("submit", "image"):
                self._form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            elif kind != "file":
                self._form.fields.append((name, a.get("value", "")))
        elif tag == "button" and a.get("name"):
            self._form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_value = a.get("name"), None
        elif tag == "option" and self._select:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select:
            self._form.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "form":
            if self._form.method == "post":
                self.forms.append(self._form)
            self._form = None


def post_forms(page: str, html: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms

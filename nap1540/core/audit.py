"""Who did what to which record, and when: one event model for every app, and the action types
that say each event as a sentence in the reader's language.

Each app declares its actions in its own `audit.py` (`register(ActionType(...))`), imported
from its AppConfig.ready(); core knows none of them. `AuditEvent.record()` refuses a code that
is not declared. A history page turns events into lines with `history_lines(events, viewer)`:
who, when, and the sentence, where a record other than the history's own is named only to a
viewer who may open it. See docs/decisions/004-audit.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from nap1540.core.references import NOT_SHARED
from nap1540.core.text import join_clauses, join_list
from nap1540.core.visibility import Actor, AnyUser, Shareable, principal, root_of, visibility_q

Sentence = str | Promise
EMPTY = "—"
SOMEONE = pgettext_lazy("audit actor", "The system")
UNKNOWN = _("%(actor)s made a change to %(record)s.")
DELETED = pgettext_lazy("audit", "a record since deleted")


class UnknownAction(ValueError):
    """An audit action code that no app declared (a typo, or a missing `register`)."""


class AuditEvent(models.Model):
    """Who did what to which record, and when; written in the same transaction."""

    action = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300, blank=True)
    state = models.ForeignKey("registry.State", null=True, blank=True, on_delete=models.SET_NULL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT")
        return f"{when} {self.action} {self.target_repr}"

    @classmethod
    def record(
        cls,
        action: str,
        *,
        target: models.Model,
        by: Actor | None = None,
        data: dict[str, Any] | None = None,
    ) -> AuditEvent:
        if action not in _ACTIONS:
            raise UnknownAction(f"No app declares the audit action {action!r}.")
        actor = by if by is not None and getattr(by, "is_authenticated", False) else None
        state_id = getattr(target, "state_id", None)
        if target._meta.model_name == "state":
            state_id = target.pk
        return cls.objects.create(
            action=action,
            actor=actor,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_repr=str(target)[:300],
            state_id=state_id,
            data=data or {},
        )

    @classmethod
    def for_target(cls, target: models.Model) -> models.QuerySet[AuditEvent]:
        return cls.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).select_related("actor")


# --- before and after ------------------------------------------------------------------------


def ref_of(obj: models.Model | None) -> dict[str, Any] | None:
    """A record named in audit data: its id, and its name at the time."""
    return None if obj is None else {"id": obj.pk, "name": str(obj)[:300]}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audit form of `obj`'s fields: plain values, ISO dates, related records by id and name.

    Many-to-many fields read the database; save `obj` first."""
    values: dict[str, Any] = {}
    for name in fields:
        f = obj._meta.get_field(name)
        if f.many_to_many:
            related = getattr(obj, name).order_by("pk")
            values[name] = [ref_of(r) for r in related]
        elif f.many_to_one or f.one_to_one:
            values[name] = ref_of(getattr(obj, name))
        else:
            values[name] = _json_value(getattr(obj, name))
    return values


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


# --- the registry of action types ------------------------------------------------------------


@dataclass(frozen=True)
class ActionType:
    """One kind of audit event: its sentence, and how its data fills the sentence.

    `sentence` has named placeholders; `%(actor)s` is always given. `values(reading)` returns
    the others. Where the data calls for another sentence (a reason given, a count of zero),
    `pick(reading)` names one of `variants`. An `owner_only` event (who a record is shared
    with) is read only by the record's own State, as its sharing page is."""

    code: str
    sentence: Sentence
    values: Callable[[Reading], Mapping[str, Any]] = lambda reading: {}
    variants: Mapping[str, Sentence] = field(default_factory=dict)
    pick: Callable[[Reading], str] | None = None
    owner_only: bool = False


_ACTIONS: dict[str, ActionType] = {}


def register(*types: ActionType) -> None:
    """Declare action types; each code once, from its app's AppConfig.ready()."""
    for action in types:
        known = _ACTIONS.get(action.code)
        if known is not None and known != action:
            raise ImproperlyConfigured(f"The audit action {action.code!r} is declared twice.")
        _ACTIONS[action.code] = action


def action_type(code: str) -> ActionType | None:
    return _ACTIONS.get(code)


def registered_codes() -> frozenset[str]:
    return frozenset(_ACTIONS)


def readable_by(
    events: models.QuerySet[AuditEvent], viewer: AnyUser
) -> models.QuerySet[AuditEvent]:
    """`events` without those only the record's own State reads, unless `viewer` is of it."""
    owner_only = [code for code, action in _ACTIONS.items() if action.owner_only]
    return events.filter(~Q(action__in=owner_only) | Q(state_id__in=principal(viewer).state_ids))


# --- reading an event for one viewer ---------------------------------------------------------


class Deferred:
    """Text built when it is shown, after the line's mentions are resolved in one batch."""

    def __init__(self, build: Callable[[], str]) -> None:
        self._build = build

    def __str__(self) -> str:
        return self._build()


class Mention:
    """Another record named in a line: its name if the viewer may open it, else a gap."""

    def __init__(
        self, book: Mentions, label: str, pk: Any, name: str, show: Callable[[Any], Any] | None
    ) -> None:
        self.book, self.label, self.pk, self.name, self.show = book, label, str(pk), name, show

    def __str__(self) -> str:
        return self.book.text_of(self)


class Mentions:
    """The records named in a set of lines, checked against the viewer one query per model."""

    def __init__(self, viewer: AnyUser) -> None:
        self.viewer = viewer
        self._pending: list[Mention] = []
        self._found: dict[tuple[str, str], models.Model | None] = {}
        self._hidden: set[tuple[str, str]] = set()

    def add(
        self, label: str, value: Any, *, show: Callable[[Any], Any] | None = None
    ) -> Mention | str:
        """A mention of the record `value` names: an id, or {"id", "name"} as `ref_of` keeps."""
        if isinstance(value, Mapping):
            pk, name = value.get("id"), str(value.get("name") or "")
        else:
            pk, name = value, ""
        if pk in (None, ""):
            return EMPTY
        if isinstance(pk, str) and not pk.isdigit():
            # A name kept instead of an id (older rows): shown only where no rule could hide it.
            return str(NOT_SHARED) if _governed(label) else pk
        mention = Mention(self, label, pk, name, show)
        self._pending.append(mention)
        return mention

    def text_of(self, mention: Mention) -> str:
        if self._pending:
            self._resolve()
        key = (mention.label, mention.pk)
        obj = self._found.get(key)
        if obj is not None:
            return str(mention.show(obj) if mention.show else mention.name or obj)
        if key in self._hidden:
            return str(NOT_SHARED)
        if mention.name and not _governed(mention.label):
            return mention.name  # reference data, since deleted: its name is no secret
        return str(DELETED)

    def _resolve(self) -> None:
        wanted: dict[str, set[str]] = {}
        for m in self._pending:
            if (m.label, m.pk) not in self._found:
                wanted.setdefault(m.label, set()).add(m.pk)
        self._pending = []
        for label, pks in wanted.items():
            model = _model(label)
            found: dict[str, models.Model] = {}
            if model is not None:
                query = model._default_manager.all()
                if hasattr(query, "visible_to"):
                    query = query.visible_to(self.viewer)
                elif _governed(label):
                    query = query.filter(visibility_q(model, self.viewer))
                found = {str(k): v for k, v in query.in_bulk(list(pks)).items()}
                missing = pks - set(found)
                if missing and _governed(label):
                    existing = model._base_manager.filter(pk__in=list(missing))
                    self._hidden |= {
                        (label, str(pk)) for pk in existing.values_list("pk", flat=True)
                    }
            for pk in pks:
                self._found[(label, pk)] = found.get(pk)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _governed(label: str) -> bool:
    """Whether who may open the model's records depends on the viewer."""
    model = _model(label)
    return model is not None and issubclass(root_of(model)[1], Shareable)


@dataclass
class Reading:
    """One audit event as an action's `values` function reads it, for one viewer."""

    data: Mapping[str, Any]
    subject: str  # the name of the event's own record when it was written
    target_type: str
    target_id: str
    mentions: Mentions

    def mention(
        self, label: str, value: Any, *, show: Callable[[Any], Any] | None = None
    ) -> Mention | str:
        """Another record, named only if the viewer may open it (`label`: "plans.Plan")."""
        return self.mentions.add(label, value, show=show)

    def target(self, *, show: Callable[[Any], Any]) -> Mention | str:
        """Something of the event's own record as it is now (a matrix's version number)."""
        return self.mentions.add(self.target_type, self.target_id, show=show)

    def text(self, key: str, limit: int = 120) -> str:
        value = self.data.get(key)
        return Truncator(str(value)).chars(limit) if value not in (None, "") else EMPTY

    def count(self, key: str) -> int:
        """A number kept as a number or as the list of what was counted."""
        value = self.data.get(key)
        if isinstance(value, list | tuple | dict):
            return len(value)
        try:
            return int(value or 0)
        except (TypeError, ValueError):
            return 0

    def date(self, key: str) -> str:
        return show_date(self.data.get(key))

    def value(self, model: str, name: str, value: Any) -> Any:
        """A field's value as a reader sees it: choices by label, dates in their format,
        records by name; `model` is the label of the model the field belongs to."""
        f = _field(model, name)
        if value in (None, "", [], {}):
            return EMPTY
        if f is None:
            return _plain(value)
        if f.many_to_many and isinstance(value, list):
            parts = [
                self.mention(f.related_model._meta.label, v)
                if isinstance(v, Mapping | int)
                else str(v)
                for v in value
            ]
            return Deferred(lambda: join_list(parts))
        if f.is_relation and f.related_model is not None:
            return self.mention(f.related_model._meta.label, value)
        choices = dict(f.flatchoices) if getattr(f, "flatchoices", None) else {}
        if isinstance(value, str | int) and value in choices:
            return str(choices[value])
        if isinstance(f, models.BooleanField):
            return pgettext("audit value", "yes") if value else pgettext("audit value", "no")
        if isinstance(f, models.DateField):
            return show_date(value)
        if isinstance(f, models.DecimalField | models.FloatField):
            return show_number(value)
        return _plain(value)

    def changes(self, model: str, key: str = "changes", *, changes: Any = None) -> Deferred | str:
        """`data[key]` (or `changes`), {field: [before, after]}, as "field: before → after; ..."."""
        changes = self.data.get(key) if changes is None else changes
        if not isinstance(changes, Mapping) or not changes:
            return EMPTY
        parts = [
            (
                field_label(model, name),
                self.value(model, name, pair[0] if _is_pair(pair) else None),
                self.value(model, name, pair[1] if _is_pair(pair) else pair),
            )
            for name, pair in changes.items()
        ]
        return Deferred(
            lambda: join_clauses(
                pgettext("audit change", "%(field)s: %(before)s → %(after)s")
                % {"field": f, "before": b, "after": a}
                for f, b, a in parts
            )
        )

    def values_of(self, model: str, key: str) -> Deferred | str:
        """`data[key]`, {field: value} (what a record held), as "field: value; ..."."""
        held = self.data.get(key)
        if not isinstance(held, Mapping):
            return EMPTY
        parts = [
            (field_label(model, name), self.value(model, name, v))
            for name, v in held.items()
            if v not in (None, "", [], {})
        ]
        if not parts:
            return EMPTY
        return Deferred(
            lambda: join_clauses(
                pgettext("audit value", "%(field)s: %(value)s") % {"field": f, "value": v}
                for f, v in parts
            )
        )


def _is_pair(value: Any) -> bool:
    return isinstance(value, list | tuple) and len(value) == 2


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return join_list(value) or EMPTY
    return Truncator(str(value)).chars(80)


def _field(model: str, name: str) -> Any:
    """The field `name` of `model` ("plans.Task"), or None; Django types it as a union."""
    cls = _model(model)
    if cls is None:
        return None
    try:
        return cls._meta.get_field(name)  # also finds a foreign key by "agency_id"
    except FieldDoesNotExist:
        return None


def field_label(model: str, name: str) -> str:
    """A field by its model's translated verbose name."""
    f = _field(model, name)
    verbose = getattr(f, "verbose_name", None)
    return str(verbose) if verbose else name.removesuffix("_id").replace("_", " ")


def show_date(value: Any) -> str:
    """An ISO date or date-time from audit data, in the reader's date format."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    text = str(value)
    try:
        if len(text) > 10:
            moment = datetime.fromisoformat(text)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "DATETIME_FORMAT")
        return date_format(date.fromisoformat(text), "DATE_FORMAT")
    except ValueError:
        return text


def show_number(value: Any) -> str:
    try:
        return str(formats.localize(Decimal(str(value))))
    except InvalidOperation:
        return str(value)


def show_rate(value: Any) -> str:
    """A rate kept as 0-1, as a whole percentage."""
    if value in (None, ""):
        return EMPTY
    try:
        return pgettext("audit rate", "%(percent)s%%") % {"percent": round(float(value) * 100)}
    except (TypeError, ValueError):
        return EMPTY


# --- lines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    """Who, when, and what they did, as a sentence in the reader's language."""

    at: datetime
    by: Any
    text: str
    action: str = ""


@dataclass(frozen=True)
class Entry:
    """What one line is made from: an audit event, or a domain record that says the same."""

    action: str
    data: Mapping[str, Any]
    at: datetime
    by: Any = None
    subject: str = ""
    target_type: str = ""
    target_id: str = ""

    @classmethod
    def of(cls, event: AuditEvent) -> Entry:
        return cls(
            action=event.action,
            data=event.data if isinstance(event.data, Mapping) else {},
            at=event.created_at,
            by=event.actor,
            subject=event.target_repr,
            target_type=event.target_type,
            target_id=event.target_id,
        )


def history_lines(events: Iterable[AuditEvent | Entry], viewer: AnyUser) -> list[HistoryLine]:
    """Each event as a sentence for `viewer`; the records they name are checked in one batch."""
    mentions = Mentions(viewer)
    prepared = []
    for event in events:
        entry = event if isinstance(event, Entry) else Entry.of(event)
        reading = Reading(
            data=entry.data,
            subject=entry.subject or EMPTY,
            target_type=entry.target_type,
            target_id=entry.target_id,
            mentions=mentions,
        )
        prepared.append((entry, _prepare(entry, reading)))
    lines = []
    for entry, (sentence, values) in prepared:
        text, said = _render(sentence, values)
        if not said:
            text, _said = _render(UNKNOWN, _neutral(entry))
        lines.append(HistoryLine(entry.at, entry.by, text, entry.action if said else ""))
    return lines


def _actor(entry: Entry) -> str:
    return str(entry.by) if entry.by is not None else str(SOMEONE)


def _neutral(entry: Entry) -> dict[str, Any]:
    return {"actor": _actor(entry), "record": entry.subject or EMPTY}


def _prepare(entry: Entry, reading: Reading) -> tuple[Sentence | None, Mapping[str, Any]]:
    """The sentence and its values; (None, ...) for a code or data this version cannot say."""
    action = _ACTIONS.get(entry.action)
    if action is None:
        return None, {}
    try:
        values = {"actor": _actor(entry), **action.values(reading)}
        key = action.pick(reading) if action.pick else ""
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, {}  # data of a shape this version does not know
    return action.variants.get(key, action.sentence), values


def _render(sentence: Sentence | None, values: Mapping[str, Any]) -> tuple[str, bool]:
    if sentence is None:
        return "", False
    try:
        shown = {k: v if isinstance(v, int | float) else str(v) for k, v in values.items()}
        return str(sentence % shown), True
    except (KeyError, TypeError, ValueError, AttributeError):
        return "", False

"""Writes that touch several rows: requests and items, offers, proposals, matches, feedback.

The procedure's step table lives in `workflow.py`, which stands on this module (never the other
way round): it records its steps with `record_transition` and chooses providers with
`default_distribution`. Two writes here move a request along as a consequence: the first
confirmed match (to "matched") and the first delivery started (to "in delivery").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nap1540.accounts.models import User
from nap1540.assistance import reasons as reason_sentences
from nap1540.assistance.classifications import classify_items, classify_offers, current_version
from nap1540.assistance.drafting import SECTION_SUBJECTS
from nap1540.assistance.fromplans import chain_in_request
from nap1540.assistance.matching_adapter import offer_index, unknown_regions
from nap1540.assistance.models import (
    Distribution,
    Feedback,
    Match,
    Offer,
    Proposal,
    Request,
    RequestItem,
    Transition,
)
from nap1540.assistance.workdays import one_year_after
from nap1540.core.audit import AuditEvent
from nap1540.core.text import join_list
from nap1540.core.visibility import Principal, Visibility, principal
from nap1540.registry.models import Group, Organisation, State

S = Request.Status
# Providers are chosen before distribution; offers are matched once the request is distributed.
CHOOSING_PROVIDERS = (S.RECEIVED, S.AUTHENTICATED, S.ACKNOWLEDGED)
MATCHING = (S.DISTRIBUTED, S.SUMMARY_POSTED, S.MATCHED, S.IN_DELIVERY)
OFFERS_FILE = Path(__file__).resolve().parent / "data" / "offers.json"
PROPOSALS_PER_ITEM = 5
PROVIDERS_PER_ITEM = 3


def check_vocabulary(values: dict[str, Any]) -> None:
    """Facet lists must hold slugs of the shared vocabulary (the engine's and the forms');
    languages may be any ISO 639 code in its canonical form ("ja", "fil")."""
    from nap1540.assistance import vocabulary
    from nap1540.assistance.matching.languages import iso_code

    known = {
        "assistance_types": vocabulary.ASSISTANCE_TYPES,
        "subjects": vocabulary.SUBJECTS,
        "languages": vocabulary.LANGUAGES,
        "weapon_categories": vocabulary.WEAPON_CATEGORIES,
    }
    for name, mapping in known.items():
        unknown = [
            v
            for v in values.get(name) or ()
            if v not in mapping and not (name == "languages" and iso_code(v) == v)
        ]
        if unknown:
            raise ValidationError(
                ngettext(
                    "%(field)s: unknown value %(values)s; use one of %(known)s.",
                    "%(field)s: unknown values %(values)s; use one of %(known)s.",
                    len(unknown),
                )
                % {
                    "field": name,
                    "values": join_list(unknown),
                    "known": join_list(mapping),
                }
            )


# -- who, and the request's history ---------------------------------------------------------


def experts_only(p: Principal, record: Any = None) -> str | None:
    """Why someone who is not one of the Committee's experts is refused (a step's guard)."""
    return None if p.is_expert else _("Only the Committee's experts can make this step.")


def require_expert(user: Any) -> None:
    reason = experts_only(principal(user))
    if reason is not None:
        raise PermissionDenied(reason)


def record_transition(
    request: Request,
    event: str,
    *,
    from_status: str,
    by: User | None = None,
    note: str = "",
    automatic: bool = False,
    match: Match | None = None,
) -> Transition:
    """Record one transition (or event within a step) of a request, with its audit event."""
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    transition = Transition.objects.create(
        request=request,
        match=match,
        event=event,
        from_status=from_status,
        to_status=request.status,
        note=note,
        by=actor,
        automatic=automatic,
    )
    AuditEvent.record(
        f"assistance.{event}",
        target=request,
        by=actor,
        data={"from": from_status, "to": request.status, "automatic": automatic},
    )
    return transition


def save_fields(request: Request, *fields: str) -> None:
    request.updated_at = timezone.now()
    request.save(update_fields=[*fields, "updated_at"])


def mark_received(request: Request, *, today: date) -> None:
    """Set the received status and the one-year follow-up date (caller saves and logs)."""
    request.status = S.RECEIVED
    request.received_on = today
    request.follow_up_due = one_year_after(request.date)


def can_match(request: Request) -> bool:
    return request.status in MATCHING


def can_choose_providers(request: Request) -> bool:
    return request.status in CHOOSING_PROVIDERS


# -- requests and items ---------------------------------------------------------------------


@transaction.atomic
def create_request(
    *,
    by: User | None,
    title: str,
    state: State | None = None,
    group: Group | None = None,
    is_demo: bool = False,
    today: date | None = None,
    **values: Any,
) -> Request:
    """A coordinator starts a draft for their State; an expert records a request received."""
    p = principal(by)
    if state is not None and p.coordinates(state.pk) and not p.is_expert:
        status, visibility = Request.Status.DRAFT, Visibility.PRIVATE
    elif p.is_expert:
        status = Request.Status.RECEIVED
        visibility = values.pop("visibility", Visibility.COMMITTEE)
        if visibility == Visibility.PRIVATE:
            visibility = Visibility.COMMITTEE
    else:
        raise PermissionDenied(_("Only a State's coordinator or a Committee expert can do this."))
    values.pop("visibility", None)
    request = Request(
        state=state,
        group=group,
        title=title,
        status=status,
        visibility=visibility,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        is_demo=is_demo,
        **values,
    )
    if status == Request.Status.RECEIVED:
        mark_received(request, today=today or timezone.localdate())
    request.full_clean(exclude=["created_by"])
    request.save()
    record_transition(request, Transition.Event.CREATED, from_status="", by=by)
    return request


class ChangedMeanwhile(ValidationError):
    """Someone saved the same field since this person read it; `fields` names them."""

    def __init__(self, record: Any, fields: list[str], *, by: User | None) -> None:
        self.fields = fields
        labels = join_list(str(type(record)._meta.get_field(n).verbose_name) for n in fields)
        if by is not None:
            message = _(
                "Not saved: %(fields)s was changed by %(user)s since you opened this page. "
                "The current value is shown; make your change again if it still applies."
            ) % {"fields": labels, "user": by.get_username()}
        else:
            message = _(
                "Not saved: %(fields)s was changed by someone else since you opened this "
                "page. The current value is shown; make your change again if it still applies."
            ) % {"fields": labels}
        super().__init__(message, code="changed_meanwhile")


def _last_writer(record: Any, action: str, fields: list[str], **data: Any) -> User | None:
    """Who last saved one of `fields` of `record`, from the audit trail."""
    events = AuditEvent.objects.filter(
        action=action, target_type=record._meta.label_lower, target_id=str(record.pk)
    )
    for key, value in data.items():
        events = events.filter(**{f"data__{key}": value})
    for event in events.select_related("actor")[:20]:
        # An item's event lists its fields; a request's event is keyed by them.
        written = event.data["fields"] if "fields" in event.data else list(event.data)
        if set(written) & set(fields):
            return event.actor
    return None


def _merge(
    locked: Any, values: dict[str, Any], read: dict[str, Any] | None
) -> tuple[list[str], list[str]]:
    """Apply `values` to the row read under the lock: (fields changed, fields in conflict).

    A field is in conflict when its stored value is neither what this person read nor what
    they now send: someone else saved it meanwhile.
    """
    changed, conflicts = [], []
    for name, value in values.items():
        current = getattr(locked, name)
        if current == value:
            continue
        if read is not None and name in read and read[name] != current:
            conflicts.append(name)
            continue
        setattr(locked, name, value)
        changed.append(name)
    return changed, conflicts


def _show_to_caller(caller: Any, saved: Any) -> None:
    if caller is saved:
        return
    for f in type(saved)._meta.concrete_fields:
        setattr(caller, f.attname, getattr(saved, f.attname))
    caller._state.fields_cache.clear()


@transaction.atomic
def update_request(
    request: Request,
    *,
    by: User | None,
    read: dict[str, Any] | None = None,
    **values: Any,
) -> Request:
    """Edit the description of a request (not its procedure state).

    The row is re-read under a lock and only the fields that change are written, so a
    procedure step or another person's edit of other fields made meanwhile stays. `read`
    (the values the person saw) refuses a field someone else changed since
    (`ChangedMeanwhile`, naming who).
    """
    if not request.can_edit(by):
        raise PermissionDenied(_("You can view this request but not change it."))
    allowed = {
        "title",
        "date",
        "channel",
        "contact",
        "contact_name",
        "contact_email",
        "public_summary",
    }
    for name in values:
        if name not in allowed:
            raise ValidationError(
                _("%(field)s is changed through the procedure.") % {"field": name}
            )
    locked = Request.objects.select_for_update().get(pk=request.pk)
    fields, conflicts = _merge(locked, values, read)
    if conflicts:
        who = _last_writer(locked, "assistance.request_updated", conflicts)
        raise ChangedMeanwhile(locked, conflicts, by=who)
    if fields:
        changed = {name: str(getattr(locked, name)) for name in fields}
        if locked.follow_up_due is not None and "date" in fields:
            locked.follow_up_due = one_year_after(locked.date)
            fields.append("follow_up_due")
        locked.full_clean(exclude=["created_by"])
        save_fields(locked, *fields)
        AuditEvent.record(
            "assistance.request_updated",
            target=locked,
            by=by,
            data=changed,
        )
    _show_to_caller(request, locked)
    return request


def _next_number(request: Request) -> int:
    return (request.items.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def add_item(
    request: Request,
    *,
    by: User | None,
    text: str,
    fields: Iterable[Any] = (),
    **values: Any,
) -> RequestItem:
    """Add a numbered item to a request and rank offers for it."""
    if not request.can_edit(by):
        raise PermissionDenied(_("You can view this request but not change it."))
    if not text.strip():
        raise ValidationError(_("Describe the need."))
    check_vocabulary(values)
    # The request's row lock makes parallel additions take numbers one after the other.
    Request.objects.select_for_update().filter(pk=request.pk).first()
    item = RequestItem(request=request, number=_next_number(request), text=text.strip(), **values)
    item.full_clean(exclude=["request"])
    item.save()
    classify_items([item])
    item.fields.set(list(fields))
    AuditEvent.record("assistance.item_added", target=request, by=by, data={"item": item.pk})
    if request.status != Request.Status.DRAFT:
        refresh_proposals(item)
    return item


# What the stored classification of an item is made from (classifications.item_terms).
_CLASSIFIED_ITEM_FIELDS = {"text", "assistance_types", "subjects", "languages", "weapon_categories"}


@transaction.atomic
def update_item(
    item: RequestItem,
    *,
    by: User | None,
    fields: Iterable[Any] | None = None,
    read: dict[str, Any] | None = None,
    **values: Any,
) -> RequestItem:
    """Change an item: re-read under a lock, only the fields that change are written;
    `read` refuses a field someone else changed since (`ChangedMeanwhile`)."""
    if not item.request.can_edit(by):
        raise PermissionDenied(_("You can view this request but not change it."))
    check_vocabulary(values)
    locked = RequestItem.objects.select_for_update().select_related("request").get(pk=item.pk)
    changed, conflicts = _merge(locked, values, read)
    if conflicts:
        who = _last_writer(locked.request, "assistance.item_updated", conflicts, item=locked.pk)
        raise ChangedMeanwhile(locked, conflicts, by=who)
    if changed:
        locked.full_clean(exclude=["request"])
        locked.save(update_fields=changed)
    if locked.classified_with != current_version() or _CLASSIFIED_ITEM_FIELDS & set(changed):
        classify_items([locked])
    if fields is not None:
        locked.fields.set(list(fields))
    if changed or fields is not None:
        AuditEvent.record(
            "assistance.item_updated",
            target=locked.request,
            by=by,
            data={"item": locked.pk, "fields": sorted(changed)},
        )
    _show_to_caller(item, locked)
    if locked.request.status != Request.Status.DRAFT:
        refresh_proposals(item)
    return item


@transaction.atomic
def delete_item(item: RequestItem, *, by: User | None) -> None:
    request = item.request
    if request.status != Request.Status.DRAFT or not request.can_edit(by):
        raise PermissionDenied(_("Items are removed only from a draft, by its State."))
    AuditEvent.record("assistance.item_deleted", target=request, by=by, data={"text": item.text})
    item.delete()


def _task_subjects(task: Any) -> list[str]:
    code = (task.section_code or "").replace(" ", "")
    return list(SECTION_SUBJECTS.get(code, ()))


def _task_weapons(task: Any) -> list[str]:
    found: list[str] = []
    for field_def in task.fields.all():
        category = field_def.weapon_category or ("D" if field_def.delivery else "")
        if category and category not in found:
            found.append(category)
    return found


@transaction.atomic
def item_from_task(
    task: Any, *, by: User | None, request: Request | None = None, today: date | None = None
) -> RequestItem:
    """Turn a plan task flagged "assistance needed" into an item of `request`.

    Without `request`, a new draft is started for the task's State. A task whose chain of
    carried-over copies is already in a request is not added again.
    """
    if not task.assistance_needed:
        raise ValidationError(_("This task is not flagged as needing assistance."))
    if chain_in_request(task):
        raise ValidationError(
            _(
                "This task, or a task it was carried over from or to, is already an item of "
                "an assistance request."
            )
        )
    state = task.plan.state
    if request is not None and request.state_id != state.pk:
        raise ValidationError(_("The request must be from the State whose plan holds the task."))
    if request is None:
        request = create_request(
            by=by,
            state=state,
            title=_("Assistance for the national action plan: %(plan)s")
            % {"plan": task.plan.title},
            is_demo=task.is_demo,
            today=today,
            channel="template",
        )
    text = task.assistance_description.strip() or task.title
    fields = list(task.fields.all())
    return add_item(
        request,
        by=by,
        text=text,
        fields=fields,
        section_codes=[task.section_code] if task.section_code else [],
        weapon_categories=_task_weapons(task),
        subjects=_task_subjects(task),
        priority=task.priority,
        source_task=task,
    )


# -- distribution ---------------------------------------------------------------------------


@transaction.atomic
def choose_providers(
    request: Request,
    *,
    by: User | None,
    organisations: Iterable[Organisation] = (),
    states: Iterable[State] = (),
) -> list[Distribution]:
    """The potential providers the note verbale will go to (replaces an earlier choice)."""
    require_expert(by)
    if not can_choose_providers(request):
        raise ValidationError(_("Providers are chosen before the request is distributed."))
    request.distributions.filter(sent_at__isnull=True).delete()
    rows = [Distribution(request=request, organisation=o, added_by=by) for o in organisations]
    rows += [Distribution(request=request, state=s, added_by=by) for s in states]
    created = Distribution.objects.bulk_create(rows)
    AuditEvent.record(
        "assistance.providers_chosen",
        target=request,
        by=by,
        data={"providers": [str(d) for d in created]},
    )
    return created


def default_distribution(request: Request, *, by: User | None = None) -> list[Distribution]:
    """Providers of the best eligible proposals for each item, when no one chose them."""
    organisations: dict[int, None] = {}
    states: dict[int, None] = {}
    for item in request.items.all():
        if not item.proposals.exists():
            refresh_proposals(item)
        best = item.proposals.exclude(status=Proposal.Status.DECLINED).select_related("offer")
        for proposal in best.order_by("rank")[:PROVIDERS_PER_ITEM]:
            offer = proposal.offer
            if offer.provider_organisation_id:
                organisations[offer.provider_organisation_id] = None
            elif offer.provider_state_id:
                states[offer.provider_state_id] = None
    rows = [Distribution(request=request, organisation_id=o) for o in organisations]
    rows += [Distribution(request=request, state_id=s) for s in states]
    return Distribution.objects.bulk_create(rows)


# -- offers ---------------------------------------------------------------------------------


def _check_offer_writer(
    offer: Offer | None, by: User | None, organisation: Any, state: Any
) -> None:
    p = principal(by)
    if p.is_expert:
        return
    if offer is not None and offer.can_edit(by):
        return
    if offer is None and (
        (organisation is not None and organisation.pk in p.organisation_ids)
        or (state is not None and p.coordinates(state.pk))
    ):
        return
    raise PermissionDenied(_("Only the provider or a Committee expert can change this offer."))


def _after_commit(offer: Offer) -> None:
    transaction.on_commit(lambda: offer_index.offer_changed(offer))


@transaction.atomic
def create_offer(
    *,
    by: User | None,
    code: str,
    title: str,
    provider_state: State | None = None,
    provider_organisation: Organisation | None = None,
    **values: Any,
) -> Offer:
    """Add an offer; the matching index picks it up without a rebuild."""
    _check_offer_writer(None, by, provider_organisation, provider_state)
    check_vocabulary(values)
    offer = Offer(
        code=code,
        title=title,
        provider_state=provider_state,
        provider_organisation=provider_organisation,
        **values,
    )
    offer.full_clean()
    offer.save()
    classify_offers([offer])
    AuditEvent.record("assistance.offer_created", target=offer, by=by)
    _after_commit(offer)
    return offer


@transaction.atomic
def update_offer(offer: Offer, *, by: User | None, **values: Any) -> Offer:
    _check_offer_writer(offer, by, None, None)
    check_vocabulary(values)
    changed = {k: str(v) for k, v in values.items() if getattr(offer, k) != v}
    for name, value in values.items():
        setattr(offer, name, value)
    if changed:
        offer.updated_at = timezone.now()
        offer.full_clean()
        offer.save()
        classify_offers([offer])
        AuditEvent.record("assistance.offer_updated", target=offer, by=by, data=changed)
        _after_commit(offer)
    return offer


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_OFFER_FIELDS = (
    "title",
    "description",
    "assistance_types",
    "subjects",
    "regions",
    "languages",
    "contact",
    "source_url",
    "active_from",
    "active_to",
)


def _offer_values(
    entry: dict[str, Any], where: str, report: LoadReport, providers: _Providers
) -> dict[str, Any] | None:
    from nap1540.assistance.matching import Offer as EngineOffer
    from nap1540.assistance.matching.validation import drop_unknown_labels

    # An unknown subject or language is a warning: the offer is loaded without it.
    entry, labels = drop_unknown_labels(entry, where)
    report.warnings += labels.warnings
    if labels.errors:
        report.problems += labels.errors
        return None
    try:
        parsed = EngineOffer.from_dict(entry)  # validates the dates
    except (KeyError, ValueError) as exc:
        report.problems.append(f"{where}: {exc}")
        return None
    unknown = unknown_regions(parsed.regions or ())
    if unknown:
        report.warnings.append(
            f"{where}: region(s) {', '.join(map(repr, unknown))} not recognised; kept as "
            "written and treated as unknown by matching"
        )
    values: dict[str, Any] = {
        "title": parsed.title,
        "description": parsed.description,
        "assistance_types": list(parsed.assistance_types or ()),
        "subjects": list(parsed.subjects or ()),
        "regions": list(parsed.regions or ()),
        "languages": list(parsed.languages or ()),
        "contact": str(entry.get("contact") or "")[:300],
        "source_url": str(entry.get("source_url") or ""),
        "active_from": parsed.active_from,
        "active_to": parsed.active_to,
    }
    iso3 = entry.get("provider_iso3")
    code = entry.get("provider_code")
    if iso3:
        values["provider_state"] = providers.states.get(str(iso3).upper())
        values["provider_organisation"] = None
        if values["provider_state"] is None:
            report.problems.append(f"{where}: provider_iso3 {iso3!r} is not a known State")
            return None
    else:
        values["provider_organisation"] = providers.organisations.get(str(code))
        values["provider_state"] = None
        if values["provider_organisation"] is None:
            report.problems.append(f"{where}: provider_code {code!r} is not a known organisation")
            return None
    return values


@dataclass
class _Providers:
    states: dict[str, State]
    organisations: dict[str, Organisation]


@transaction.atomic
def load_offers(path: Path | None = None, *, is_demo: bool = False) -> LoadReport:
    """Create or update offers from offers.json by their `id`; running it twice changes nothing."""
    path = path or OFFERS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()
    providers = _Providers(
        states={s.iso3: s for s in State.objects.all()},
        organisations={o.code: o for o in Organisation.objects.all()},
    )
    existing = {o.code: o for o in Offer.objects.all()}
    saved: list[Offer] = []
    for index, entry in enumerate(data.get("offers", [])):
        code = str(entry.get("id") or "")
        where = f"offers[{index}]" + (f" ({code})" if code else "")
        if not code:
            report.problems.append(f"{where}: id is missing")
            continue
        values = _offer_values(entry, where, report, providers)
        if values is None:
            continue
        offer = existing.get(code)
        if offer is None:
            offer = Offer(code=code, is_demo=is_demo, **values)
            # Codes come from the lookup above; the database enforces the constraints.
            offer.full_clean(validate_unique=False, validate_constraints=False)
            offer.save()
            existing[code] = offer
            saved.append(offer)
            report.created.append(code)
            _after_commit(offer)
            continue
        changed = [k for k, v in values.items() if getattr(offer, k) != v]
        if not changed:
            report.unchanged.append(code)
            continue
        for name in changed:
            setattr(offer, name, values[name])
        offer.updated_at = timezone.now()
        offer.full_clean(validate_unique=False, validate_constraints=False)
        offer.save()
        saved.append(offer)
        report.updated.append(code)
        _after_commit(offer)
    stale = [o for o in existing.values() if o.classified_with != current_version()]
    classify_offers(list({o.pk: o for o in (*saved, *stale)}.values()))
    if report.created or report.updated:
        AuditEvent.objects.create(
            action="assistance.offers_loaded",
            target_type="assistance.offer",
            target_id="*",
            target_repr=str(path.name),
            data={"created": len(report.created), "updated": len(report.updated)},
        )
    return report


# -- proposals and matches ------------------------------------------------------------------


@transaction.atomic
def refresh_proposals(
    item: RequestItem, *, top: int = PROPOSALS_PER_ITEM, today: date | None = None
) -> list[Proposal]:
    """Store the engine's best offers for an item with its reasons; keeps experts' decisions."""
    ranked = offer_index.rank(item, top=top, today=today)
    decided = set(
        item.proposals.exclude(status=Proposal.Status.PROPOSED).values_list("offer_id", flat=True)
    )
    item.proposals.filter(status=Proposal.Status.PROPOSED).delete()
    rows = []
    for rank, found in enumerate(ranked, start=1):
        offer_id = int(found.offer_id)
        if offer_id in decided:
            item.proposals.filter(offer_id=offer_id).update(
                rank=rank,
                score=found.score,
                reasons=reason_sentences.stored(found.reasons),
            )
            continue
        rows.append(
            Proposal(
                item=item,
                offer_id=offer_id,
                rank=rank,
                score=found.score,
                reasons=reason_sentences.stored(found.reasons),
            )
        )
    Proposal.objects.bulk_create(rows)
    return list(item.proposals.select_related("offer").order_by("rank"))


@transaction.atomic
def propose_offer(item: RequestItem, offer: Offer, *, by: User | None) -> Proposal:
    """An expert adds an offer the engine did not rank; the engine still explains the pair."""
    require_expert(by)
    found = offer_index.assess(item, offer)
    reasons = reason_sentences.stored((*found.exclusions, *found.reasons))
    proposal, _created = Proposal.objects.update_or_create(
        item=item,
        offer=offer,
        defaults={
            "score": found.score,
            "rank": (item.proposals.aggregate(n=Max("rank"))["n"] or 0) + 1,
            "reasons": reasons,
        },
    )
    return proposal


@transaction.atomic
def confirm_proposal(
    proposal: Proposal, *, by: User | None, note: str = "", today: date | None = None
) -> Match:
    """An expert confirms a proposed offer: it becomes a match, tracked to delivery."""
    require_expert(by)
    request = proposal.item.request
    if not can_match(request):
        raise ValidationError(_("Offers are matched after the request is distributed."))
    if proposal.status == Proposal.Status.CONFIRMED:
        raise ValidationError(_("This proposal is already confirmed."))
    day = today or timezone.localdate()
    proposal.status, proposal.decline_reason = Proposal.Status.CONFIRMED, ""
    proposal.decided_by, proposal.decided_at, proposal.decision_note = by, timezone.now(), note
    proposal.save(
        update_fields=["status", "decline_reason", "decided_by", "decided_at", "decision_note"]
    )
    match = Match.objects.create(
        item=proposal.item,
        offer=proposal.offer,
        proposal=proposal,
        confirmed_by=by,
        confirmed_on=day,
        note=note,
        is_demo=request.is_demo,
    )
    _share_with_provider(request, proposal.offer, by=by)
    _move_along(match, Transition.Event.MATCHED, by=by, day=day)
    return match


def _move_along(match: Match, event: str, *, by: User | None, day: date) -> None:
    """The first confirmed match moves a distributed request to "matched", the first delivery
    started moves it to "in delivery"; later ones are only logged."""
    request = match.item.request
    before = request.status
    if event == Transition.Event.MATCHED and before in (S.DISTRIBUTED, S.SUMMARY_POSTED):
        request.status, request.matched_on = S.MATCHED, day
        save_fields(request, "status", "matched_on")
    elif event == Transition.Event.DELIVERY_STARTED and before == S.MATCHED:
        request.status, request.delivery_started_on = S.IN_DELIVERY, day
        save_fields(request, "status", "delivery_started_on")
    note = str(match.offer)
    record_transition(request, event, from_status=before, by=by, match=match, note=note)


def _share_with_provider(request: Request, offer: Offer, *, by: User | None) -> None:
    """The provider of a confirmed offer receives the request, as if it had been distributed.

    Without this, a provider whose offer is matched to a request it was never sent could not
    open the request, record delivery or give its feedback.
    """
    if offer.provider_organisation_id:
        lookup: dict[str, Any] = {"organisation_id": offer.provider_organisation_id}
    else:
        lookup = {"state_id": offer.provider_state_id}
    row, created = Distribution.objects.get_or_create(
        request=request, **lookup, defaults={"sent_at": timezone.now(), "added_by": by}
    )
    if not created and row.sent_at is None:
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])


@transaction.atomic
def decline_proposal(
    proposal: Proposal, *, by: User | None, reason: str = "", note: str = ""
) -> Proposal:
    """An expert declines a proposed offer and says why (kept to tune the engine's weights)."""
    require_expert(by)
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError(_("Only an open proposal can be declined."))
    reason = reason or Proposal.DeclineReason.OTHER
    if reason not in Proposal.DeclineReason.values:
        raise ValidationError(
            _("Choose why the offer does not fit from the list (“%(value)s” is not on it).")
            % {"value": reason}
        )
    if reason == Proposal.DeclineReason.OTHER and not note:
        raise ValidationError(_("Say in the note why the offer does not fit."))
    proposal.status, proposal.decline_reason = Proposal.Status.DECLINED, reason
    proposal.decided_by, proposal.decided_at, proposal.decision_note = by, timezone.now(), note
    proposal.save(
        update_fields=["status", "decline_reason", "decided_by", "decided_at", "decision_note"]
    )
    AuditEvent.record(
        "assistance.proposal_declined",
        target=proposal.item.request,
        by=by,
        data={"offer": proposal.offer_id, "reason": reason, "note": note},
    )
    return proposal


@transaction.atomic
def answer_proposal(
    proposal: Proposal, *, by: User | None, willing: bool, note: str = ""
) -> Proposal:
    """The provider tells the Committee whether it can provide the proposed offer."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("item__request", "offer")
        .get(pk=proposal.pk)
    )
    if not proposal.can_answer(by):
        raise PermissionDenied(_("Only the organisation making the offer can answer for it."))
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError(
            _("The Committee has already decided on this proposal; it can no longer be answered.")
        )
    request = proposal.item.request
    if not can_match(request):
        raise ValidationError(
            _("Offers are matched after the request is distributed; there is nothing to answer.")
        )
    sent = request.distributions.filter(
        organisation=proposal.offer.provider_organisation, sent_at__isnull=False
    )
    if not sent.exists():
        raise ValidationError(
            _("The request was not sent to your organisation; there is nothing to answer yet.")
        )
    answer = Proposal.Answer.WILLING if willing else Proposal.Answer.UNABLE
    previous = proposal.provider_answer
    proposal.provider_answer = answer
    proposal.answered_by, proposal.answered_at, proposal.answer_note = by, timezone.now(), note
    proposal.save(update_fields=["provider_answer", "answered_by", "answered_at", "answer_note"])
    AuditEvent.record(
        "assistance.proposal_answered",
        target=request,
        by=by,
        data={
            "offer": proposal.offer_id,
            "proposal": proposal.pk,
            "answer": answer,
            "previous": previous,
            "note": note,
        },
    )
    return proposal


def _require_match_writer(match: Match, by: User | None) -> None:
    if not match.can_edit(by):
        raise PermissionDenied(_("Only the provider or a Committee expert can update this match."))


@transaction.atomic
def start_delivery(
    match: Match, *, by: User | None, note: str = "", today: date | None = None
) -> Match:
    _require_match_writer(match, by)
    if match.status != Match.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed match can start delivery."))
    day = today or timezone.localdate()
    match.status, match.delivery_started_on = Match.Status.IN_DELIVERY, day
    if note:
        match.note = note
    match.save(update_fields=["status", "delivery_started_on", "note"])
    _move_along(match, Transition.Event.DELIVERY_STARTED, by=by, day=day)
    return match


@transaction.atomic
def mark_delivered(
    match: Match, *, by: User | None, note: str = "", today: date | None = None
) -> Match:
    _require_match_writer(match, by)
    if match.status not in (Match.Status.CONFIRMED, Match.Status.IN_DELIVERY):
        raise ValidationError(_("This match is not being delivered."))
    request = match.item.request
    day = today or timezone.localdate()
    if match.status == Match.Status.CONFIRMED:
        start_delivery(match, by=by, today=day)
    match.status, match.delivered_on = Match.Status.DELIVERED, day
    if note:
        match.note = note
    match.save(update_fields=["status", "delivered_on", "note"])
    request.refresh_from_db()
    record_transition(
        request,
        Transition.Event.DELIVERED,
        from_status=request.status,
        by=by,
        match=match,
        note=note or str(match.offer),
    )
    return match


@transaction.atomic
def cancel_match(match: Match, *, by: User | None, note: str) -> Match:
    require_expert(by)
    if match.status == Match.Status.DELIVERED:
        raise ValidationError(_("A delivered match cannot be cancelled."))
    match.status = Match.Status.CANCELLED
    match.note = note
    match.save(update_fields=["status", "note"])
    request = match.item.request
    record_transition(
        request,
        Transition.Event.MATCH_CANCELLED,
        from_status=request.status,
        by=by,
        match=match,
        note=note,
    )
    return match


def feedback_role_for(match: Match, user: Any) -> list[str]:
    """Which sides of a delivered match this user may give feedback for."""
    p = principal(user)
    roles: list[str] = []
    request = match.item.request
    if p.coordinates(request.state_id) or p.is_expert:
        roles.append(Feedback.Role.REQUESTER)
    if match.offer.can_edit(user):
        roles.append(Feedback.Role.PROVIDER)
    return roles


@transaction.atomic
def give_feedback(match: Match, *, by: User | None, role: str, **values: Any) -> Feedback:
    """Requester or provider feedback after delivery (res. 2663 OP20); one per side, editable."""
    if match.status not in (Match.Status.IN_DELIVERY, Match.Status.DELIVERED):
        raise ValidationError(_("Feedback is given once delivery has started."))
    if role not in feedback_role_for(match, by):
        raise PermissionDenied(_("You cannot give feedback for this side of the match."))
    feedback, _created = Feedback.objects.update_or_create(
        match=match, role=role, defaults={**values, "by": by, "submitted_at": timezone.now()}
    )
    feedback.full_clean()
    request = match.item.request
    record_transition(
        request,
        Transition.Event.FEEDBACK,
        from_status=request.status,
        by=by,
        match=match,
        note=str(Feedback.Role(role).label),
    )
    return feedback


def open_items(items: Sequence[RequestItem] | None = None) -> Any:
    """Items of requests under matching, for an offer's "fits these requests" list."""
    qs = RequestItem.objects.filter(request__status__in=MATCHING)
    return qs.select_related("request", "request__state", "request__group")

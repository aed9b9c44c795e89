"""The bridge between the database and the pure-Python matching engine.

One `MatchingEngine` per process holds the offer index. It is built on first use from the
offers table and then kept current incrementally: services call `offer_changed` after an offer
is saved, and every use first runs `sync()`, one cheap query of (id, updated_at, withdrawn)
that catches changes made by other processes (web workers, cron commands). An offer is
re-indexed only when its row changed; a withdrawn or deleted offer is removed.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max
from django.utils import timezone

from nap1540.assistance.matching import MatchingEngine, RegionResolver, Weights
from nap1540.assistance.matching import Offer as EngineOffer
from nap1540.assistance.matching import Proposal as EngineProposal
from nap1540.assistance.matching import RequestItem as EngineItem
from nap1540.assistance.models import Offer, RequestItem

# Weapon categories declared on an item name subjects of the shared vocabulary.
WEAPON_SUBJECTS = {"N": "nuclear", "C": "chemical", "B": "biological", "D": "means_of_delivery"}


def build_resolver() -> RegionResolver:
    """Region lookup tables from the registry's States and groups (user-defined ones too)."""
    from nap1540.registry.models import Group, State

    states = {
        "states": [
            {"iso3": iso3, "un_name": name, "aliases": aliases or []}
            for iso3, name, aliases in State.objects.values_list("iso3", "name", "aliases")
        ]
    }
    members: dict[int, list[str]] = {}
    through = Group.members.through
    for group_id, iso3 in through.objects.values_list("group_id", "state__iso3"):
        members.setdefault(group_id, []).append(iso3)
    groups = {
        "groups": [
            {"code": code, "name": name, "aliases": aliases or [], "members": members.get(pk, [])}
            for pk, code, name, aliases in Group.objects.values_list(
                "pk", "code", "name", "aliases"
            )
        ]
    }
    return RegionResolver(states, groups)


def unknown_regions(labels: Iterable[str]) -> list[str]:
    """The region labels (or parts of them) that name no State, group or "all": warnings."""
    resolver = offer_index.engine().resolver
    return [a.label for label in labels for a in resolver.resolve(label) if a.kind == "unknown"]


def engine_offer(offer: Offer) -> EngineOffer:
    """An offer row as the engine's plain data; empty facet lists mean "infer from the text"."""
    provider = offer.provider
    return EngineOffer(
        id=str(offer.pk),
        provider=str(provider) if provider is not None else "",
        title=offer.title,
        description=offer.description,
        provider_type="State" if offer.provider_state_id else "organisation",
        assistance_types=tuple(offer.assistance_types) or None,
        subjects=tuple(offer.subjects) or None,
        regions=tuple(offer.regions) or None,
        languages=tuple(offer.languages) or None,
        active_from=offer.active_from,
        active_to=offer.active_to,
    )


def configured_weights() -> Weights:
    """The weights in MATCHING_WEIGHTS_FILE (as `fit-matching-weights` writes), or the defaults."""
    path = getattr(settings, "MATCHING_WEIGHTS_FILE", "")
    if not path:
        return Weights()
    try:
        return Weights.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"MATCHING_WEIGHTS_FILE={path}: {exc}") from exc


def engine_item(item: RequestItem, *, requester: str | None = None) -> EngineItem:
    """A request item as the engine's plain data, with its declared facets."""
    subjects = list(item.subjects)
    for category in item.weapon_categories:
        slug = WEAPON_SUBJECTS.get(category)
        if slug and slug not in subjects:
            subjects.append(slug)
    return EngineItem(
        id=str(item.pk),
        requester=requester if requester is not None else item.request.requester_code,
        text=item.text,
        assistance_types=tuple(item.assistance_types) or None,
        subjects=tuple(subjects) or None,
        languages=tuple(item.languages) or None,
    )


Version = tuple[int, datetime | None, int, datetime | None]


def reference_version() -> Version:
    """What changes when an administrator adds, edits or deletes a group or a State (2 queries).

    A group's members are part of it: `touch_group` stamps the group when they change."""
    from nap1540.registry.models import Group, State

    groups = Group.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    states = State.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return groups["n"], groups["last"], states["n"], states["last"]


# How often the index looks for groups and States edited by another process (the admin in
# another worker): a requester added there is matched as its members within this many
# seconds, at the cost of two queries each time. In the process that saved, at once
# (`reference_changed`, connected to the registry's save, delete and members signals).
REFERENCE_CHECK_SECONDS = 30.0


class OfferIndex:
    """The process-wide offer index; thread-safe for the web server's threads."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._engine: MatchingEngine | None = None
        self._seen: dict[int, datetime] = {}
        self._reference: Version | None = None
        self._reference_checked = 0.0

    def reset(self) -> None:
        """Forget the index (tests; after reference groups change)."""
        with self._lock:
            self._engine = None
            self._seen = {}

    def reference_changed(self) -> None:
        """A State or group was saved or deleted here: rebuild the region tables on next use."""
        with self._lock:
            self.reset()
            self._reference, self._reference_checked = None, 0.0

    def engine(self) -> MatchingEngine:
        """The engine, synchronised with the offers table and the registry's groups."""
        with self._lock:
            now = time.monotonic()
            if self._engine is None or now - self._reference_checked >= REFERENCE_CHECK_SECONDS:
                version = reference_version()
                if version != self._reference:
                    self.reset()
                self._reference, self._reference_checked = version, now
            if self._engine is None:
                # Embeddings only when asked for; without the extra the engine stays lexical.
                semantic = getattr(settings, "MATCHING_SEMANTIC", False)
                self._engine = MatchingEngine(
                    build_resolver(), semantic=semantic, weights=configured_weights()
                )
            self.sync()
            return self._engine

    def sync(self) -> None:
        """Re-index the offers whose rows changed since the last look; drop the gone ones."""
        with self._lock:
            engine = self._engine
            if engine is None:
                return
            current = {
                pk: updated
                for pk, updated in Offer.objects.filter(is_withdrawn=False).values_list(
                    "pk", "updated_at"
                )
            }
            for pk in set(self._seen) - set(current):
                engine.remove_offer(str(pk))
                del self._seen[pk]
            changed = [pk for pk, updated in current.items() if self._seen.get(pk) != updated]
            if changed:
                offers = Offer.objects.filter(pk__in=changed).select_related(
                    "provider_state", "provider_organisation"
                )
                engine.add_offers(engine_offer(o) for o in offers)
                for pk in changed:
                    self._seen[pk] = current[pk]

    def offer_changed(self, offer: Offer) -> None:
        """Apply one saved offer now (called by the services after commit)."""
        with self._lock:
            if self._engine is None:
                return
            if offer.is_withdrawn:
                self._engine.remove_offer(str(offer.pk))
                self._seen.pop(offer.pk, None)
            else:
                self._engine.add_offer(engine_offer(offer))
                self._seen[offer.pk] = offer.updated_at

    def rank(self, item: RequestItem, *, top: int = 5, today: date | None = None) -> list[Any]:
        """Ranked proposals for one item: the engine's `Proposal`s, best first."""
        engine = self.engine()
        day = today or timezone.localdate()
        return list(engine.rank_offers(engine_item(item), top=top, today=day))

    def assess(self, item: RequestItem, offer: Offer, *, today: date | None = None) -> Any:
        """Score and reasons for one pair (an offer an expert adds by hand)."""
        engine = self.engine()
        return engine.assess(engine_item(item), str(offer.pk), today=today or timezone.localdate())

    def rank_items(
        self, offer: Offer, items: Iterable[RequestItem], *, top: int = 10
    ) -> list[EngineProposal]:
        """Open request items that fit an offer best (the provider's view)."""
        engine = self.engine()
        if str(offer.pk) not in engine:
            return []
        return engine.rank_requests(
            str(offer.pk), [engine_item(i) for i in items], top=top, today=timezone.localdate()
        )


offer_index = OfferIndex()


def _registry_saved(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """A State or group was saved or deleted: matching and the stored regions follow."""
    from django.db import transaction

    offer_index.reference_changed()
    transaction.on_commit(_place_offers_again)


def _members_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """Who is in a group changed (`members.add`, the admin's form): stamp the group for the
    other processes, then as a save."""
    from nap1540.registry.models import Group

    if not action.startswith("post_"):
        return
    if isinstance(instance, Group):
        groups = [instance.pk]
    else:  # state.groups.add(...): the groups are in pk_set (all of the State's for a clear)
        groups = list(kwargs.get("pk_set") or instance.groups.values_list("pk", flat=True))
    Group.objects.filter(pk__in=groups).update(updated_at=timezone.now())
    _registry_saved(sender)


class _Placed:
    version: Version | None = None


def _place_offers_again() -> None:
    """After the commit: resolve the offers' regions again, once for all the saves it held."""
    from nap1540.assistance.classifications import place_all_offers

    offer_index.reference_changed()  # the rows as committed
    version = reference_version()
    if version == _Placed.version:
        return  # a loader's hundreds of saves: the first callback did it
    place_all_offers()
    _Placed.version = version


def connect_reference_signals() -> None:
    """Called once from the app's `ready()`: edits of States and groups reach matching, the
    stored regions of offers and every page without a restart."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from nap1540.registry.models import Group, State

    for model in (State, Group):
        post_save.connect(_registry_saved, sender=model, dispatch_uid=f"matching-{model.__name__}")
        post_delete.connect(
            _registry_saved, sender=model, dispatch_uid=f"matching-del-{model.__name__}"
        )
    m2m_changed.connect(
        _members_changed, sender=Group.members.through, dispatch_uid="matching-members"
    )

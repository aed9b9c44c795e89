"""Matrices, entries, versions, diffs and regional statistics under /api/v1/matrix/.

Reads use the same visibility as the pages. Entry edits carry the revision the client
read; a stale revision is refused with 409 and the current value, never overwritten.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from nap1540.accounts.auth import acting_user
from nap1540.core.http.pagination import Pagination
from nap1540.matrix import access, services
from nap1540.matrix.models import Entry, EntryChange, FieldDef, Framework, Matrix
from nap1540.registry import access as registry_access

router = Router(tags=["matrix"])
# The framework libraries (the matrix template as data), at /api/v1/frameworks/.
frameworks_router = Router(tags=["matrix"])


class ReferenceSchema(Schema):
    instrument: str = ""
    article: str = ""
    date: str = ""
    link: str = ""


class MatrixOut(Schema):
    id: int
    state: str
    version: int
    status: str
    framework: str
    framework_version: int
    visibility: str
    is_demo: bool
    report_date: date | None
    addenda_dates: list[str]
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    approved_at: datetime | None

    @staticmethod
    def resolve_state(obj: Matrix) -> str:
        return obj.state.iso3

    @staticmethod
    def resolve_framework(obj: Matrix) -> str:
        return obj.framework.library

    @staticmethod
    def resolve_framework_version(obj: Matrix) -> int:
        return obj.framework.version


class EntryOut(Schema):
    field_key: str
    section: str
    label: str
    label_language: str
    weapon_category: str
    mark: str
    legal_reference: ReferenceSchema
    enforcement_reference: ReferenceSchema
    remarks: str
    source_kind: str
    source_document: str
    source_page: str
    source_url: str
    revision: int
    updated_at: datetime
    updated_by: str | None

    @staticmethod
    def resolve_field_key(obj: Entry) -> str:
        return obj.field.key

    @staticmethod
    def resolve_section(obj: Entry) -> str:
        return obj.field.section.code

    @staticmethod
    def resolve_label(obj: Entry) -> str:
        return obj.field.tr("label")

    @staticmethod
    def resolve_label_language(obj: Entry) -> str:
        return obj.field.tr("label").language

    @staticmethod
    def resolve_weapon_category(obj: Entry) -> str:
        return obj.field.weapon_category

    @staticmethod
    def resolve_updated_by(obj: Entry) -> str | None:
        return obj.updated_by.get_username() if obj.updated_by else None


class MatrixDetailOut(MatrixOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(obj: Matrix) -> list[Entry]:
        return list(_entries(obj))


class EntryPatch(Schema):
    """Only the parts given change. `revision` is the one you read (optimistic locking)."""

    revision: int
    mark: str | None = None
    legal_reference: ReferenceSchema | None = None
    enforcement_reference: ReferenceSchema | None = None
    remarks: str | None = None
    source_kind: str | None = None
    source_document: str | None = None
    source_page: str | None = None
    source_url: str | None = None


class ConflictOut(Schema):
    detail: str
    current: EntryOut | None = None


class ErrorOut(Schema):
    detail: str


class ChangeOut(Schema):
    field_key: str
    kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed_at: datetime
    changed_by: str | None
    version: int

    @staticmethod
    def resolve_changed_by(obj: EntryChange) -> str | None:
        return obj.changed_by.get_username() if obj.changed_by else None

    @staticmethod
    def resolve_version(obj: EntryChange) -> int:
        return obj.matrix.version


class DiffRowOut(Schema):
    field_key: str
    section: str
    label: str
    status: str
    changed: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class DiffOut(Schema):
    state: str
    from_version: int
    to_version: int
    rows: list[DiffRowOut]


class SnapshotOut(Schema):
    state: str
    version: int
    as_of: date
    entries: dict[str, dict[str, Any]]


def _entries(matrix: Matrix) -> Any:
    return matrix.entries.select_related("field", "field__section", "updated_by").order_by(
        "field__section__order", "field__order"
    )


@router.get("/matrices", response=list[MatrixOut], summary="Matrix versions you can see")
@paginate(Pagination)
def list_matrices(request: HttpRequest, state: str = "", status: str = "") -> Any:
    matrices = access.matrices_for_user(request.user).order_by("state__iso3", "-version")
    if state:
        matrices = matrices.filter(state__iso3=state.upper())
    if status:
        matrices = matrices.filter(status=status)
    return matrices


@router.get("/matrices/{matrix_id}", response=MatrixDetailOut, summary="One version with entries")
def get_matrix(request: HttpRequest, matrix_id: int) -> Any:
    return access.get_matrix_by_id_for_user(request.user, matrix_id)


@router.get("/matrices/{matrix_id}/entries", response=list[EntryOut], summary="Entries")
def list_entries(
    request: HttpRequest, matrix_id: int, section: str = "", weapon: str = "", mark: str = ""
) -> Any:
    matrix = access.get_matrix_by_id_for_user(request.user, matrix_id)
    entries = _entries(matrix)
    if section:
        entries = entries.filter(field__section__code=section)
    if weapon:
        entries = entries.filter(field__weapon_category="" if weapon == "-" else weapon)
    if mark:
        entries = entries.filter(mark="" if mark == "blank" else mark)
    return entries


@router.get("/matrices/{matrix_id}/entries/{field_key}", response=EntryOut, summary="One entry")
def get_entry(request: HttpRequest, matrix_id: int, field_key: str) -> Any:
    matrix = access.get_matrix_by_id_for_user(request.user, matrix_id)
    return access.get_entry_for_user(request.user, matrix, field_key=field_key)


@router.patch(
    "/matrices/{matrix_id}/entries/{field_key}",
    response={200: EntryOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change an entry (send the revision you read)",
)
def patch_entry(request: HttpRequest, matrix_id: int, field_key: str, payload: EntryPatch) -> Any:
    matrix = access.get_matrix_by_id_for_user(request.user, matrix_id)
    if not matrix.can_edit(request.user):
        if matrix.is_open or not matrix.is_visible_to(request.user):
            raise PermissionDenied(access.cannot_edit_message(matrix))
        return Status(
            409, {"detail": str(services.MatrixLocked.for_matrix(matrix)), "current": None}
        )
    entry = access.get_entry_for_user(request.user, matrix, field_key=field_key)
    values = payload.dict(exclude_unset=True, exclude={"revision"})
    try:
        entry = services.edit_entry(
            entry, by=acting_user(request), values=values, revision=payload.revision
        )
    except services.StaleEntry as exc:
        return Status(409, {"detail": str(exc), "current": exc.current})
    except services.MatrixConflict as exc:
        return Status(409, {"detail": str(exc), "current": None})
    except ValidationError as exc:
        return Status(422, {"detail": "; ".join(exc.messages)})
    return Status(200, access.get_entry_for_user(request.user, matrix, pk=entry.pk))


@router.get(
    "/matrices/{matrix_id}/entries/{field_key}/history",
    response=list[ChangeOut],
    summary="Every change of one field across the State's versions you can see",
)
def entry_history(request: HttpRequest, matrix_id: int, field_key: str) -> Any:
    matrix = access.get_matrix_by_id_for_user(request.user, matrix_id)
    access.get_entry_for_user(request.user, matrix, field_key=field_key)
    return services.field_history(access.matrices_for_user(request.user, matrix.state), field_key)


@router.get("/states/{iso3}/versions", response=list[MatrixOut], summary="A State's versions")
def state_versions(request: HttpRequest, iso3: str) -> Any:
    state = registry_access.get_state_for_user(request.user, iso3)
    return access.matrices_for_user(request.user, state).order_by("-version")


@router.get(
    "/states/{iso3}/as-of", response=SnapshotOut, summary="The matrix as it stood on a date"
)
def state_as_of(request: HttpRequest, iso3: str, on: date) -> Any:
    state = registry_access.get_state_for_user(request.user, iso3)
    cutoff = timezone.make_aware(datetime.combine(on, time.max))
    matrix = (
        access.matrices_for_user(request.user, state)
        .filter(created_at__lte=cutoff)
        .order_by("-version")
        .first()
    )
    if matrix is None:
        raise Http404(
            _("No matrix of %(state)s that you can see existed on %(day)s.")
            % {"state": state.iso3, "day": on.isoformat()}
        )
    return {
        "state": state.iso3,
        "version": matrix.version,
        "as_of": on,
        "entries": services.snapshots_as_of(matrix, cutoff),
    }


@router.get("/states/{iso3}/diff", response=DiffOut, summary="Compare two versions")
def state_diff(request: HttpRequest, iso3: str, from_version: int, to_version: int) -> Any:
    old = access.get_matrix_for_user(request.user, iso3, from_version)
    new = access.get_matrix_for_user(request.user, iso3, to_version)
    return {
        "state": old.state.iso3,
        "from_version": old.version,
        "to_version": new.version,
        "rows": [r.as_dict() for r in services.diff_matrices(old, new)],
    }


@router.get("/groups/{code}/stats", response=dict[str, Any], summary="Regional status")
def group_stats(request: HttpRequest, code: str) -> Any:
    """Coverage by section and weapon, heatmap and trend over approved matrices you can see.

    Aggregates over fewer than 3 States are null (`suppressed: true`).
    """
    group = registry_access.get_group_for_user(request.user, code)
    return services.group_coverage(group, request.user)


class FrameworkOut(Schema):
    library: str
    version: int
    name: str
    template: str
    field_count: int


class FieldOut(Schema):
    key: str
    section: str
    order: int
    label: str
    language: str
    weapon_category: str
    delivery: bool
    provenance: str


class FrameworkDetailOut(FrameworkOut):
    marks: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    fields: list[FieldOut]


@frameworks_router.get("/frameworks", response=list[FrameworkOut], summary="Framework libraries")
def list_frameworks(request: HttpRequest) -> Any:
    return Framework.objects.annotate(field_count=Count("fields")).order_by("library", "version")


@frameworks_router.get(
    "/frameworks/{library}/{version}",
    response=FrameworkDetailOut,
    summary="One framework version with its sections and fields",
)
def get_framework(request: HttpRequest, library: str, version: int) -> dict[str, Any]:
    fw = Framework.objects.filter(library=library, version=version).first()
    if fw is None:
        raise Http404(f"No framework {library} version {version}.")
    fields = FieldDef.objects.filter(framework=fw).select_related("section")
    return {
        "library": fw.library,
        "version": fw.version,
        "name": fw.name,
        "template": fw.template,
        "field_count": len(fields),
        "marks": [
            {"code": code, "meaning": meaning, "language": meaning.language}
            for code, meaning in fw.mark_meanings().items()
        ],
        "sections": [
            {
                "code": s.code,
                "order": s.order,
                "title": s.tr("title"),
                "columns": s.tr_list("columns"),
                "language": s.tr("title").language,
            }
            for s in fw.sections.all()
        ],
        "fields": [
            {
                "key": f.key,
                "section": f.section.code,
                "order": f.order,
                "label": f.tr("label"),
                "language": f.tr("label").language,
                "weapon_category": f.weapon_category,
                "delivery": f.delivery,
                "provenance": f.provenance,
            }
            for f in fields
        ],
    }

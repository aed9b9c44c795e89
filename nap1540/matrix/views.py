"""Matrix pages: the State's matrix, versions, diffs, history, edits, import and export."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nap1540.accounts.auth import acting_user
from nap1540.accounts.sharing import ConfirmationNeeded, submission_sentence
from nap1540.core.audit import history_lines, readable_by
from nap1540.core.http.downloads import CSV, XLSX, download
from nap1540.core.http.htmx import HtmxHttpRequest, render_page, vary_on_htmx, wants_fragment
from nap1540.core.http.params import int_param
from nap1540.core.i18n import localized
from nap1540.core.text import sentences
from nap1540.core.visibility import Visibility
from nap1540.matrix import access, exports, page, region_charts, services
from nap1540.matrix import render as render_cells
from nap1540.matrix.forms import (
    EntryForm,
    FilterForm,
    HeaderForm,
    ImportForm,
    MigrateForm,
)
from nap1540.matrix.models import Entry, EntryChange, FieldDef, Framework, Matrix, Section
from nap1540.matrix.services.imports import import_workbook
from nap1540.matrix.values import blank_snapshot
from nap1540.registry import access as registry_access


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max), timezone.get_current_timezone())


def index(request: HttpRequest) -> HttpResponse:
    """States with a matrix the user may see, newest version of each."""
    latest: dict[int, render_cells.IndexRow] = {}
    status = request.GET.get("status", "")
    # Plain rows, not models, of the newest version of each State the user may see.
    visible = access.matrices_for_user(request.user)
    newest = visible.filter(state=OuterRef("state")).order_by("-version").values("version")[:1]
    for state_id, iso3, name, translations, version, level, approved_at, visibility, demo in (
        visible.filter(version=Subquery(newest))
        .order_by("state__name", "state_id", "-version")
        .values_list(
            "state_id",
            "state__iso3",
            "state__name",
            "state__translations",
            "version",
            "status",
            "approved_at",
            "visibility",
            "is_demo",
        )
    ):
        if state_id not in latest:
            latest[state_id] = render_cells.IndexRow(
                iso3,
                localized(name, translations, "name"),
                version,
                level,
                approved_at,
                visibility,
                demo,
            )
    rows = list(latest.values())
    if status in Matrix.Status.values:
        rows = [r for r in rows if r.status == status]
    context = {
        "rows": render_cells.index_rows(rows) if rows else "",
        "status": status,
        "statuses": Matrix.Status.choices,
    }
    return render(request, "matrix/index.html", context)


def state_matrix(request: HtmxHttpRequest, iso3: str) -> HttpResponse:
    """The State's newest visible version (or, with ?as_of=, the version of that date)."""
    return _matrix_page(request, iso3, None)


def version_detail(request: HtmxHttpRequest, iso3: str, version: int) -> HttpResponse:
    return _matrix_page(request, iso3, version)


def _matrix_page(request: HtmxHttpRequest, iso3: str, version: int | None) -> HttpResponse:
    state = registry_access.get_state_for_user(request.user, iso3)
    versions = list(access.matrices_for_user(request.user, state).order_by("-version"))
    can_start = access.can_start_draft(request.user, state) and not any(m.is_open for m in versions)
    if not versions:
        if version is not None:
            raise Http404(_("No matrix of %(state)s that you can see.") % {"state": state})
        return render(request, "matrix/empty.html", {"state": state, "can_start": can_start})
    sections = list(Section.objects.filter(framework_id=versions[0].framework_id))
    form = FilterForm(request.GET or None, sections=[(s.code, s.code) for s in sections])
    filters_data = form.cleaned_data if form.is_valid() else {}
    as_of: date | None = filters_data.get("as_of")
    if version is not None:
        matrix = next((m for m in versions if m.version == version), None)
        if matrix is None:
            raise Http404(
                _("No version %(version)s of the matrix of %(state)s that you can see.")
                % {"version": version, "state": state}
            )
    elif as_of is not None:
        cutoff = _end_of_day(as_of)
        existing = next((m for m in versions if m.created_at <= cutoff), None)
        matrix = existing or versions[-1]
    else:
        matrix = versions[0]
    if matrix.framework_id != versions[0].framework_id:
        sections = list(Section.objects.filter(framework_id=matrix.framework_id))
    editable = matrix.can_edit(request.user) and as_of is None
    approved = next((m for m in versions if m.is_approved and m.version < matrix.version), None)
    approved_snaps = services.snapshots(approved) if approved and matrix.is_open else None
    if as_of is not None:
        cutoff = _end_of_day(as_of)
        fields = list(FieldDef.objects.filter(framework_id=matrix.framework_id))
        cells = page.cells_from_snapshots(fields, services.snapshots_as_of(matrix, cutoff))
    else:
        entries = Entry.objects.filter(matrix=matrix).select_related("field", "updated_by")
        cells = page.cells_from_entries(entries, approved=approved_snaps, editable=editable)
    keys: frozenset[str] | None = None
    view = request.GET.get("view", "")
    if view == "changes" and approved_snaps is not None:
        keys = frozenset(c.field.key for c in cells if c.changed)
    elif view == "changes":
        keys = frozenset()
    since: date | None = filters_data.get("changed_since")
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        changed = set(
            EntryChange.objects.filter(matrix=matrix, changed_at__gte=start)
            .exclude(kind=EntryChange.Kind.CREATED)
            .values_list("field_key", flat=True)
        )
        keys = frozenset(changed if keys is None else keys & changed)
    filters = page.Filters(
        section=filters_data.get("section", ""),
        weapon=filters_data.get("weapon", ""),
        mark=filters_data.get("mark", ""),
        keys=keys,
    )
    all_views = page.build_sections(sections, cells, page.Filters())
    context = {
        "state": state,
        "matrix": matrix,
        "versions": versions,
        "approved": approved,
        "sections": page.build_sections(sections, cells, filters) if filters.active else all_views,
        "coverage": all_views,
        "totals": page.totals(all_views),
        "filters": form,
        "filtering": filters.active,
        "view": view,
        "as_of": as_of,
        "as_of_before_first": as_of is not None and matrix.created_at > _end_of_day(as_of),
        "editable": editable,
        "can_start": can_start,
        "changed_count": sum(1 for c in cells if c.changed),
        "disclaimers": matrix.framework.tr_list("disclaimers"),
        "marks": matrix.framework.marks,
    }
    return render_page(
        request, "matrix/detail.html", "matrix/_table.html", context, target="matrix-table"
    )


def versions(request: HttpRequest, iso3: str) -> HttpResponse:
    state = registry_access.get_state_for_user(request.user, iso3)
    matrices = list(
        access.matrices_for_user(request.user, state)
        .select_related("created_by", "approved_by", "submitted_by")
        .order_by("-version")
    )
    open_matrix = next((m for m in matrices if m.is_open), None)
    events = readable_by(services.version_history(matrices), request.user)
    history = Paginator(events, 50).get_page(request.GET.get("page"))
    newer = Framework.objects.none()
    if open_matrix is not None and open_matrix.can_edit(request.user):
        newer = Framework.objects.filter(
            library=open_matrix.framework.library, version__gt=open_matrix.framework.version
        )
    context = {
        "state": state,
        "matrices": matrices,
        "open_matrix": open_matrix,
        "can_start": access.can_start_draft(request.user, state) and open_matrix is None,
        "header_form": HeaderForm(
            initial={
                "report_date": open_matrix.report_date,
                "addenda": "; ".join(open_matrix.addenda_dates),
            }
        )
        if open_matrix and open_matrix.can_edit(request.user)
        else None,
        "actions": {
            "submit": open_matrix.can_submit(request.user),
            "approve": open_matrix.can_approve(request.user),
            "return": open_matrix.can_return(request.user),
        }
        if open_matrix
        else {},
        "migrate_form": MigrateForm(frameworks=newer) if newer.exists() else None,
        # Said before submitting: submitting a private draft shares it with the Committee.
        "submission_sentence": submission_sentence()
        if open_matrix and open_matrix.visibility == Visibility.PRIVATE
        else "",
        "history_page": history,
        "history": history_lines(history.object_list, request.user),
    }
    return render(request, "matrix/versions.html", context)


MAX_VERSION = 9999


def diff(request: HttpRequest, iso3: str) -> HttpResponse:
    state = registry_access.get_state_for_user(request.user, iso3)
    matrices = list(access.matrices_for_user(request.user, state).order_by("-version"))
    if len(matrices) < 1:
        raise Http404(_("No matrix of %(state)s that you can see.") % {"state": state})
    by_version = {m.version: m for m in matrices}
    # A version that exists but is not visible answers 404 below, as one that does not exist.
    new_v = int_param(request, "to", default=matrices[0].version, minimum=1, maximum=MAX_VERSION)
    default_old = matrices[1].version if len(matrices) > 1 else new_v
    old_v = int_param(request, "from", default=default_old, minimum=1, maximum=MAX_VERSION)
    old, new = by_version.get(old_v), by_version.get(new_v)
    if old is None or new is None:
        raise Http404(_("No such version that you can see."))
    rows = services.diff_matrices(old, new)
    context = {
        "state": state,
        "matrices": matrices,
        "old": old,
        "new": new,
        "rows": rows,
        "blank": blank_snapshot(),
    }
    return render(request, "matrix/diff.html", context)


def field_history(request: HttpRequest, iso3: str, key: str) -> HttpResponse:
    state = registry_access.get_state_for_user(request.user, iso3)
    matrices = access.matrices_for_user(request.user, state)
    field = (
        FieldDef.objects.filter(key=key, framework__matrices__in=matrices)
        .select_related("section")
        .order_by("-framework__version")
        .first()
    )
    if field is None:
        raise Http404(
            _("No field %(key)s in a matrix of %(state)s that you can see.")
            % {"key": key, "state": state}
        )
    changes = list(services.field_history(matrices, key))
    return render(
        request, "matrix/field_history.html", {"state": state, "field": field, "changes": changes}
    )


# --- inline editing --------------------------------------------------------------------


def _cell_response(request: HttpRequest, entry: Entry, *, editable: bool) -> HttpResponse:
    cell = page.Cell.from_entry(entry, editable=editable)
    return render(
        request,
        "matrix/_cell.html",
        {"cell": cell, "matrix": entry.matrix, "state": entry.matrix.state},
    )


def entry_cell(request: HttpRequest, iso3: str, version: int, pk: int) -> HttpResponse:
    matrix = access.get_matrix_for_user(request.user, iso3, version)
    entry = access.get_entry_for_user(request.user, matrix, pk=pk)
    return _cell_response(request, entry, editable=matrix.can_edit(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HtmxHttpRequest, iso3: str, version: int, pk: int) -> HttpResponse:
    matrix = access.get_matrix_for_user(request.user, iso3, version, write=True)
    entry = access.get_entry_for_user(request.user, matrix, pk=pk)
    context: dict[str, Any] = {"entry": entry, "matrix": matrix, "state": matrix.state}

    def answer(status: int = 200) -> HttpResponse:
        page = "matrix/entry_edit.html"
        return render_page(request, page, "matrix/_entry_form.html", context, status=status)

    if request.method == "GET":
        context["form"] = EntryForm(initial=EntryForm.initial_for(entry))
        return answer()
    form = EntryForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return answer(422)
    try:
        entry = services.edit_entry(
            entry,
            by=acting_user(request),
            values=form.values(),
            revision=form.cleaned_data["revision"],
        )
    except services.StaleEntry as exc:
        # Keep what the editor typed, show what is stored now, and let them save again
        # knowingly: the form now carries the current revision.
        data = request.POST.copy()
        data["revision"] = str(exc.current.revision)
        context.update(
            form=EntryForm(data), conflict=str(exc), current=page.Cell.from_entry(exc.current)
        )
        return answer(409)
    except services.MatrixLocked as exc:
        context.update(conflict=str(exc))
        return answer(409)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return answer(422)
    if wants_fragment(request):
        return vary_on_htmx(_cell_response(request, entry, editable=True))
    messages.success(request, _("%(field)s saved.") % {"field": entry.field.key})
    return vary_on_htmx(redirect(f"{matrix.get_absolute_url()}#entry-{entry.pk}"))


# --- workflow --------------------------------------------------------------------------


def _done(request: HttpRequest, iso3: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("matrix:versions", iso3=iso3)


def _refused(request: HttpRequest, iso3: str, exc: Exception) -> HttpResponse:
    text = sentences(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)
    return redirect("matrix:versions", iso3=iso3)


@login_required
@require_POST
def start_draft(request: HttpRequest, iso3: str) -> HttpResponse:
    state = registry_access.get_state_for_user(request.user, iso3)
    access.require_start_draft(request.user, state)
    try:
        matrix = services.start_draft(state, by=acting_user(request))
    except services.MatrixConflict as exc:
        return _refused(request, iso3, exc)
    messages.success(
        request, _("Version %(version)d started as a draft.") % {"version": matrix.version}
    )
    return redirect(matrix)


def _workflow(request: HttpRequest, iso3: str, version: int, step: str) -> HttpResponse:
    matrix = access.get_matrix_for_user(request.user, iso3, version)
    allowed = {
        "submit": matrix.can_submit,
        "approve": matrix.can_approve,
        "return": matrix.can_return,
    }[step](request.user)
    if not allowed:
        refusal = {
            "submit": _("You cannot submit version %(version)d in its current state."),
            "approve": _("You cannot approve version %(version)d in its current state."),
            "return": _("You cannot return version %(version)d to draft in its current state."),
        }[step]
        raise PermissionDenied(refusal % {"version": matrix.version})
    try:
        if step == "submit":
            services.submit_matrix(
                matrix, by=acting_user(request), confirmed=request.POST.get("confirm") == "1"
            )
            text = _("Version %(version)d submitted to the Committee, which can now see it.")
        elif step == "approve":
            services.approve_matrix(matrix, by=acting_user(request))
            text = _(
                "Version %(version)d approved. Who sees it has not changed: publishing is the "
                "State's decision."
            )
        else:
            services.return_to_draft(matrix, by=acting_user(request))
            text = _("Version %(version)d returned to draft.")
    except (services.MatrixConflict, ConfirmationNeeded) as exc:
        return _refused(request, iso3, exc)
    return _done(request, iso3, text % {"version": matrix.version})


@login_required
@require_POST
def submit(request: HttpRequest, iso3: str, version: int) -> HttpResponse:
    return _workflow(request, iso3, version, "submit")


@login_required
@require_POST
def approve(request: HttpRequest, iso3: str, version: int) -> HttpResponse:
    return _workflow(request, iso3, version, "approve")


@login_required
@require_POST
def return_draft(request: HttpRequest, iso3: str, version: int) -> HttpResponse:
    return _workflow(request, iso3, version, "return")


@login_required
@require_POST
def header(request: HttpRequest, iso3: str, version: int) -> HttpResponse:
    matrix = access.get_matrix_for_user(request.user, iso3, version, write=True)
    form = HeaderForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return _refused(request, iso3, ValidationError(errors))
    services.update_header(
        matrix,
        by=acting_user(request),
        report_date=form.cleaned_data["report_date"],
        addenda_dates=form.cleaned_data["addenda"],
    )
    return _done(request, iso3, _("Report dates saved."))


@login_required
@require_http_methods(["GET", "POST"])
def migrate(request: HttpRequest, iso3: str, version: int) -> HttpResponse:
    matrix = access.get_matrix_for_user(request.user, iso3, version, write=True)
    frameworks = Framework.objects.filter(
        library=matrix.framework.library, version__gt=matrix.framework.version
    )
    form = MigrateForm(request.POST or request.GET or None, frameworks=frameworks)
    plan = None
    if form.is_valid():
        target = form.cleaned_data["framework"]
        if request.method == "POST" and request.POST.get("confirm") == "1":
            report = services.migrate_matrix(matrix, to=target, by=acting_user(request))
            return _done(
                request,
                iso3,
                _(
                    "Moved to %(framework)s: %(kept)d fields kept, %(dropped)d dropped, "
                    "%(added)d added."
                )
                % {
                    "framework": target,
                    "kept": len(report.kept),
                    "dropped": len(report.dropped),
                    "added": len(report.added),
                },
            )
        plan = services.plan_migration(matrix, target)
    return render(
        request,
        "matrix/migrate.html",
        {"state": matrix.state, "matrix": matrix, "form": form, "plan": plan},
    )


# --- exports and import ----------------------------------------------------------------


def export_xlsx(request: HttpRequest, iso3: str, version: int) -> HttpResponse:
    matrix = access.get_matrix_for_user(request.user, iso3, version)
    return download(exports.matrix_workbook(matrix), XLSX, exports.matrix_filename(matrix, "xlsx"))


def export_csv(request: HttpRequest, iso3: str, version: int) -> HttpResponse:
    matrix = access.get_matrix_for_user(request.user, iso3, version)
    return download(exports.matrix_csv(matrix), CSV, exports.matrix_filename(matrix, "csv"))


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, iso3: str) -> HttpResponse:
    state = registry_access.get_state_for_user(request.user, iso3)
    current = Matrix.objects.filter(state=state).exclude(status=Matrix.Status.APPROVED).first()
    if current is not None:
        if not current.is_visible_to(request.user):
            access.require_start_draft(request.user, state)
            raise PermissionDenied(
                _("The open version of %(state)s is not shared with you.") % {"state": state}
            )
        if not current.can_edit(request.user):
            raise PermissionDenied(
                _("You cannot change the open version of %(state)s.") % {"state": state}
            )
    else:
        access.require_start_draft(request.user, state)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["workbook"].read()
        result = import_workbook(
            content,
            by=acting_user(request),
            expected_state=state,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok and not result.dry_run and result.matrix is not None:
            messages.success(
                request, _("Workbook imported: %(n)d fields changed.") % {"n": len(result.changed)}
            )
            return redirect(result.matrix)
    refused = request.method == "POST" and (result is None or not result.ok)
    status = 422 if refused else 200
    return render(
        request,
        "matrix/import.html",
        {"state": state, "form": form, "result": result},
        status=status,
    )


# --- regional status -------------------------------------------------------------------


def region(request: HttpRequest, code: str) -> HttpResponse:
    group = registry_access.get_group_for_user(request.user, code)
    data = services.group_coverage(group, request.user)
    context = {
        "group": group,
        "data": data,
        "charts": region_charts.charts(data),
        "heatmap_rows": render_cells.heatmap_rows(data["heatmap"]["rows"]),
    }
    return render(request, "matrix/region.html", context)


def region_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Exports are CSV or XLSX."))
    group = registry_access.get_group_for_user(request.user, code)
    data = services.group_coverage(group, request.user)
    name = f"matrix-status-{group.code}"
    if fmt == "csv":
        return download(exports.region_csv(data), CSV, f"{name}.csv")
    return download(exports.region_workbook(data, title=group.tr("name")), XLSX, f"{name}.xlsx")

"""Pages of the portfolio: plans, initiatives, status and search. Thin: forms validate,
``core.access`` fetches and authorises, ``portfolio.actions`` writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fremdrift.core import access, extensions, htmx
from fremdrift.core.forms import add_errors
from fremdrift.core.fragments import render_cached
from fremdrift.core.xlsx import xlsx_response
from fremdrift.portfolio import actions, merge
from fremdrift.portfolio.forms import (
    ArchiveForm,
    InitiativeForm,
    RestoreForm,
    SearchForm,
    SectionWordingForm,
    StatusForm,
    archived_from,
    initial_for,
    section_wording_initial,
)
from fremdrift.portfolio.models import Initiative, InitiativeVersion
from fremdrift.portfolio.queries import (
    load_rows,
    plan_tables,
    search_initiatives,
    units_by_initiative,
)


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = (
        access.visible_plans(request.user)
        .filter(archived_at__isnull=True)
        .annotate(
            n_areas=Count("areas", distinct=True),
            n_initiatives=Count(
                "areas__memberships__initiative",
                filter=Q(areas__memberships__valid_to__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-period_start", "title__danish")
    )
    return render(request, "portfolio/plan_list.html", {"plans": plans})


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, slug)
    tables, uses_year_tasks = plan_tables(plan, access.editable_initiatives(request.user))
    rows = [row for table in tables for row in table.rows]
    ids = sorted({row.initiative_id for row in rows})
    notes = extensions.collect_row_notes(request, plan, ids)
    for row in rows:
        row.notes = notes.get(row.initiative_id, [])
    table_of = {id(row): table for table in tables for row in table.rows}
    html = render_cached(
        "portfolio/_plan_row.html",
        rows,
        kind="plan-row",
        parts=lambda row: row.key(uses_year_tasks),
        prepare=load_rows,
        context=lambda row: {
            "row": row,
            "table": table_of[id(row)],
            "uses_year_tasks": uses_year_tasks,
        },
    )
    for row, fragment in zip(rows, html, strict=True):
        row.html = fragment
    return render(
        request,
        "portfolio/plan_detail.html",
        {
            "plan": plan,
            "tables": tables,
            "n_initiatives": len(ids),
            "may_coordinate": access.may_coordinate(request.user, plan),
            "plan_links": extensions.collect_links(extensions.PLAN_ACTIONS, request, plan),
            "uses_year_tasks": uses_year_tasks,
        },
    )


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_view(request.user, pk)
    memberships = list(
        initiative.memberships.filter(valid_to__isnull=True).select_related("area__plan")
    )
    units = units_by_initiative([initiative.pk])[initiative.pk]
    updates = initiative.status_updates.select_related("author").order_by("-recorded_at", "-id")
    versions = InitiativeVersion.objects.filter(initiative=initiative).count()
    # The breadcrumbs lead through the first area; an initiative in none (data from before
    # an area was required, or archived) leads straight to its plan.
    home = next((m.area for m in memberships if m.area.plan_id == initiative.plan_id), None)
    area = home or (memberships[0].area if memberships else None)
    return render(
        request,
        "portfolio/initiative_detail.html",
        {
            "initiative": initiative,
            "memberships": memberships,
            "crumb_plan": area.plan if area else initiative.plan,
            "crumb_area": area.title if area else "",
            "crumb_area_url": f"{area.plan.get_absolute_url()}#area-{area.slug}" if area else "",
            "units": units,
            "updates": updates,
            "n_versions": versions,
            "children": initiative.children.filter(archived_at__isnull=True),
            "may_edit": access.may_edit(request.user, initiative),
            "may_coordinate": access.may_coordinate(request.user, initiative.plan),
            "panels": extensions.collect_panels(request, initiative),
            "initiative_links": extensions.collect_links(
                extensions.INITIATIVE_ACTIONS, request, initiative
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_coordination(request.user, slug)
    form = InitiativeForm(
        request.POST or None, plan=plan, initial={"areas": request.GET.getlist("area")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            initiative = actions.create_initiative(
                plan,
                by=request.user,
                areas=form.cleaned_data["areas"],
                units=form.units(),
                **form.field_values(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The initiative was created."))
            return redirect(initiative)
    return render(request, "portfolio/initiative_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_edit(request.user, pk)
    if initiative.archived_at:
        return _archived(request, initiative)
    plan = initiative.plan
    if request.method == "POST":
        form = InitiativeForm(request.POST, plan=plan, instance=initiative)
        if form.is_valid():
            try:
                updated = actions.edit_initiative(
                    initiative,
                    by=request.user,
                    seen_version=form.cleaned_data["version"],
                    changes=form.field_values(),
                    units=form.units(),
                    areas=form.cleaned_data["areas"],
                )
            except actions.StaleEdit as stale:
                current = stale.current
                return _conflict(
                    request,
                    form,
                    current,
                    "portfolio/initiative_form.html",
                    plan,
                    base=merge.base_of_edit(current, form.cleaned_data["version"]),
                    saved=initial_for(current),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(updated)
    else:
        form = InitiativeForm(initial=initial_for(initiative), plan=plan, instance=initiative)
    return render(
        request,
        "portfolio/initiative_form.html",
        {"form": form, "plan": plan, "initiative": initiative},
    )


@require_http_methods(["GET", "POST"])
def section_wording(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    """The initiative's heading and own wording in one of the sections it sits in."""
    initiative = access.initiative_for_edit(request.user, pk)
    membership = get_object_or_404(
        initiative.memberships.filter(valid_to__isnull=True).select_related("area__plan"),
        area_id=area_pk,
    )
    area = membership.area
    context: dict[str, Any] = {"initiative": initiative, "area": area, "plan": area.plan}
    if request.method == "POST":
        form = SectionWordingForm(request.POST, initiative=initiative)
        if form.is_valid():
            try:
                actions.set_section_wording(
                    initiative,
                    area,
                    by=request.user,
                    seen_version=form.cleaned_data["version"],
                    **form.wording(),
                )
            except actions.StaleEdit as stale:
                return _wording_conflict(request, form, stale.current, area, context)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The wording in the section was saved."))
                return redirect(initiative)
    else:
        form = SectionWordingForm(
            initial=section_wording_initial(membership, initiative), initiative=initiative
        )
    context["form"] = form
    return render(request, "portfolio/section_wording_form.html", context)


def _wording_conflict(
    request: HttpRequest,
    form: SectionWordingForm,
    current: Initiative,
    area: Any,
    context: dict[str, Any],
) -> HttpResponse:
    """Someone saved the initiative in between: merge the section's wording as saved now into
    the user's form, field by field against the version the form started from, as the
    initiative's own form does (:func:`_conflict`)."""
    place = get_object_or_404(current.memberships.filter(valid_to__isnull=True), area=area)
    saved = section_wording_initial(place, current)
    base = merge.base_of_section_wording(current, area, form.cleaned_data["version"])
    merged = merge.merge_form(
        form, request.POST, base if base is not None else {}, saved, version=current.version
    )
    form = SectionWordingForm(merged.data, initiative=current)
    form.is_valid()
    merge.mark_clashes(form, merged)
    latest = current.status_updates.order_by("-recorded_at", "-id").select_related("author").first()
    context.update(
        form=form,
        initiative=current,
        conflict=True,
        merge=merged if base is not None else None,
        current=current,
        latest_update=latest,
    )
    return render(request, "portfolio/section_wording_form.html", context, status=409)


def _archived(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """An archived initiative is restored before it is changed: saving the edit form would
    put it back into areas while it stays archived."""
    messages.error(request, _("The initiative is archived. Restore it before you change it."))
    return redirect(initiative)


def _initiative_for_coordination(user: Any, pk: int) -> Initiative:
    """The initiative, for the coordinators of its home plan: 404 for a user who may not
    see it, 403 for one who may see it but not take it off or put it back on the plan."""
    initiative = access.initiative_for_view(user, pk)
    if not access.may_coordinate(user, initiative.plan):
        raise PermissionDenied
    return initiative


@require_http_methods(["GET", "POST"])
def initiative_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the initiative off every area, after asking; its history stays."""
    initiative = _initiative_for_coordination(request.user, pk)
    if initiative.archived_at:
        return redirect(initiative)
    status = 200
    stale = False
    data = request.POST if request.method == "POST" else None
    form = ArchiveForm(data, initial={"version": initiative.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.archive_initiative(
                initiative, by=request.user, seen_version=form.cleaned_data["version"]
            )
        except actions.StaleEdit as exc:
            initiative, stale, status = exc.current, True, 409
            form = ArchiveForm(initial={"version": initiative.version})
        else:
            messages.success(request, _("The initiative was archived."))
            return redirect(initiative)
    memberships = initiative.memberships.filter(valid_to__isnull=True).select_related("area__plan")
    return render(
        request,
        "portfolio/initiative_archive.html",
        {"initiative": initiative, "form": form, "memberships": memberships, "stale": stale},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def initiative_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Bring an archived initiative back into the areas chosen."""
    initiative = _initiative_for_coordination(request.user, pk)
    if not initiative.archived_at:
        return redirect(initiative)
    form = RestoreForm(
        request.POST if request.method == "POST" else None,
        initiative=initiative,
        initial={"areas": list(archived_from(initiative).values_list("area_id", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        actions.restore_initiative(initiative, by=request.user, areas=form.cleaned_data["areas"])
        messages.success(request, _("The initiative was restored."))
        return redirect(initiative)
    return render(
        request, "portfolio/initiative_restore.html", {"initiative": initiative, "form": form}
    )


# Other apps may take a status recorded here as something more, e.g. the answer of the
# user's unit in an open update round: fn(user, initiative, form data) -> a message for the
# user when it recorded the status itself, or None.
STATUS_ANSWERERS: list[Any] = []


@require_http_methods(["GET", "POST"])
def status_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_edit(request.user, pk)
    if initiative.archived_at:
        return _archived(request, initiative)
    if request.method == "POST":
        form = StatusForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                answered = None
                for answer_in_round in STATUS_ANSWERERS:
                    answered = answer_in_round(request.user, initiative, data)
                    if answered:
                        break
                if answered is None:
                    actions.record_status(
                        initiative,
                        by=request.user,
                        seen_version=data["version"],
                        text=data["text"],
                        phase=data["phase"],
                        phase_target=data["phase_target"],
                        status_date=data["status_date"],
                    )
            except actions.StaleEdit as stale:
                current = stale.current
                return _conflict(
                    request,
                    form,
                    current,
                    "portfolio/status_form.html",
                    None,
                    base=merge.base_of_status(current, data["version"]),
                    saved=merge.status_values(current),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, answered or _("The status was recorded."))
                return redirect(initiative)
    else:
        form = StatusForm(
            initial={
                "text": initiative.status_text,
                "status_date": timezone.localdate(),
                "phase": initiative.phase,
                "phase_target": initiative.phase_target,
                "version": initiative.version,
            }
        )
    return render(request, "portfolio/status_form.html", {"form": form, "initiative": initiative})


def _conflict(
    request: HttpRequest,
    form: Any,
    current: Initiative,
    template: str,
    plan: Any,
    *,
    base: dict[str, Any] | None,
    saved: dict[str, Any],
) -> HttpResponse:
    """Someone saved in between: merge what they saved into the user's form, field by field
    against the version the form started from (``base``), keep the user's value where both
    changed a field and show the saved one beside it; the user saves the merged form."""
    merged = merge.merge_form(
        form, request.POST, base if base is not None else {}, saved, version=current.version
    )
    form = form.__class__(merged.data, **({"plan": plan, "instance": current} if plan else {}))
    form.is_valid()
    merge.mark_clashes(form, merged)
    latest = current.status_updates.order_by("-recorded_at", "-id").select_related("author").first()
    return render(
        request,
        template,
        {
            "form": form,
            "plan": plan,
            "initiative": current,
            "conflict": True,
            "merge": merged if base is not None else None,
            "current": current,
            "latest_update": latest,
        },
        status=409,
    )


def search(request: HttpRequest) -> HttpResponse:
    plans = access.visible_plans(request.user)
    form = SearchForm(request.GET or None, plans=plans)
    results = Initiative.objects.none()
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if request.GET else {}
        results = search_initiatives(
            access.visible_initiatives(request.user),
            q=data.get("q", ""),
            plan=data.get("plan"),
            area=data.get("area"),
            phase=data.get("phase", ""),
            work_form=data.get("work_form", ""),
            unit=data.get("unit"),
            follow_up=data.get("follow_up", ""),
            include_archived=data.get("archived", False),
            sort=data.get("sort") or "title",
        )
    if request.GET.get("format") == "xlsx":
        return _search_xlsx(results)
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    units = units_by_initiative([i.pk for i in page.object_list])
    rows = render_cached(
        "portfolio/_search_row.html",
        list(page.object_list),
        kind="search-row",
        parts=lambda i: (
            i.pk,
            i.version,
            i.updated_at.isoformat(),
            i.plan_id,
            i.plan.title,
            tuple(
                (role, u.pk, u.name, u.short_name) for role, us in units[i.pk].items() for u in us
            ),
        ),
        context=lambda i: {"initiative": i, "units": units[i.pk]},
    )
    query = request.GET.copy()
    query.pop("page", None)
    # The filters ask for the results only; the browser's back button (htmx's history
    # restore, which also says HX-Request) asks for the whole page with its filters.
    results_only = htmx.wants_fragment(request)
    template = "portfolio/_search_results.html" if results_only else "portfolio/search.html"
    response = render(
        request, template, {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )
    # One address, two answers: without this the browser shows the cached results-only
    # answer as the page when the user comes back to the address.
    return htmx.vary(response)


def _search_xlsx(results) -> HttpResponse:  # noqa: ANN001
    header = [
        _("Plan"),
        _("Theme"),
        _("Initiative"),
        _("Phase"),
        _("Work form"),
        _("Status"),
        _("Status date"),
        _("Follow-up as written"),
    ]
    rows = (
        [
            i.plan.title,
            i.theme,
            i.title,
            i.phase_text,
            i.get_work_form_display(),
            i.status_text,
            i.status_date,
            i.follow_up_text,
        ]
        for i in results
    )
    widths = (24, 28, 60, 22, 16, 70, 12, 40)
    return xlsx_response(_("Initiatives"), header, rows, widths, "indsatser.xlsx")

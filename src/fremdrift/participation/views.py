"""Pages of participation: workshops, consultations, long-lists and prioritisation.

Thin: forms validate, ``core.access`` fetches and authorises,
``participation.actions`` writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.core import access
from fremdrift.core.access import Action
from fremdrift.core.forms import add_errors
from fremdrift.core.models import OrgUnit
from fremdrift.core.xlsx import xlsx_response
from fremdrift.governance.models import AgendaItem
from fremdrift.participation import actions, chart
from fremdrift.participation.choices import CandidateSource, CandidateStatus, OutputKind
from fremdrift.participation.forms import (
    CandidateForm,
    ConsultationForm,
    InputsForm,
    InputsToLongListForm,
    LongListForm,
    PromoteForm,
    ScoreForm,
    StatusForm,
    WorkshopForm,
    workshop_initial,
)
from fremdrift.participation.models import (
    Candidate,
    Consultation,
    ConsultationInput,
    ConsultationInvitation,
    LongList,
    Workshop,
    WorkshopOutput,
)
from fremdrift.portfolio.models import Plan


def _workshop(user: Any, action: str, pk: int) -> Workshop:
    return access.fetch(user, action, Workshop.objects.select_related("plan"), pk=pk)


def _long_list(user: Any, action: str, pk: int) -> LongList:
    return access.fetch(user, action, LongList.objects.select_related("plan"), pk=pk)


def _candidate(user: Any, action: str, pk: int) -> Candidate:
    queryset = Candidate.objects.select_related("long_list__plan")
    return access.fetch(user, action, queryset, pk=pk)


def _posted_id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


# --------------------------------------------------------------------------- workshops


def workshop_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, slug)
    workshops = list(
        plan.workshops.prefetch_related("participants")
        .annotate(
            n_recommendations=Count(
                "outputs", filter=Q(outputs__kind=OutputKind.RECOMMENDATION), distinct=True
            )
        )
        .order_by("date", "title__danish")
    )
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                w.date,
                w.title,
                ", ".join(w.facilitators),
                "\n".join(
                    f"{p.count if p.count is not None else '?'} {p.profession}"
                    for p in w.participants.all()
                ),
                w.participant_total,
                w.n_recommendations,
            ]
            for w in workshops
        )
        header = [
            _("Date"),
            _("Workshop"),
            _("Facilitators"),
            _("Participants"),
            _("Total"),
            _("Recommendations"),
        ]
        return xlsx_response(
            _("Workshops"), header, rows, (12, 50, 40, 40, 8, 16), f"workshops-{plan.slug}.xlsx"
        )
    return render(
        request,
        "participation/workshop_list.html",
        {
            "plan": plan,
            "workshops": workshops,
            "may_coordinate": access.may_coordinate(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_coordination(request.user, slug)
    form = WorkshopForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = actions.create_workshop(plan, by=request.user, **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The workshop was recorded."))
            return redirect(workshop)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": _("New workshop in %(plan)s") % {"plan": plan.title},
            "back": plan.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request.user, Action.CHANGE, pk)
    form = WorkshopForm(
        request.POST or None, plan=workshop.plan, initial=workshop_initial(workshop)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_workshop(workshop, by=request.user, **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The workshop was saved."))
            return redirect(workshop)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": _("Edit workshop: %(title)s") % {"title": workshop.title},
            "back": workshop.get_absolute_url(),
        },
    )


def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request.user, Action.VIEW, pk)
    outputs = list(workshop.outputs.prefetch_related("candidates"))
    visible = access.visible_initiatives(request.user)
    return render(
        request,
        "participation/workshop_detail.html",
        {
            "workshop": workshop,
            "participants": workshop.participants.all(),
            "challenges": [o for o in outputs if o.kind == OutputKind.CHALLENGE],
            "recommendations": [o for o in outputs if o.kind == OutputKind.RECOMMENDATION],
            "others": [o for o in outputs if o.kind == OutputKind.OTHER],
            "initiatives": workshop.initiatives.filter(pk__in=visible.values("pk")),
            "long_lists": workshop.plan.long_lists.all(),
            "may_coordinate": access.may_coordinate(request.user, workshop.plan),
        },
    )


@require_POST
def candidate_from_output(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = WorkshopOutput.objects.select_related("workshop__plan")
    output = access.fetch(request.user, Action.VIEW, queryset, pk=pk)
    long_list = _long_list(request.user, Action.CHANGE, _posted_id(request, "long_list"))
    existing = actions.existing_candidate(long_list, workshop_output=output)
    if existing is not None:
        message = _(
            "The recommendation is already on the long-list “%(list)s” as no. %(number)s: "
            "%(title)s."
        )
        return _already_there(request, existing, message)
    try:
        actions.add_candidate(
            long_list, by=request.user, title=output.text[:500], workshop_output=output
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The recommendation was put on the long-list."))
    return redirect(output.workshop)


# --------------------------------------------------------------------------- consultations


def consultation_list(request: HttpRequest) -> HttpResponse:
    access.require_list(request.user, Consultation)
    consultations = access.restrict(
        Consultation.objects.annotate(n_inputs=Count("inputs")).select_related("plan"),
        request.user,
    )
    answerable = access.restrict(
        ConsultationInvitation.objects.select_related("consultation", "forum", "unit"),
        request.user,
        Action.CHANGE,
    ).filter(consultation__in=consultations.values("pk"))
    # Invitations the user answers as an invitee, not those of consultations they run.
    running = access.restrict(Consultation.objects.all(), request.user, Action.CHANGE)
    answerable = answerable.exclude(consultation__in=running.values("pk"))
    return render(
        request,
        "participation/consultation_list.html",
        {
            "consultations": consultations,
            "answerable": list(answerable),
            "may_create": access.may(request.user, Action.ADD, Consultation),
        },
    )


def _consultation_form(request: HttpRequest, **kwargs: Any) -> ConsultationForm:
    user = request.user
    plans = access.restrict(Plan.objects.filter(archived_at__isnull=True), user, Action.CHANGE)
    return ConsultationForm(
        request.POST or None,
        plans=plans.order_by("title__danish"),
        forums=access.invitable_forums(user).order_by("short_name"),
        units=access.restrict(OrgUnit.objects.order_by("path", "name"), user),
        plan_required=not access.grants_for(user).coordinates_all_plans,
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    access.require_list(request.user, Consultation)  # 403 for a partner, as the list
    access.require_kind(request.user, Action.ADD, Consultation)
    form = _consultation_form(request, initial={"plan": request.GET.get("plan", "")})
    if request.method == "POST" and form.is_valid():
        try:
            consultation = actions.create_consultation(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The consultation was created."))
            return redirect(consultation)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": _("New consultation"),
            "back": reverse("participation:consultation-list"),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.fetch(request.user, Action.CHANGE, Consultation, pk=pk)
    invitations = list(consultation.invitations.all())
    form = _consultation_form(
        request,
        editing=True,
        initial={
            "title": consultation.title,
            "description": consultation.description,
            "deadline": consultation.deadline,
            "forums": [i.forum_id for i in invitations if i.forum_id],
            "units": [i.unit_id for i in invitations if i.unit_id],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_consultation(consultation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The consultation was saved."))
            return redirect(consultation)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": _("Edit consultation: %(title)s") % {"title": consultation.title},
            "back": consultation.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The form where an invited forum's or unit's people give their inputs."""
    queryset = ConsultationInvitation.objects.select_related("consultation__plan", "forum", "unit")
    invitation = access.fetch(request.user, Action.CHANGE, queryset, pk=pk)
    consultation = invitation.consultation
    late_allowed = access.may(request.user, Action.CHANGE, consultation)
    closed = actions.is_past_deadline(consultation) and not late_allowed
    form = InputsForm(request.POST or None)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            given = actions.give_inputs(
                invitation, by=request.user, inputs=form.inputs(), late_allowed=late_allowed
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Thank you: %(count)s inputs from %(source)s were recorded.")
                % {"count": len(given), "source": invitation.invitee_name},
            )
            return redirect(consultation)
    status = 200 if request.method == "GET" or not closed else 409
    return render(
        request,
        "participation/consultation_answer.html",
        {
            "invitation": invitation,
            "consultation": consultation,
            "form": form,
            "closed": closed,
            "given": invitation.inputs.all(),
        },
        status=status,
    )


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.fetch(request.user, Action.VIEW, Consultation, pk=pk)
    inputs = list(consultation.inputs.select_related("forum"))
    if request.GET.get("format") == "xlsx":
        rows = ([i.source, i.get_kind_display(), i.text] for i in inputs)
        return xlsx_response(
            _("Inputs"),
            [_("From"), _("Kind"), _("Input")],
            rows,
            (28, 18, 90),
            f"hoering-{consultation.pk}.xlsx",
        )
    groups: dict[str, list[ConsultationInput]] = {}
    for entry in inputs:
        groups.setdefault(entry.source, []).append(entry)
    long_lists = []
    if consultation.plan_id and access.may_coordinate(request.user, consultation.plan):
        long_lists = list(consultation.plan.long_lists.all())
    invitations = list(
        consultation.invitations.select_related("forum", "unit").annotate(n_inputs=Count("inputs"))
    )
    answerable = set(
        access.restrict(consultation.invitations.all(), request.user, Action.CHANGE).values_list(
            "pk", flat=True
        )
    )
    on_lists = set(
        Candidate.objects.filter(consultation_input__consultation=consultation).values_list(
            "consultation_input_id", flat=True
        )
    )
    return render(
        request,
        "participation/consultation_detail.html",
        {
            "consultation": consultation,
            "groups": groups,
            "long_lists": long_lists,
            "invitations": [(i, i.pk in answerable) for i in invitations],
            "may_change": access.may(request.user, Action.CHANGE, consultation),
            "plan_visible": bool(consultation.plan_id)
            and access.may(request.user, Action.VIEW, consultation.plan),
            "past_deadline": actions.is_past_deadline(consultation),
            "on_lists": on_lists,
        },
    )


@require_POST
def inputs_to_long_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the chosen inputs of a consultation on one of its plan's long-lists."""
    consultation = access.fetch(request.user, Action.VIEW, Consultation, pk=pk)
    long_lists = access.restrict(LongList.objects.all(), request.user, Action.CHANGE)
    if consultation.plan_id:
        long_lists = long_lists.filter(plan=consultation.plan_id)
    form = InputsToLongListForm(
        request.POST, long_lists=long_lists, inputs=consultation.inputs.all()
    )
    if not form.is_valid():
        if "long_list" in form.errors and request.POST.get("long_list", "").isdigit():
            # A long-list the user may see but not change: 403, as everywhere.
            _long_list(request.user, Action.CHANGE, int(request.POST["long_list"]))
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(consultation)
    made = actions.inputs_to_long_list(
        form.cleaned_data["inputs"], form.cleaned_data["long_list"], by=request.user
    )
    messages.success(
        request,
        _("%(count)s inputs were put on the long-list “%(list)s”.")
        % {"count": len(made), "list": form.cleaned_data["long_list"].title},
    )
    return redirect(consultation)


@require_POST
def candidate_from_input(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = ConsultationInput.objects.select_related("consultation")
    entry = access.fetch(request.user, Action.VIEW, queryset, pk=pk)
    long_list = _long_list(request.user, Action.CHANGE, _posted_id(request, "long_list"))
    existing = actions.existing_candidate(long_list, consultation_input=entry)
    if existing is not None:
        message = _(
            "The input is already on the long-list “%(list)s” as no. %(number)s: %(title)s."
        )
        return _already_there(request, existing, message)
    try:
        actions.add_candidate(
            long_list, by=request.user, title=entry.text[:500], consultation_input=entry
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The input was put on the long-list."))
    return redirect(entry.consultation)


def _already_there(request: HttpRequest, candidate: Candidate, message: str) -> HttpResponse:
    """Nothing is added twice: say so and lead the user to the candidate already there."""
    messages.warning(
        request,
        message
        % {
            "list": candidate.long_list.title,
            "number": actions.candidate_number(candidate),
            "title": candidate.title,
        },
    )
    return redirect(f"{candidate.long_list.get_absolute_url()}#candidate-{candidate.pk}")


# --------------------------------------------------------------------------- long-lists

SORTS = {
    "number": ("id",),
    "title": ("title",),
    "x": (F("x_score").desc(nulls_last=True), "id"),
    "y": (F("y_score").desc(nulls_last=True), "id"),
    "status": ("status", "id"),
}


def long_lists(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, slug)
    may = access.may_coordinate(request.user, plan)
    form = LongListForm(request.POST or None) if may else None
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        if form.is_valid():
            try:
                long_list = actions.create_long_list(plan, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The long-list was created."))
                return redirect(long_list)
    lists = plan.long_lists.annotate(n_candidates=Count("candidates"))
    return render(
        request,
        "participation/long_lists.html",
        {"plan": plan, "lists": lists, "form": form, "may_coordinate": may},
    )


def longlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    long_list = _long_list(request.user, Action.VIEW, pk)
    if request.GET.get("format") == "xlsx":
        return _candidates_xlsx(long_list, _shown_candidates(request, long_list))
    return _longlist_page(request, long_list)


def _shown_candidates(request: HttpRequest, long_list: LongList) -> list[tuple[int, Candidate]]:
    """The candidates the filters let through, in the chosen order, with their numbers."""
    all_candidates = list(
        long_list.candidates.select_related(
            "workshop_output__workshop",
            "agenda_item__meeting__forum",
            "consultation_input__consultation",
            "promoted_to",
        ).order_by("id")
    )
    numbers = {c.pk: n for n, c in enumerate(all_candidates, start=1)}
    status, source = request.GET.get("status", ""), request.GET.get("source", "")
    qs = long_list.candidates.all()
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    order = SORTS.get(request.GET.get("sort", "number"), SORTS["number"])
    shown_ids = list(qs.order_by(*order).values_list("pk", flat=True))
    by_pk = {c.pk: c for c in all_candidates}
    return [(numbers[pk], by_pk[pk]) for pk in shown_ids]


def _longlist_page(
    request: HttpRequest,
    long_list: LongList,
    candidate_form: CandidateForm | None = None,
    score_form: tuple[int, ScoreForm] | None = None,
    http_status: int = 200,
) -> HttpResponse:
    """The long-list page; ``candidate_form`` is a refused "add a candidate" form to show,
    ``score_form`` a candidate's refused scores (its pk and the bound form)."""
    may = access.may_coordinate(request.user, long_list.plan)
    status, source = request.GET.get("status", ""), request.GET.get("source", "")
    sort = request.GET.get("sort", "number")
    shown = _shown_candidates(request, long_list)
    rows = [
        {
            "number": n,
            "candidate": c,
            "score_form": (
                score_form[1]
                if score_form and score_form[0] == c.pk
                else ScoreForm(
                    long_list=long_list,
                    initial={"x_score": c.x_score, "y_score": c.y_score},
                    prefix=f"c{c.pk}",
                )
            )
            # A promoted candidate's scores are part of the decision record: no form.
            if may and c.status != CandidateStatus.PROMOTED
            else None,
        }
        for n, c in shown
    ]
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "participation/longlist_detail.html",
        {
            "long_list": long_list,
            "plan": long_list.plan,
            "rows": rows,
            "svg": chart.render_svg(long_list, shown),
            "legend": chart.legend(shown),
            "may_coordinate": may,
            "candidate_form": (candidate_form or _candidate_form(request)) if may else None,
            # A refused form, for the error summary above the page.
            "form": candidate_form or (score_form[1] if score_form else None),
            "statuses": CandidateStatus.choices,
            "sources": CandidateSource.choices,
            "status": status,
            "source": source,
            "sort": sort,
            "query": query.urlencode(),
            "unscored": sum(1 for _n, c in shown if not c.is_scored),
        },
        status=http_status,
    )


def _candidates_xlsx(long_list: LongList, shown: list[tuple[int, Candidate]]) -> HttpResponse:
    rows = (
        [
            n,
            c.title,
            c.get_source_display(),
            c.origin_label,
            c.x_score,
            c.y_score,
            c.get_status_display(),
            str(c.promoted_to or ""),
        ]
        for n, c in shown
    )
    header = [
        "#",
        _("Possible initiative"),
        _("Origin"),
        _("Where it came from"),
        long_list.x_label,
        long_list.y_label,
        _("Status"),
        _("Initiative"),
    ]
    return xlsx_response(
        _("Long-list"),
        header,
        rows,
        (5, 60, 22, 40, 10, 10, 18, 40),
        f"bruttoliste-{long_list.pk}.xlsx",
    )


def _candidate_form(request: HttpRequest, data: Any = None) -> CandidateForm:
    """The "add a candidate" form, offering the agenda items the user may see."""
    items = access.restrict(AgendaItem.objects.all(), request.user)
    return CandidateForm(data, agenda_items=items)


@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    long_list = _long_list(request.user, Action.CHANGE, pk)
    form = _candidate_form(request, request.POST)
    if form.is_valid():
        try:
            actions.add_candidate(long_list, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The candidate was added."))
            return redirect(long_list)
    # Refused: the page again with what the user typed and the errors at their fields.
    return _longlist_page(request, long_list, candidate_form=form)


@require_POST
def candidate_score(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request.user, Action.CHANGE, pk)
    long_list = candidate.long_list
    if candidate.status == CandidateStatus.PROMOTED:
        return _scores_kept(request, long_list)
    form = ScoreForm(request.POST, long_list=long_list, prefix=f"c{candidate.pk}")
    if form.is_valid():
        try:
            actions.score_candidate(candidate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "promoted":  # promoted meanwhile
                return _scores_kept(request, long_list)
            add_errors(form, exc)
        else:
            messages.success(
                request, _("The scores of “%(title)s” were saved.") % {"title": candidate.title}
            )
            return redirect(f"{long_list.get_absolute_url()}#candidate-{candidate.pk}")
    else:
        scale = _("Give a score from %(low)s to %(high)s.") % {
            "low": long_list.scale_min,
            "high": long_list.scale_max,
        }
        for name in list(form.errors):
            form.errors[name] = form.error_class([scale])
    # Refused: the page again, the error and what the user typed in the candidate's row.
    return _longlist_page(request, long_list, score_form=(candidate.pk, form))


def _scores_kept(request: HttpRequest, long_list: LongList) -> HttpResponse:
    """A promoted candidate's scores are part of the decision record: 409 and the page."""
    messages.error(
        request, _("The candidate is already an initiative; its scores cannot be changed.")
    )
    return _longlist_page(request, long_list, http_status=409)


@require_POST
def candidate_status(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request.user, Action.CHANGE, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            actions.set_candidate_status(
                candidate, by=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(f"{candidate.long_list.get_absolute_url()}#candidate-{candidate.pk}")


@require_http_methods(["GET", "POST"])
def candidate_promote(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request.user, Action.CHANGE, pk)
    if request.method == "GET" and candidate.status == CandidateStatus.PROMOTED:
        # No form that can only be refused: lead to what the candidate became.
        messages.info(request, _("The candidate is already an initiative."))
        initiative = candidate.promoted_to
        if initiative is not None and access.may(request.user, Action.VIEW, initiative):
            return redirect(initiative)
        return redirect(f"{candidate.long_list.get_absolute_url()}#candidate-{candidate.pk}")
    form = PromoteForm(
        request.POST or None, plan=candidate.long_list.plan, initial={"title": candidate.title}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = actions.promote_candidate(
                candidate,
                by=request.user,
                plan=candidate.long_list.plan,
                areas=data["areas"],
                title=data["title"],
                kind=data["kind"],
                work_form=data["work_form"],
                phase=data["phase"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The candidate is now an initiative."))
            return redirect(initiative)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": _("Promote to initiative: %(title)s") % {"title": candidate.title},
            "back": candidate.long_list.get_absolute_url(),
        },
    )


def initiative_origin(initiative: Any) -> list[Candidate]:
    return list(
        initiative.candidates.select_related(
            "long_list",
            "workshop_output__workshop",
            "agenda_item__meeting__forum",
            "consultation_input__consultation",
        )
    )

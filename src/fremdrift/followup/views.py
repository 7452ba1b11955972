"""Pages of follow-up: rounds, answers, review, local status, heatmap and readiness.

Thin: forms validate, ``core.access`` fetches and authorises,
``followup.actions`` writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.core import access
from fremdrift.core.access import Action
from fremdrift.core.forms import add_errors
from fremdrift.core.models import OrgUnit
from fremdrift.followup import actions, mail, queries
from fremdrift.followup.choices import AnswerKind, ReadinessDimension, ReminderKind
from fremdrift.followup.export import progress_xlsx
from fremdrift.followup.forms import (
    AnswerForm,
    HeatmapFilter,
    LocalStatusForm,
    ReadinessForm,
    ReturnForm,
    RoundForm,
)
from fremdrift.followup.models import (
    LocalStatus,
    ReadinessAssessment,
    UpdateAnswer,
    UpdateRequest,
    UpdateRound,
)
from fremdrift.followup.radar import radar_svg
from fremdrift.portfolio.actions import StaleEdit
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import Initiative, InitiativeUnit

SHOW_MISSING = "missing"


def _round(user: Any, pk: int) -> UpdateRound:
    """A round its plan's coordinators run."""
    queryset = UpdateRound.objects.select_related("plan")
    return access.fetch(user, Action.CHANGE, queryset, pk=pk)


def _answer(user: Any, pk: int) -> UpdateAnswer:
    """An answer for the round's coordinators to review."""
    queryset = UpdateAnswer.objects.select_related(
        "request__round__plan", "request__initiative", "request__unit"
    )
    return access.fetch(user, Action.CHANGE, queryset, pk=pk)


def _local_unit(user: Any, initiative_pk: int, unit_pk: int) -> tuple[Initiative, OrgUnit]:
    """An initiative and one of its local units, if the user may record for that unit."""
    initiative = access.initiative_for_view(user, initiative_pk)
    links = InitiativeUnit.objects.filter(initiative=initiative, role=FollowUpRole.LOCAL)
    link = access.fetch(user, Action.CHANGE, links.select_related("unit"), unit=unit_pk)
    return initiative, link.unit


# --------------------------------------------------------------------------- rounds


def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_coordination(request.user, slug)
    rounds = list(plan.update_rounds.all())
    return render(request, "followup/round_list.html", {"plan": plan, "rounds": rounds})


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_coordination(request.user, slug)
    form = RoundForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_round = actions.open_round(
                plan,
                by=request.user,
                title=data["title"],
                deadline=data["deadline"],
                occasion=data["occasion"],
                areas=data["areas"],
                reminder_days=data["reminder_days"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            sent = actions.announce_round(update_round, by=request.user)
            messages.success(
                request,
                ngettext(
                    "The round was opened and %(count)d e-mail was sent.",
                    "The round was opened and %(count)d e-mails were sent.",
                    len(sent),
                )
                % {"count": len(sent)},
            )
            return redirect(update_round)
    return render(request, "followup/round_form.html", {"plan": plan, "form": form})


def _round_page(
    request: HttpRequest,
    update_round: UpdateRound,
    progress: queries.Progress,
    *,
    returning: tuple[int, ReturnForm] | None = None,
) -> HttpResponse:
    """The round's progress page. ``returning`` is an answer whose "send back" form was
    refused: its form is shown open, with the error at the comment and the text kept."""
    # ?show=missing: only the requests still missing an answer; a link, so it survives reload.
    only_missing = request.GET.get("show") == SHOW_MISSING
    return render(
        request,
        "followup/round_detail.html",
        {
            "round": update_round,
            "plan": update_round.plan,
            "progress": progress,
            "shown": progress.only_owed() if only_missing else progress,
            "only_missing": only_missing,
            "owed": progress.owed,
            "returning_pk": returning[0] if returning else None,
            "return_form": returning[1] if returning else ReturnForm(),
        },
    )


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    update_round = _round(request.user, pk)
    progress = queries.round_progress(update_round)
    if request.GET.get("format") == "xlsx":
        return progress_xlsx(progress)
    return _round_page(request, update_round, progress)


@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    update_round = _round(request.user, pk)
    sent = actions.send_reminders(update_round, kind=ReminderKind.ON_DEMAND, by=request.user)
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)d reminder was sent.",
                "%(count)d reminders were sent.",
                len(sent),
            )
            % {"count": len(sent)},
        )
    else:
        messages.info(
            request,
            _("No reminders were sent: everyone has reported or has already been reminded today."),
        )
    return redirect(update_round)


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    update_round = _round(request.user, pk)
    actions.close_round(update_round, by=request.user)
    messages.success(request, _("The round was closed."))
    return redirect(update_round)


# --------------------------------------------------------------------------- answers


def mine(request: HttpRequest) -> HttpResponse:
    from fremdrift.governance.cycle import my_action_items, my_done_action_items

    requests = queries.my_requests(request.user)
    owed = [r for r in requests if r.is_owed]
    answered = [r for r in requests if not r.is_owed]
    return render(
        request,
        "followup/mine.html",
        {
            "owed": owed,
            "answered": answered,
            "action_items": my_action_items(request.user),
            "done_action_items": my_done_action_items(request.user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = UpdateRequest.objects.select_related("round__plan", "initiative", "unit")
    update_request = access.fetch(request.user, Action.CHANGE, queryset, pk=pk)
    initiative = update_request.initiative
    conflict = None
    not_recorded = None
    if request.method == "POST" and not (update_request.is_owed and update_request.round.is_open):
        # Closed meanwhile, or a colleague answered for the unit: say so and hand the
        # writer's text back rather than dropping it.
        reason = (
            _("The round is closed.")
            if not update_request.round.is_open
            else _("This update has already been answered.")
        )
        unsaved = ""
        if request.POST.get("kind") != AnswerKind.UNCHANGED:
            unsaved = (request.POST.get("text") or "").strip()
        not_recorded = {"reason": reason, "text": unsaved}
    if request.method == "POST" and not_recorded is None:
        form = AnswerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.submit_answer(
                    update_request,
                    by=request.user,
                    kind=data["kind"],
                    text=data["text"],
                    phase=data["phase"] or None,
                    phase_target=data["phase_target"],
                    status_date=data["status_date"],
                    seen_version=data["version"],
                )
            except StaleEdit as stale:
                conflict = stale.current
                form = AnswerForm({**request.POST.dict(), "version": conflict.version})
                form.is_valid()
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if data["kind"] == AnswerKind.UNCHANGED:
                    messages.success(request, _("Recorded as unchanged."))
                else:
                    messages.success(request, _("Your update was recorded."))
                return redirect("followup:mine")
    else:
        form = AnswerForm(
            initial={
                "text": initiative.status_text,
                "status_date": timezone.localdate(),
                "phase": initiative.phase,
                "phase_target": initiative.phase_target,
                "version": initiative.version,
            }
        )
    history = list(update_request.answers.select_related("submitted_by", "reviewed_by"))
    return render(
        request,
        "followup/answer.html",
        {
            "req": update_request,
            "round": update_request.round,
            "initiative": initiative,
            "form": form,
            "history": history,
            "conflict": conflict,
            "returned": next((a for a in reversed(history) if a.review_comment), None),
            "not_recorded": not_recorded,
        },
        status=409 if conflict or not_recorded else 200,
    )


@require_POST
def answer_approve(request: HttpRequest, pk: int) -> HttpResponse:
    answer_obj = _answer(request.user, pk)
    try:
        actions.approve_answer(answer_obj, by=request.user)
    except StaleEdit as stale:
        messages.error(
            request,
            _(
                "“%(title)s” changed after this update was written, so approving it would "
                "replace a newer status. Nothing was recorded. Send the update back so that "
                "the unit can write it on top of the current status."
            )
            % {"title": stale.current},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The update was approved."))
    return redirect(answer_obj.request.round)


@require_POST
def answer_return(request: HttpRequest, pk: int) -> HttpResponse:
    answer_obj = _answer(request.user, pk)
    update_round = answer_obj.request.round
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            returned = actions.return_answer(
                answer_obj, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # already reviewed: nothing to correct here
                messages.error(request, " ".join(exc.messages))
                return redirect(update_round)
            add_errors(form, exc)
        else:
            mail.send_returned(returned)
            messages.success(request, _("The update was sent back."))
            return redirect(update_round)
    # A blank comment: the page again, the error at this answer's comment, the text kept.
    progress = queries.round_progress(update_round)
    return _round_page(request, update_round, progress, returning=(answer_obj.pk, form))


# --------------------------------------------------------------------------- local status


@require_http_methods(["GET", "POST"])
def local_status(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    initiative, unit = _local_unit(request.user, pk, unit_pk)
    history = list(
        LocalStatus.objects.filter(initiative=initiative, unit=unit)
        .select_related("author")
        .order_by("-recorded_at", "-id")
    )
    initial = {
        "phase": history[0].phase if history else initiative.phase,
        "text": history[0].text if history else "",
    }
    form = LocalStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_local_status(
                initiative,
                unit,
                by=request.user,
                phase=data["phase"],
                text=data["text"],
                status_date=data["status_date"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The local status was recorded."))
            return redirect(initiative)
    return render(
        request,
        "followup/local_status_form.html",
        {
            "initiative": initiative,
            "unit": unit,
            "form": form,
            "history": history,
        },
    )


def heatmap(request: HttpRequest) -> HttpResponse:
    plans = access.visible_plans(request.user).filter(archived_at__isnull=True)
    form = HeatmapFilter(request.GET, plans=plans)  # bound even when empty: no filter
    form.is_valid()  # what is valid filters; a refused area is said at its field
    plan, area = form.cleaned_data.get("plan"), form.cleaned_data.get("area")
    data = queries.heatmap(access.visible_initiatives(request.user), plan=plan, area=area)
    return render(
        request,
        "followup/heatmap.html",
        {
            "form": form,
            "heatmap": data,
            "plan": plan,
            "area": area,
            "may_see_support": access.coordinates_any_plan(request.user),
        },
    )


# --------------------------------------------------------------------------- readiness


def _radar(assessment: ReadinessAssessment, title: str) -> str:
    labels = [str(d.label) for d in ReadinessDimension]
    scores = [s.score if s else None for _d, s in assessment.rows]
    return radar_svg(labels, scores, title)


@require_http_methods(["GET", "POST"])
def readiness(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    initiative, unit = _local_unit(request.user, pk, unit_pk)
    form = ReadinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_readiness(
                initiative,
                unit,
                by=request.user,
                scores=form.scores(),
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The readiness assessment was recorded."))
            return redirect(initiative)
    earlier = queries.latest_assessments(
        ReadinessAssessment.objects.filter(initiative=initiative, unit=unit)
    )
    return render(
        request,
        "followup/readiness_form.html",
        {
            "initiative": initiative,
            "unit": unit,
            "form": form,
            "latest": earlier[0] if earlier else None,
        },
    )


def readiness_low(request: HttpRequest) -> HttpResponse:
    if not access.coordinates_any_plan(request.user):
        raise PermissionDenied
    initiatives = access.coordinated_initiatives(request.user)
    plan = None
    if request.GET.get("plan"):
        plan = access.plan_for_coordination(request.user, request.GET["plan"])
        initiatives = initiatives.filter(
            Q(plan=plan) | Q(memberships__valid_to__isnull=True, memberships__area__plan=plan)
        )
    low = queries.low_readiness(initiatives)
    return render(request, "followup/readiness_low.html", {"low": low, "plan": plan})

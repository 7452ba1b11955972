"""Pages of the meeting cycle: prepare the meeting, record what happened, minutes, files,
action items and corrections. Thin: forms validate, ``core.access`` fetches and
authorises, ``governance.cycle`` writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.core import access, downloads
from fremdrift.core.access import Action
from fremdrift.core.forms import add_errors
from fremdrift.followup import actions as followup_actions
from fremdrift.governance import actions, cycle, minutes, prepare
from fremdrift.governance.choices import AgendaKind
from fremdrift.governance.cycle_forms import (
    ActionItemForm,
    AttachmentForm,
    AttendanceForm,
    DecisionCorrectionForm,
    GroupAnswerForm,
    MilestoneCorrectionForm,
    PlenumForm,
    PrepareForm,
)
from fremdrift.governance.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Decision,
    Meeting,
    Milestone,
)
from fremdrift.governance.views import approval_watch
from fremdrift.jobs import actions as job_actions
from fremdrift.jobs.choices import JobKind, JobState
from fremdrift.portfolio.models import Plan


def _meeting(user: Any, action: str, pk: int) -> Meeting:
    return access.fetch(user, action, Meeting.objects.select_related("forum"), pk=pk)


def _item(user: Any, action: str, pk: int) -> AgendaItem:
    return access.fetch(user, action, AgendaItem.objects.select_related("meeting__forum"), pk=pk)


# --------------------------------------------------------------------------- prepare


def _coordinated_plans(user: Any, meeting: Meeting) -> Any:
    plans = meeting.forum.plans.filter(archived_at__isnull=True)
    return access.restrict(plans, user, Action.CHANGE).order_by("title__danish")


@require_http_methods(["GET", "POST"])
def meeting_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Forbered mødet": open the rounds, take suggested agenda items, issue the decks."""
    meeting = _meeting(request.user, Action.CHANGE, pk)
    plans = _coordinated_plans(request.user, meeting)
    form = PrepareForm(
        request.POST if request.POST.get("step") == "rounds" else None,
        plans=plans,
        meeting=meeting,
        initial={"deadline": cycle.default_deadline(meeting)},
    )
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "rounds" and form.is_valid():
            try:
                opened = cycle.prepare_meeting(
                    meeting,
                    by=request.user,
                    plans=list(form.cleaned_data["plans"]),
                    deadline=form.cleaned_data["deadline"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                sent = [
                    reminder
                    for update_round in opened
                    for reminder in followup_actions.announce_round(update_round, by=request.user)
                ]
                messages.success(
                    request,
                    _(
                        "%(count)d update round(s) opened for the meeting and %(mails)d "
                        "e-mail(s) sent."
                    )
                    % {"count": len(opened), "mails": len(sent)},
                )
                return redirect("governance:meeting-prepare", pk=meeting.pk)
        elif step == "suggestion":
            return _add_suggestion(request, meeting)
        elif step == "issue":
            return _issue_decks(request, meeting, plans)
    return render(
        request,
        "governance/meeting_prepare.html",
        {
            "meeting": meeting,
            "form": form,
            "may_open": plans.exists(),
            "rounds": prepare.rounds(meeting, request.user),
            "reports": prepare.reports(meeting, request.user),
            "suggestions": prepare.suggestions(meeting, request.user),
            "since": prepare.since(meeting),
        },
    )


def _add_suggestion(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    visible = access.visible_initiatives(request.user)
    initiative = visible.filter(pk=request.POST.get("initiative") or 0).first()
    kind = request.POST.get("kind", AgendaKind.INFORMATION)
    if initiative is None or kind not in AgendaKind.values:
        messages.error(request, _("The suggestion could not be added."))
        return redirect("governance:meeting-prepare", pk=meeting.pk)
    with approval_watch(request, meeting.pk):
        actions.add_agenda_item(
            meeting,
            by=request.user,
            title=initiative.title[:500],
            kind=kind,
            initiatives=[initiative],
        )
    messages.success(request, _("The agenda item was added."))
    return redirect("governance:meeting-prepare", pk=meeting.pk)


def _issue_decks(request: HttpRequest, meeting: Meeting, plans: Any) -> HttpResponse:
    """Issue each chosen plan's status deck for the meeting, compared with the deck issued
    for the forum's previous meeting; the pack is made from the meeting page."""
    chosen = plans.filter(pk__in=[p for p in request.POST.getlist("plans") if p.isdigit()])
    if not chosen:
        messages.error(request, _("Choose the plans to issue decks for."))
        return redirect("governance:meeting-prepare", pk=meeting.pk)
    fmt = request.POST.get("format", "pptx")
    if fmt not in ("pptx", "pdf"):
        fmt = "pptx"
    jobs = []
    for plan in chosen:
        jobs.append(_issue_job(request, meeting, plan, fmt))
    failed = [j for j in jobs if j.state == JobState.FAILED]
    for job in failed:
        messages.error(request, job.error)
    pending = [j for j in jobs if j.state not in (JobState.DONE, JobState.FAILED)]
    if len(pending) == 1 and len(jobs) == 1:
        return redirect(pending[0])
    if not failed:
        messages.success(
            request, _("The decks were issued for the meeting. They are the forum's next baseline.")
        )
    return redirect("governance:meeting-prepare", pk=meeting.pk)


def _issue_job(request: HttpRequest, meeting: Meeting, plan: Plan, fmt: str) -> Any:
    baseline = prepare.forum_baseline(meeting, plan)
    options: dict[str, Any] = {"since_report": baseline.pk} if baseline is not None else {}
    occasion = f"{meeting.forum.short_name} {meeting.date:%d.%m.%Y}"
    return job_actions.enqueue(
        JobKind.REPORT,
        by=request.user,
        plan=plan,
        title=_("Status report for %(plan)s (%(format)s)") % {"plan": plan.title, "format": fmt},
        params={
            "plan": plan.pk,
            "format": fmt,
            "as_of": timezone.now().isoformat(),
            "options": options,
            "title": occasion,
            "meeting": meeting.pk,
        },
    )


# --------------------------------------------------------------------------- attendance


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, Action.CHANGE, pk)
    members = list(meeting.forum.members.all())
    current = {a.name: a.status for a in meeting.attendance.all()}
    form = AttendanceForm(request.POST or None, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            with approval_watch(request, meeting.pk):
                cycle.set_attendance(meeting, by=request.user, entries=form.entries())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(f"{meeting.get_absolute_url()}#attendance")
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("Attendance: %(meeting)s") % {"meeting": meeting},
            "back": meeting.get_absolute_url(),
        },
    )


# --------------------------------------------------------------------------- group work


@require_http_methods(["GET", "POST"])
def item_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """The groups' answers to the item's questions, and the plenum summary."""
    item = _item(request.user, Action.CHANGE, pk)
    step = request.POST.get("step") if request.method == "POST" else None
    answer_form = GroupAnswerForm(request.POST if step == "answer" else None, item=item)
    plenum_form = PlenumForm(
        request.POST if step == "plenum" else None,
        initial={"plenum_summary": item.plenum_summary},
    )
    if step == "answer" and answer_form.is_valid():
        data = answer_form.cleaned_data
        try:
            with approval_watch(request, item.meeting_id):
                cycle.record_group_answer(
                    item,
                    by=request.user,
                    group=data["group"],
                    text=data["text"],
                    question=data["question"],
                )
        except ValidationError as exc:
            add_errors(answer_form, exc)
        else:
            messages.success(request, _("The group's answer was saved."))
            return redirect("governance:item-groups", pk=item.pk)
    if step == "plenum" and plenum_form.is_valid():
        with approval_watch(request, item.meeting_id):
            cycle.record_plenum_summary(
                item, by=request.user, text=plenum_form.cleaned_data["plenum_summary"]
            )
        messages.success(request, _("The plenum summary was saved."))
        return redirect(item.get_absolute_url())
    return render(
        request,
        "governance/item_groups.html",
        {
            "item": item,
            "meeting": item.meeting,
            "answer_form": answer_form,
            "plenum_form": plenum_form,
            "answers": item.group_answers.select_related("question"),
        },
    )


# --------------------------------------------------------------------------- action items


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, Action.CHANGE, pk)
    initiatives = access.visible_initiatives(request.user).filter(archived_at__isnull=True)
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = int(request.GET["item"])
    form = ActionItemForm(
        request.POST or None, meeting=meeting, initiatives=initiatives, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            with approval_watch(request, meeting.pk):
                cycle.add_action_item(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The action item was added."))
            return redirect(f"{meeting.get_absolute_url()}#actions")
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("New action item for %(meeting)s") % {"meeting": meeting},
            "back": meeting.get_absolute_url(),
        },
    )


@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = ActionItem.objects.select_related("meeting__forum")
    action_item = access.fetch(request.user, Action.CHANGE, queryset, pk=pk)
    done = request.POST.get("done", "1") != "0"
    cycle.complete_action_item(action_item, by=request.user, done=done)
    target = request.POST.get("next", "")
    if done and target == "mine":
        messages.success(
            request,
            _(
                "The action item is marked done. If that was a mistake, open it again "
                "under “Recently done”."
            ),
        )
    else:
        messages.success(
            request, _("The action item is done.") if done else _("The action item is open again.")
        )
    if target == "mine":
        return redirect("followup:mine")
    return redirect(action_item.get_absolute_url())


# --------------------------------------------------------------------------- minutes


def meeting_minutes(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The minutes as DOCX or PDF, as the user may see them."""
    meeting = _meeting(request.user, Action.VIEW, pk)
    body = minutes.render(meeting, request.user, fmt)
    response = HttpResponse(body, content_type=minutes.MEDIA_TYPES[fmt])
    return downloads.attach(response, minutes.file_name(meeting, fmt))


@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, Action.VIEW, pk)
    if not access.may_approve_minutes(request.user, meeting):
        raise PermissionDenied
    try:
        cycle.approve_minutes(meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The minutes were approved."))
    return redirect(f"{meeting.get_absolute_url()}#minutes")


# --------------------------------------------------------------------------- attachments


@require_http_methods(["GET", "POST"])
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file to the meeting or one of its items. A file that cannot be kept brings
    the form back with the reason at the file, the title and the item as typed."""
    meeting = _meeting(request.user, Action.CHANGE, pk)
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = int(request.GET["item"])
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = AttachmentForm(*data, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with approval_watch(request, meeting.pk):
                cycle.add_attachment(
                    meeting,
                    by=request.user,
                    filename=upload.name,
                    content=upload.read(),
                    media_type=upload.content_type or "application/octet-stream",
                    title=form.cleaned_data["title"],
                    item=form.cleaned_data["item"],
                )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(f"{meeting.get_absolute_url()}#attachments")
        finally:
            upload.close()
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("Attach a file to %(meeting)s") % {"meeting": meeting},
            "back": f"{meeting.get_absolute_url()}#attachments",
            "submit": _("Attach the file"),
        },
    )


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.fetch(
        request.user, Action.VIEW, Attachment.objects.select_related("meeting"), pk=pk
    )
    if attachment.content is None:
        messages.error(request, _("The file was removed."))
        return redirect(attachment.meeting)
    response = HttpResponse(bytes(attachment.content), content_type="application/octet-stream")
    downloads.attach(response, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.fetch(
        request.user, Action.CHANGE, Attachment.objects.select_related("meeting"), pk=pk
    )
    with approval_watch(request, attachment.meeting_id):
        cycle.remove_attachment(attachment, by=request.user)
    messages.success(request, _("The file was removed."))
    return redirect(f"{attachment.meeting.get_absolute_url()}#attachments")


# --------------------------------------------------------------------------- corrections


@require_http_methods(["GET", "POST"])
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Decision.objects.select_related("item__meeting__forum")
    decision = access.fetch(request.user, Action.CHANGE, queryset, pk=pk)
    form = DecisionCorrectionForm(
        request.POST or None, initial={"text": decision.text, "outcome": decision.outcome}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with approval_watch(request, decision.item.meeting_id):
                correction = cycle.correct_decision(decision, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The decision was corrected."))
            return redirect(correction.get_absolute_url())
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Correct the decision"), "back": decision.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def milestone_correct(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Milestone.objects.select_related("plan")
    milestone = access.fetch(request.user, Action.CHANGE, queryset, pk=pk)
    back = reverse("governance:process-plan", args=[milestone.plan.slug])
    form = MilestoneCorrectionForm(
        request.POST or None,
        initial={
            "title": milestone.title,
            "date": milestone.date,
            "end_date": milestone.end_date,
            "description": milestone.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            cycle.correct_milestone(milestone, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The milestone was corrected."))
            return redirect(back)
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Correct the milestone"), "back": back},
    )

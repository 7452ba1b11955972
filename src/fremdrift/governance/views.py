"""Pages of governance: forums, meetings, agenda items, decisions, packs and process plans.

Thin: forms validate, ``core.access`` fetches and authorises,
``governance.actions`` writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.core import access, downloads
from fremdrift.core.access import Action
from fremdrift.core.forms import add_errors
from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.core.xlsx import xlsx_response
from fremdrift.governance import actions, ics, pack, queries, timeline
from fremdrift.governance.forms import (
    AgendaItemForm,
    DecisionForm,
    DecisionLogFilter,
    ForumEditForm,
    ForumForm,
    MeetingForm,
    MemberForm,
    MilestoneForm,
    MinutesForm,
    parse_questions,
    questions_text,
)
from fremdrift.governance.models import AgendaItem, Forum, ForumMember, Meeting, Milestone
from fremdrift.jobs import actions as job_actions
from fremdrift.jobs.choices import JobKind, JobState
from fremdrift.portfolio.models import Plan
from fremdrift.reports.renderers.base import Branding


@contextmanager
def approval_watch(request: HttpRequest, meeting_id: int) -> Iterator[None]:
    """Tell the user when what they saved withdrew the approval of the meeting's minutes."""
    approved = Meeting.objects.filter(pk=meeting_id, minutes_approved_at__isnull=False)
    was_approved = approved.exists()
    yield
    if was_approved and not approved.exists():
        messages.warning(
            request,
            _(
                "The minutes had been approved. The change withdrew the approval: "
                "the minutes must be approved again."
            ),
        )


# --------------------------------------------------------------------------- forums


def _require_governance(user: Any) -> None:
    """Users without any role do not learn that the governance pages exist (404); a
    municipality partner may not open them (403)."""
    access.require_list(user, Forum)


def forum_list(request: HttpRequest) -> HttpResponse:
    _require_governance(request.user)
    forums = access.restrict(queries.forums_with_counts(), request.user).order_by("short_name")
    today = timezone.localdate()
    upcoming = access.restrict(
        Meeting.objects.filter(date__gte=today).select_related("forum"), request.user
    ).order_by("date")[:10]
    return render(
        request,
        "governance/forum_list.html",
        {
            "forums": forums,
            "upcoming": list(upcoming),
            "may_manage": access.may(request.user, Action.ADD, Forum),
        },
    )


def _plan_choices(user: Any) -> tuple[Any, bool]:
    """The plans the user may attach a forum to, and whether one is required (it is for
    all but those who coordinate every plan: a forum without plans would be theirs alone)."""
    plans = access.restrict(Plan.objects.filter(archived_at__isnull=True), user, Action.CHANGE)
    return plans.order_by("title__danish"), not access.grants_for(user).coordinates_all_plans


@require_http_methods(["GET", "POST"])
def forum_create(request: HttpRequest) -> HttpResponse:
    _require_governance(request.user)
    access.require(request.user, Action.ADD, Forum)
    plans, required = _plan_choices(request.user)
    form = ForumForm(request.POST or None, plans=plans, plans_required=required)
    if request.method == "POST" and form.is_valid():
        try:
            forum = actions.create_forum(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The forum was created."))
            return redirect(forum)
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("New forum"), "back": reverse("governance:forum-list")},
    )


@require_http_methods(["GET", "POST"])
def forum_edit(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.fetch(request.user, Action.CHANGE, Forum, pk=pk)
    plans, _required = _plan_choices(request.user)
    # Plans the user does not coordinate stay as they are, unseen in the form.
    kept = list(forum.plans.exclude(pk__in=plans.values("pk")))
    initial = {k: getattr(forum, k) for k in actions.FORUM_FIELDS} | {
        "plans": list(forum.plans.filter(pk__in=plans.values("pk")))
    }
    form = ForumEditForm(
        request.POST or None,
        initial=initial,
        plans=plans,
        plans_required=not kept and not access.grants_for(request.user).coordinates_all_plans,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("plans"))
        try:
            actions.update_forum(forum, by=request.user, plans=kept + chosen, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(forum)
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("Edit forum %(forum)s") % {"forum": forum.short_name},
            "back": forum.get_absolute_url(),
        },
    )


def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.fetch(request.user, Action.VIEW, Forum.objects.select_related("unit"), pk=pk)
    log_filter = DecisionLogFilter(request.GET or None)
    data = log_filter.cleaned_data if log_filter.is_valid() else {}
    decisions = queries.decisions(
        request.user,
        forum=forum,
        q=data.get("q", ""),
        outcome=data.get("outcome", ""),
        sort=data.get("sort") or "-date",
    )
    if request.GET.get("format") == "xlsx":
        return _decisions_xlsx(decisions, f"beslutninger-{forum.pk}.xlsx")
    return render(
        request,
        "governance/forum_detail.html",
        {
            "forum": forum,
            "members": forum.members.all(),
            "plans": access.visible_plans(request.user).filter(forums=forum),
            "meetings": queries.meetings(forum=forum, sort="-date"),
            "decisions": decisions,
            "log_filter": log_filter,
            "may_manage": access.may(request.user, Action.CHANGE, forum),
            "member_form": MemberForm(),
            "query": urlencode({k: v for k, v in request.GET.items() if k != "format"}),
        },
    )


@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.fetch(request.user, Action.CHANGE, Forum, pk=pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        actions.add_forum_member(forum, by=request.user, **form.cleaned_data)
        messages.success(request, _("The member was added."))
    else:
        messages.error(request, _("Write the member's name."))
    return redirect(forum)


@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a member off a forum, after a confirmation page that names the person and the
    forum. A second POST for a member already taken off (a double click, a page left open)
    goes back to the forum with a word, not an error page."""
    queryset = ForumMember.objects.select_related("forum")
    try:
        member = access.fetch(request.user, Action.CHANGE, queryset, pk=pk)
    except Http404:
        forum_pk = request.POST.get("forum", "")
        if request.method != "POST" or not forum_pk.isdigit():
            raise
        forum = access.fetch(request.user, Action.CHANGE, Forum, pk=int(forum_pk))
        messages.info(
            request,
            _("The member had already been removed from %(forum)s.") % {"forum": forum.short_name},
        )
        return redirect(forum)
    forum = member.forum
    if request.method == "POST":
        if actions.remove_forum_member(member, by=request.user):
            messages.success(request, _("The member was removed."))
        else:
            messages.info(
                request,
                _("The member had already been removed from %(forum)s.")
                % {"forum": forum.short_name},
            )
        return redirect(forum)
    return render(
        request,
        "governance/confirm.html",
        {
            "title": _("Remove %(name)s from %(forum)s?")
            % {"name": member.name, "forum": forum.short_name},
            "explanation": [
                _(
                    "%(name)s is no longer listed as a member of %(forum)s (%(forum_name)s) "
                    "and is not offered for attendance at its meetings. Attendance already "
                    "recorded stays; the audit trail keeps the removal."
                )
                % {"name": member.name, "forum": forum.short_name, "forum_name": forum.name}
            ],
            "hidden": {"forum": forum.pk},
            "confirm": _("Remove the member"),
            "back": forum.get_absolute_url(),
        },
    )


def forum_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.fetch(request.user, Action.VIEW, Forum, pk=pk)
    meetings = forum.meetings.select_related("forum").prefetch_related("items")
    body = ics.calendar(meetings, f"{forum.short_name} – {forum.name}")
    return _ics_response(body, downloads.name_from(forum.short_name, "ics"))


def subscribed_calendar(request: HttpRequest, secret: str) -> HttpResponse:
    """The meetings of the forums a user may see, at the user's secret calendar address, so
    a calendar program (Outlook) can subscribe without a session. An unknown or revoked
    address is a 404; the feed holds only what the address's user may see now."""
    from fremdrift.core import actions as core_actions
    from fremdrift.core import tokens

    feed = tokens.find_calendar_feed(secret)
    if feed is None:
        raise Http404
    user = feed.user
    forums = access.restrict(Forum.objects.all(), user)
    meetings = access.restrict(
        Meeting.objects.filter(forum__in=forums.values("pk")), user
    ).select_related("forum")
    body = ics.calendar(
        meetings.prefetch_related("items").order_by("date", "pk"),
        _("Fremdrift: my forums' meetings"),
    )
    core_actions.note_calendar_feed_used(feed, at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    downloads.attach(response, "fremdrift.ics", inline=True)
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return downloads.attach(response, filename)


def _decisions_xlsx(decisions: list[Any], filename: str) -> HttpResponse:
    rows = (
        [
            d.item.meeting.forum.short_name,
            d.item.meeting.date,
            f"{d.item.number}. {d.item.title}",
            d.text,
            d.get_outcome_display(),
            d.get_phase_display() if d.phase else "",
            d.get_work_form_display() if d.work_form else "",
            "\n".join(str(i) for i in d.visible_initiatives),
            "\n".join(f"{old.text} ({old.get_outcome_display()})" for old in d.replaced),
        ]
        for d in decisions
    )
    header = [
        _("Forum"),
        _("Date"),
        _("Agenda item"),
        _("Decision"),
        _("Outcome"),
        _("New phase"),
        _("New work form"),
        _("Initiatives"),
        _("Replaces (corrected record)"),
    ]
    widths = (12, 12, 40, 60, 18, 16, 18, 50, 50)
    return xlsx_response(_("Decisions"), header, rows, widths, filename)


# --------------------------------------------------------------------------- meetings


def meeting_list(request: HttpRequest) -> HttpResponse:
    _require_governance(request.user)
    forums = access.restrict(Forum.objects.all(), request.user)
    forum = None
    if request.GET.get("forum", "").isdigit():
        forum = forums.filter(pk=request.GET["forum"]).first()
    year = request.GET.get("year", "")
    qs = queries.meetings(
        q=request.GET.get("q", ""),
        forum=forum,
        year=int(year) if year.isdigit() else None,
        sort=request.GET.get("sort", "date"),
    )
    qs = access.restrict(qs, request.user)
    if request.GET.get("format") == "xlsx":
        rows = ([m.forum.short_name, m.date, m.end_date, m.title, m.place, m.n_items] for m in qs)
        header = [_("Forum"), _("Date"), _("Last day"), _("Title"), _("Place"), _("Agenda items")]
        return xlsx_response(_("Meetings"), header, rows, (14, 12, 12, 40, 30, 12), "moeder.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/meeting_list.html",
        {
            "page": page,
            "forums": forums,
            "forum": forum,
            "year": year,
            "q": request.GET.get("q", ""),
            "sort": request.GET.get("sort", "date"),
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.fetch(request.user, Action.CHANGE, Forum, pk=pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.create_meeting(forum, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect(meeting)
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("New meeting in %(forum)s") % {"forum": forum.short_name},
            "back": forum.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, Action.CHANGE, pk)
    initial = {k: getattr(meeting, k) for k in actions.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with approval_watch(request, meeting.pk):
                actions.update_meeting(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(meeting)
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Edit meeting"), "back": meeting.get_absolute_url()},
    )


def _meeting(user: Any, action: str, pk: int) -> Meeting:
    return access.fetch(user, action, Meeting.objects.select_related("forum"), pk=pk)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from fremdrift.governance.cycle_forms import AttachmentForm
    from fremdrift.governance.models import ActionItem, Attachment

    meeting = _meeting(request.user, Action.VIEW, pk)
    may_manage = access.may(request.user, Action.CHANGE, meeting)
    action_items = access.restrict(
        ActionItem.objects.filter(meeting=meeting).select_related(
            "owner_unit", "owner_user", "initiative", "item"
        ),
        request.user,
    )
    attachments = access.restrict(
        Attachment.objects.filter(meeting=meeting).select_related("item").defer("content"),
        request.user,
    )
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "items": queries.agenda(meeting, request.user),
            "previous": actions.previous_meeting(meeting),
            "next": actions.next_meeting(meeting),
            "may_manage": may_manage,
            "may_approve": access.may_approve_minutes(request.user, meeting),
            "held": meeting.date <= timezone.localdate(),
            "milestones": access.restrict(meeting.milestones.select_related("plan"), request.user),
            "attendance": list(meeting.attendance.all()),
            "action_items": list(action_items.order_by("id")),
            "attachments": list(attachments),
            "attachment_form": AttachmentForm(meeting=meeting) if may_manage else None,
        },
    )


def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, Action.VIEW, pk)
    body = ics.calendar([meeting], str(meeting))
    name = f"{meeting.forum.short_name}-{meeting.date.isoformat()}"
    return _ics_response(body, downloads.name_from(name, "ics"))


def _pack_time(request: HttpRequest, meeting: Meeting) -> dt.datetime | None:
    """``?as_of=meeting`` freezes the pack at the meeting; the default is now."""
    if "meeting" in (request.GET.get("as_of"), request.POST.get("as_of")):
        return min(meeting.ends_at, timezone.now())
    return None


def meeting_pack_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack on screen: the same content as the PDF, changes marked, with the items'
    indicator charts where the plans' deck options ask for them."""
    meeting = _meeting(request.user, Action.VIEW, pk)
    built = pack.build_pack(meeting, request.user, as_of=_pack_time(request, meeting))
    items = pack.web_items(built, Branding.from_settings())
    return render(
        request,
        "governance/pack_page.html",
        {"pack": built, "items": items, "meeting": meeting, "as_of": format_date(built.as_of)},
    )


@require_http_methods(["GET", "POST"])
def meeting_pack(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Make the pack as a file: a background task (a large pack takes a while) whose page
    offers the download. A GET shows the pack page with the buttons that ask for it."""
    meeting = _meeting(request.user, Action.VIEW, pk)
    if request.method == "GET":
        return redirect("governance:meeting-pack", pk=meeting.pk)
    as_of = _pack_time(request, meeting) or timezone.now()
    job = job_actions.enqueue(
        JobKind.MEETING_PACK,
        by=request.user,
        title=_("Meeting pack %(meeting)s (%(format)s)")
        % {"meeting": f"{meeting.forum.short_name} {meeting.date:%d.%m.%Y}", "format": fmt.upper()},
        params={"meeting": meeting.pk, "format": fmt, "as_of": as_of.isoformat()},
    )
    if job.state == JobState.DONE:
        return redirect("jobs:download", pk=job.pk)
    if job.state == JobState.FAILED:
        messages.error(request, job.error)
        return redirect("governance:meeting-pack", pk=meeting.pk)
    return redirect(job)


# --------------------------------------------------------------------------- agenda items


def _item_for_edit(user: Any, pk: int) -> AgendaItem:
    queryset = AgendaItem.objects.select_related("meeting__forum")
    return access.fetch(user, Action.CHANGE, queryset, pk=pk)


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, Action.CHANGE, pk)
    visible = access.visible_initiatives(request.user).filter(archived_at__isnull=True)
    form = AgendaItemForm(
        request.POST or None,
        initiatives=visible,
        initial={"initiatives": request.GET.getlist("initiative")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with approval_watch(request, meeting.pk):
                actions.add_agenda_item(
                    meeting,
                    by=request.user,
                    number=form.cleaned_data["number"],
                    initiatives=form.cleaned_data["initiatives"],
                    questions=parse_questions(form.cleaned_data["questions"]),
                    **form.values(),
                )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The agenda item was added."))
            return redirect(meeting)
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("New agenda item for %(meeting)s") % {"meeting": meeting},
            "back": meeting.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_edit(request.user, pk)
    visible = access.visible_initiatives(request.user)
    initial = {k: getattr(item, k) for k in actions.ITEM_FIELDS} | {
        "number": item.number,
        "initiatives": list(item.initiatives.values_list("pk", flat=True)),
        "questions": questions_text(item),
    }
    form = AgendaItemForm(request.POST or None, initiatives=visible, initial=initial)
    form.fields["number"].disabled = True
    if request.method == "POST" and form.is_valid():
        hidden = item.initiatives.exclude(pk__in=visible.values("pk"))
        try:
            with approval_watch(request, item.meeting_id):
                actions.update_agenda_item(
                    item,
                    by=request.user,
                    initiatives=list(form.cleaned_data["initiatives"]) + list(hidden),
                    questions=parse_questions(form.cleaned_data["questions"]),
                    **form.values(),
                )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Edit agenda item"), "back": item.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a point off the agenda, after a confirmation page that says what goes with it."""
    item = _item_for_edit(request.user, pk)
    meeting = item.meeting
    error = ""
    if request.method == "POST":
        try:
            actions.remove_agenda_item(item, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The agenda item was removed."))
            return redirect(meeting)
    explanation = [_("The items after it move up one number.")]
    answers = item.group_answers.count()
    if item.minutes or answers or item.plenum_summary:
        explanation.append(
            _(
                "Its minutes, the questions and the %(count)d group answer(s) are removed "
                "with it; the audit trail keeps them."
            )
            % {"count": answers}
        )
    if item.action_items.exists() or item.attachments.exists():
        explanation.append(_("Its action items and files stay on the meeting."))
    return render(
        request,
        "governance/confirm.html",
        {
            "title": _("Remove the agenda item “%(item)s”?") % {"item": item},
            "explanation": explanation,
            "error": error,
            "confirm": _("Remove the item"),
            "back": item.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting (it stays in the history, marked), or take the cancellation back."""
    from fremdrift.governance.forms import CancelMeetingForm

    meeting = _meeting(request.user, Action.CHANGE, pk)
    if meeting.cancelled_at is not None:
        if request.method == "POST":
            actions.reinstate_meeting(meeting, by=request.user)
            messages.success(request, _("The meeting is no longer cancelled."))
            return redirect(meeting)
        return render(
            request,
            "governance/confirm.html",
            {
                "title": _("Hold the meeting %(meeting)s after all?") % {"meeting": meeting},
                "explanation": [],
                "confirm": _("Take back the cancellation"),
                "back": meeting.get_absolute_url(),
            },
        )
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.cancel_meeting(meeting, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The meeting was cancelled."))
        return redirect(meeting)
    return render(
        request,
        "governance/confirm.html",
        {
            "title": _("Cancel the meeting %(meeting)s?") % {"meeting": meeting},
            "explanation": [
                _(
                    "The meeting stays in the forum's history, marked as cancelled. It is no "
                    "longer the forum's previous or next meeting in packs."
                )
            ],
            "form": form,
            "confirm": _("Cancel the meeting"),
            "back": meeting.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def item_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_edit(request.user, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes})
    if request.method == "POST" and form.is_valid():
        with approval_watch(request, item.meeting_id):
            actions.record_minutes(item, by=request.user, text=form.cleaned_data["minutes"])
        messages.success(request, _("The minutes were saved."))
        return redirect(item.get_absolute_url())
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("Minutes: %(item)s") % {"item": item},
            "back": item.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_edit(request.user, pk)
    visible = access.visible_initiatives(request.user)
    form = DecisionForm(request.POST or None, item=item, visible=visible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets = list(data.get("initiatives", []))
        if data.get("phase") or data.get("work_form"):
            allowed = access.decidable_initiatives(request.user, item.meeting.forum)
            if allowed.filter(pk__in=[i.pk for i in targets]).count() != len(targets):
                raise PermissionDenied
        try:
            with approval_watch(request, item.meeting_id):
                decision = actions.record_decision(
                    item,
                    by=request.user,
                    text=data["text"],
                    outcome=data["outcome"],
                    initiatives=targets,
                    phase=data.get("phase", ""),
                    work_form=data.get("work_form", ""),
                    seen_versions=data["versions"],
                )
        except actions.StaleDecision as stale:
            return _stale_decision(request, form, item, visible, stale.changed)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(decision.get_absolute_url())
    return render(request, "governance/decision_form.html", {"form": form, "item": item})


def _stale_decision(
    request: HttpRequest, form: DecisionForm, item: Any, visible: Any, changed: list[Any]
) -> HttpResponse:
    """Initiatives the decision moves changed since the form was opened: show them as they
    are now, keep what the secretary typed, and let them record it again on top."""
    data = request.POST.copy()
    data["versions"] = form.versions_now()
    form = DecisionForm(data, item=item, visible=visible)
    form.is_valid()
    return render(
        request,
        "governance/decision_form.html",
        {"form": form, "item": item, "changed": changed},
        status=409,
    )


# --------------------------------------------------------------------------- process plans


def _reference(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("after", ""))
    except ValueError:
        return timezone.localdate()


def process_plan(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    plan = access.plan_for_view(request.user, slug)
    built = timeline.build_timeline(plan, reference=_reference(request))
    svg = timeline.render_svg(built)
    if fmt == "svg":
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        return downloads.attach(response, f"procesplan-{plan.slug}.svg")
    if fmt == "pdf":
        return _process_pdf(request, built, svg)
    if request.GET.get("format") == "xlsx":
        rows = (
            [lane.title, entry.label, entry.start, entry.end, entry.description]
            for lane, entry in built.entries
        )
        header = [_("Lane"), _("Step"), _("From"), _("To"), _("Description")]
        return xlsx_response(
            _("Process plan"), header, rows, (18, 50, 12, 12, 60), f"procesplan-{plan.slug}.xlsx"
        )
    return render(
        request,
        "governance/process_plan.html",
        {
            "plan": plan,
            "timeline": built,
            "svg": svg,
            "milestones": plan.milestones.select_related(
                "forum", "meeting", "supersedes", "superseded_by"
            ),
            "may_coordinate": access.may_coordinate(request.user, plan),
            "after": request.GET.get("after", ""),
        },
    )


def _process_pdf(request: HttpRequest, built: timeline.Timeline, svg: str) -> HttpResponse:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from fremdrift.reports.renderers.pdf import css_string

    branding = Branding.from_settings()
    html = render_to_string(
        "governance/process_pdf.html",
        {
            "timeline": built,
            "svg": svg,
            "branding": branding,
            "css": {
                "footer": css_string(branding.footer_text),
                "printed": css_string(format_date(timezone.localdate())),
            },
        },
        request=request,
    )
    body = HTML(string=html, url_fetcher=pack.no_network).write_pdf()
    response = HttpResponse(body, content_type="application/pdf")
    return downloads.attach(response, f"procesplan-{built.plan.slug}.pdf")


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_coordination(request.user, slug)
    form = MilestoneForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_milestone(plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect("governance:process-plan", slug=plan.slug)
    return render(
        request,
        "governance/simple_form.html",
        {
            "form": form,
            "title": _("New milestone in %(plan)s") % {"plan": plan.title},
            "back": reverse("governance:process-plan", args=[plan.slug]),
        },
    )


@require_POST
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = access.fetch(
        request.user, Action.CHANGE, Milestone.objects.select_related("plan"), pk=pk
    )
    plan = milestone.plan
    actions.delete_milestone(milestone, by=request.user)
    messages.success(request, _("The milestone was removed."))
    return redirect("governance:process-plan", slug=plan.slug)

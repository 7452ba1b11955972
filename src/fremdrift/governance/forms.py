"""Forms of the governance pages. They validate; the actions write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.models import OrgUnit
from fremdrift.governance.choices import AgendaKind, DecisionOutcome
from fremdrift.governance.models import Forum, Meeting
from fremdrift.portfolio.choices import Phase, WorkForm
from fremdrift.portfolio.forms import DateInput
from fremdrift.portfolio.models import Initiative, Plan

_MINUTES = re.compile(r"^(?P<text>.*?)\s*\((?P<minutes>\d+)\s*min\.?\)\s*$")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class ForumForm(forms.Form):
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=60,
        error_messages={"required": _("A forum needs a short name.")},
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("A forum needs a name.")}
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.all(), required=False, empty_label=_("No unit")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    plans = forms.ModelMultipleChoiceField(
        label=_("Plans served"),
        queryset=Plan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The forum's meetings, minutes and decisions are open to the plans' users."),
    )

    def __init__(self, *args: Any, plans: Any, plans_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans
        self.plans_required = plans_required

    def clean_plans(self) -> Any:
        plans = self.cleaned_data["plans"]
        if self.plans_required and not plans:
            raise forms.ValidationError(_("Choose at least one plan that the forum serves."))
        return plans


class ForumEditForm(ForumForm):
    """The forum form without the short name, which identifies the forum."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["short_name"]


class MemberForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Write the member's name.")}
    )
    role_title = forms.CharField(label=_("Role in the forum"), max_length=200, required=False)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("A meeting needs a date."),
            "invalid": _("Write the date as YYYY-MM-DD."),
        },
    )
    end_date = forms.DateField(
        label=_("Last day (if more than one)"), required=False, widget=DateInput()
    )
    start_time = forms.TimeField(label=_("Starts"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("end_date") and data.get("date") and data["end_date"] < data["date"]:
            self.add_error("end_date", _("The last day is before the first day."))
        return data


def parse_questions(text: str) -> list[tuple[str, int | None]]:
    """One question a line; "(10 min.)" at the end gives its time box."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("•-§ ").strip()
        if not line:
            continue
        match = _MINUTES.match(line)
        if match:
            result.append((match["text"].strip(), int(match["minutes"])))
        else:
            result.append((line, None))
    return result


def questions_text(item: Any) -> str:
    lines = []
    for question in item.questions.all():
        suffix = f" ({question.minutes} min.)" if question.minutes else ""
        lines.append(question.text + suffix)
    return "\n".join(lines)


def _grouped_by_plan(initiatives: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """The initiatives as option groups, one a plan, so each option shows the initiative's
    own title instead of the plan's long title cut off in a narrow list."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for initiative in initiatives:
        groups.setdefault(initiative.plan.title, []).append((initiative.pk, str(initiative)))
    return list(groups.items())


class AgendaItemForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to put the item last."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        error_messages={"required": _("An agenda item needs a title.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AgendaKind.choices, initial=AgendaKind.INFORMATION
    )
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    questions = forms.CharField(
        label=_("Questions for group discussion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question a line; end a line with “(10 min.)” to give it a time box."),
    )
    discussion_minutes = forms.IntegerField(
        label=_("Group discussion (minutes)"), min_value=1, required=False
    )

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["initiatives"]
        field.queryset = initiatives.select_related("plan").order_by(
            "plan__title__danish", "title__danish"
        )
        field.widget.choices = _grouped_by_plan(field.queryset)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "title",
                "kind",
                "presenter",
                "duration_minutes",
                "description",
                "discussion_minutes",
            )
        }


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what was decided.")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=DecisionOutcome.choices, initial=DecisionOutcome.APPROVED
    )
    phase = forms.ChoiceField(
        label=_("Move to phase"),
        choices=[("", _("No change of phase")), *Phase.choices],
        required=False,
    )
    work_form = forms.ChoiceField(
        label=_("Change work form to"),
        choices=[("", _("No change of work form")), *WorkForm.choices],
        required=False,
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives the decision concerns"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The versions of the initiatives as the secretary saw them: "pk:version pk:version".
    versions = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, item: Any, visible: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.movable = item.initiatives.filter(pk__in=visible.values("pk"))
        self.fields["initiatives"].queryset = self.movable
        # An item without initiatives has nothing to move: offer no phase, work form or move.
        self.can_move = self.movable.exists()
        if not self.can_move:
            for name in ("phase", "work_form", "initiatives"):
                del self.fields[name]
            self.fields["outcome"].choices = [
                choice
                for choice in DecisionOutcome.choices
                if choice[0] != DecisionOutcome.PHASE_CHANGE
            ]
        if not self.is_bound:
            self.initial.setdefault("initiatives", list(self.movable.values_list("pk", flat=True)))
            self.initial.setdefault("versions", self.versions_now())

    def versions_now(self) -> str:
        """The hidden field's value for the initiatives as they are now."""
        rows = self.movable.order_by("pk").values_list("pk", "version")
        return " ".join(f"{pk}:{version}" for pk, version in rows)

    def clean_versions(self) -> dict[int, int] | None:
        pairs = [p.partition(":") for p in self.cleaned_data["versions"].split()]
        if not pairs or not all(pk.isdigit() and v.isdigit() for pk, _sep, v in pairs):
            return None
        return {int(pk): int(version) for pk, _sep, version in pairs}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        moves = data.get("phase") or data.get("work_form")
        if data.get("outcome") == DecisionOutcome.PHASE_CHANGE and not moves:
            self.add_error("phase", _("Choose the new phase or work form."))
        if moves and not data.get("initiatives"):
            self.add_error("initiatives", _("Choose the initiatives the decision moves."))
        if moves and data.get("versions") is None:
            self.add_error(
                None,
                _(
                    "The form does not say which versions of the initiatives you started "
                    "from, so a change someone else saved in the meantime could be "
                    "overwritten. Open the page again and record the decision there."
                ),
            )
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("A milestone needs a title.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("A milestone needs a date."),
            "invalid": _("Write the date as YYYY-MM-DD."),
        },
    )
    end_date = forms.DateField(label=_("End (for a period)"), required=False, widget=DateInput())
    approximate = forms.BooleanField(label=_("Approximate dates"), required=False)
    forum = forms.ModelChoiceField(
        label=_("Forum"), queryset=Forum.objects.all(), required=False, empty_label=_("No forum")
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example “Forslag til drøftelse hos AL, FL og HMU => beslutning om videre proces”."
        ),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = plan.home_initiatives.filter(
            archived_at__isnull=True
        ).order_by("title__danish")
        self.fields["meeting"].queryset = Meeting.objects.select_related("forum").order_by("-date")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("end_date") and data.get("date") and data["end_date"] < data["date"]:
            self.add_error("end_date", _("The end date is before the start date."))
        meeting, forum = data.get("meeting"), data.get("forum")
        if meeting and forum and meeting.forum_id != forum.pk:
            self.add_error("meeting", _("The meeting is not a meeting of the forum."))
        return data


class DecisionLogFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("All outcomes")), *DecisionOutcome.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("-date", _("Newest first")), ("date", _("Oldest first"))],
    )


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown on the meeting)"), max_length=300, required=False
    )

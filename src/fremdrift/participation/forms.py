"""Forms of the participation pages. They validate; the actions write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.models import OrgUnit
from fremdrift.governance.choices import AgendaKind
from fremdrift.governance.models import AgendaItem, Forum
from fremdrift.participation.choices import CandidateSource, CandidateStatus, InputKind, OutputKind
from fremdrift.portfolio.choices import Kind, Phase, WorkForm
from fremdrift.portfolio.forms import DateInput
from fremdrift.portfolio.models import Area, Initiative

BLANK = [("", "—")]
_PARTICIPANTS = re.compile(r"^\s*(?P<count>\d+)\s+(?P<profession>.+?)\s*$")


def _lines(text: str) -> list[str]:
    return [
        line.strip().lstrip("•-").strip()
        for line in (text or "").splitlines()
        if line.strip().lstrip("•-").strip()
    ]


def parse_participants(text: str) -> list[tuple[str, int | None, str]]:
    """One profession a line: "6 overlæger"; a line without a number has no count."""
    result = []
    for line in _lines(text):
        match = _PARTICIPANTS.match(line)
        if match:
            result.append((match["profession"], int(match["count"]), ""))
        else:
            result.append((line, None, ""))
    return result


class WorkshopForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("A workshop needs a title.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("A workshop needs a date."),
            "invalid": _("Write the date as YYYY-MM-DD."),
        },
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    facilitators = forms.CharField(
        label=_("Facilitators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line."),
    )
    participants = forms.CharField(
        label=_("Participants by profession"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One profession a line with the number first, e.g. “6 overlæger”."),
    )
    challenges = forms.CharField(
        label=_("Challenges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line."),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line."),
    )
    outputs = forms.CharField(
        label=_("Other outputs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line."),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = plan.home_initiatives.filter(
            archived_at__isnull=True
        ).order_by("title__danish")

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "date": data["date"],
            "place": data["place"],
            "facilitators": _lines(data["facilitators"]),
            "participants": parse_participants(data["participants"]),
            "challenges": _lines(data["challenges"]),
            "recommendations": _lines(data["recommendations"]),
            "outputs": _lines(data["outputs"]),
            "initiatives": data["initiatives"],
        }


class LongListForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("A long-list needs a title.")},
    )
    x_label = forms.CharField(label=_("First axis"), max_length=100, initial=_("Effect"))
    y_label = forms.CharField(label=_("Second axis"), max_length=100, initial=_("Feasibility"))
    scale_min = forms.IntegerField(label=_("Lowest score"), initial=1)
    scale_max = forms.IntegerField(label=_("Highest score"), initial=5)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return data


class CandidateForm(forms.Form):
    title = forms.CharField(
        label=_("Possible initiative"),
        max_length=500,
        error_messages={"required": _("A candidate needs a title.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.ChoiceField(
        label=_("Origin"),
        initial=CandidateSource.MANUAL,
        choices=[
            (CandidateSource.MANUAL, CandidateSource.MANUAL.label),
            (CandidateSource.FORUM, CandidateSource.FORUM.label),
        ],
    )
    source_text = forms.CharField(
        label=_("Where it came from"),
        max_length=300,
        required=False,
        help_text=_("For example “HMU 10.12.2021, gruppedrøftelse”."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("From an agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("The forum discussion the candidate came from, if any."),
    )

    def __init__(self, *args: Any, agenda_items: Any, **kwargs: Any) -> None:
        """``agenda_items``: the items the user may see (the view restricts them)."""
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = (
            agenda_items.exclude(kind=AgendaKind.INFORMATION)
            .select_related("meeting__forum")
            .order_by("-meeting__date", "number")
        )
        self.fields["agenda_item"].label_from_instance = lambda i: (
            f"{i.meeting.forum.short_name} {i.meeting.date:%d.%m.%Y}: {i.title}"
        )


class ScoreForm(forms.Form):
    x_score = forms.IntegerField(required=False)
    y_score = forms.IntegerField(required=False)

    def __init__(self, *args: Any, long_list: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["x_score"].label = long_list.x_label
        self.fields["y_score"].label = long_list.y_label
        for name in ("x_score", "y_score"):
            self.fields[name].min_value = long_list.scale_min
            self.fields[name].max_value = long_list.scale_max
            # The browser's number field knows the scale too.
            self.fields[name].widget.attrs.update(min=long_list.scale_min, max=long_list.scale_max)

    def error_list(self) -> list[str]:
        """The form's errors once each, to show in the candidate's row."""
        return list(dict.fromkeys(e for errors in self.errors.values() for e in errors))


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (CandidateStatus.OPEN, CandidateStatus.OPEN.label),
            (CandidateStatus.SELECTED, CandidateStatus.SELECTED.label),
            (CandidateStatus.REJECTED, CandidateStatus.REJECTED.label),
        ],
    )


class PromoteForm(forms.Form):
    """A candidate becomes an initiative of the long-list's plan, in areas of that plan."""

    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=None,
        disabled=True,
        required=False,
        help_text=_("The initiative goes into the plan of the long-list."),
    )
    title = forms.CharField(
        label=_("Initiative"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("An initiative needs a title.")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.DEVELOPMENT)
    work_form = forms.ChoiceField(
        label=_("Work form"), choices=BLANK + list(WorkForm.choices), required=False
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, initial=Phase.SCOPING)

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["plan"] = plan.pk
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["plan"].queryset = type(plan).objects.filter(pk=plan.pk)
        self.fields["areas"].queryset = plan.areas.all()
        # An area of another plan (sent by hand) is refused at the field, naming the plan.
        self.fields["areas"].error_messages["invalid_choice"] = _(
            "Choose areas of the plan “%(plan)s”."
        ) % {"plan": plan.title.replace("%", "%%")}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.plan.archived_at is not None:
            raise forms.ValidationError(
                _("The plan “%(plan)s” is archived: it takes no new initiatives.")
                % {"plan": self.plan.title},
                code="archived",
            )
        return data


def workshop_initial(workshop: Any) -> dict[str, Any]:
    """A workshop as the workshop form's initial values (for editing it)."""
    outputs: dict[str, list[str]] = {kind: [] for kind in OutputKind.values}
    for output in workshop.outputs.order_by("kind", "position", "id"):
        outputs[output.kind].append(output.text)
    return {
        "title": workshop.title,
        "date": workshop.date,
        "place": workshop.place,
        "facilitators": "\n".join(workshop.facilitators),
        "participants": "\n".join(
            f"{p.count} {p.profession}" if p.count is not None else p.profession
            for p in workshop.participants.all()
        ),
        "challenges": "\n".join(outputs[OutputKind.CHALLENGE]),
        "recommendations": "\n".join(outputs[OutputKind.RECOMMENDATION]),
        "outputs": "\n".join(outputs[OutputKind.OTHER]),
        "initiatives": list(workshop.initiatives.all()),
    }


class ConsultationForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("A consultation needs a title.")},
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=None,
        to_field_name="slug",
        required=False,
        help_text=_("The plan the inputs are for; its coordinators run the consultation."),
        error_messages={
            "invalid_choice": _("Choose one of the plans you coordinate."),
            "required": _("Choose the plan the consultation is for."),
        },
    )
    description = forms.CharField(
        label=_("What are you asking about?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    deadline = forms.DateField(
        label=_("Deadline for inputs"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Write the date as YYYY-MM-DD.")},
    )
    forums = forms.ModelMultipleChoiceField(
        label=_("Invited forums"),
        queryset=Forum.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Invited units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Their editors can give inputs."),
    )

    def __init__(
        self,
        *args: Any,
        plans: Any,
        forums: Any,
        units: Any,
        editing: bool = False,
        plan_required: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].required = plan_required
        self.fields["forums"].queryset = forums
        self.fields["units"].queryset = units
        self.fields["units"].label_from_instance = lambda u: "  " * u.depth + u.name
        self.fields["forums"].label_from_instance = lambda f: f"{f.short_name} – {f.name}"
        if editing:
            del self.fields["plan"]


class InputsForm(forms.Form):
    """Inputs of one invited forum or unit, as in seed 003: points, experiences so far and
    recommendations, one a line."""

    points = forms.CharField(
        label=_("Points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line."),
    )
    experiences = forms.CharField(
        label=_("Experiences so far (what has been good or less good)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line."),
    )
    recommendations = forms.CharField(
        label=_("Recommendations for the future"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.inputs():
            raise forms.ValidationError(_("Write at least one input."))
        return data

    def inputs(self) -> list[tuple[str, str]]:
        data = getattr(self, "cleaned_data", {})
        pairs = []
        for field, kind in (
            ("points", InputKind.POINT),
            ("experiences", InputKind.EXPERIENCE),
            ("recommendations", InputKind.RECOMMENDATION),
        ):
            pairs += [(str(kind), line) for line in _lines(data.get(field, ""))]
        return pairs


class InputsToLongListForm(forms.Form):
    long_list = forms.ModelChoiceField(
        label=_("Long-list"),
        queryset=None,
        error_messages={"required": _("Choose the long-list.")},
    )
    inputs = forms.ModelMultipleChoiceField(
        label=_("Inputs"),
        queryset=None,
        error_messages={"required": _("Choose the inputs to put on the long-list.")},
    )

    def __init__(self, *args: Any, long_lists: Any, inputs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["long_list"].queryset = long_lists
        self.fields["inputs"].queryset = inputs

"""Forms of follow-up. They validate; ``followup.actions`` writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.followup.choices import AnswerKind, ReadinessDimension
from fremdrift.portfolio.choices import Phase
from fremdrift.portfolio.forms import (
    TARGET_PHASE_CHOICES,
    DateInput,
    require_seen_version,
    seen_version_field,
)
from fremdrift.portfolio.models import Area, Plan


def check_status_date(value: dt.date | None) -> dt.date | None:
    """Refuse a status date in the future (a day's leeway for time zones), as the
    initiative's own status form does."""
    if value and value > timezone.localdate() + dt.timedelta(days=1):
        raise forms.ValidationError(_("The status date lies in the future."))
    return value


class RoundForm(forms.Form):
    """Open an update round for a plan or some of its areas."""

    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("A round needs a title.")}
    )
    occasion = forms.CharField(
        label=_("Meeting or report"),
        max_length=200,
        required=False,
        help_text=_("For example “HMU 10. december 2021”."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        error_messages={"required": _("Choose a deadline.")},
    )
    reminder_days = forms.IntegerField(
        label=_("Reminder days before the deadline"),
        min_value=0,
        max_value=60,
        initial=2,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to include the whole plan."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = plan.areas.all()

    def clean_deadline(self) -> dt.date:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class AnswerForm(forms.Form):
    """A new status, or "unchanged" (which needs no fields)."""

    kind = forms.ChoiceField(choices=AnswerKind.choices, widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Status"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    status_date = forms.DateField(label=_("Status date"), widget=DateInput(), required=False)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    phase_target = forms.ChoiceField(
        label=_("Target phase"), choices=TARGET_PHASE_CHOICES, required=False
    )
    version = seen_version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.data.get("kind") == AnswerKind.UNCHANGED:
            self.fields["phase"].required = False

    def clean_status_date(self) -> dt.date | None:
        value = self.cleaned_data.get("status_date")
        if self.data.get("kind") == AnswerKind.UNCHANGED:
            return value  # "unchanged" records no date of its own
        return check_status_date(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["kind"] = data.get("kind") or AnswerKind.STATUS
        if data["kind"] == AnswerKind.STATUS:
            if not (data.get("text") or "").strip():
                self.add_error("text", _("Write the status, or choose “Unchanged”."))
            if data.get("phase_target") and data.get("phase_target") == data.get("phase"):
                self.add_error("phase_target", _("The target phase is the same as the phase."))
            require_seen_version(self, data)
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the unit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why the update is sent back.")},
    )


class LocalStatusForm(forms.Form):
    phase = forms.ChoiceField(label=_("Local phase"), choices=Phase.choices)
    text = forms.CharField(
        label=_("Short status"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status_date = forms.DateField(
        label=_("Status date"), widget=DateInput(), initial=timezone.localdate
    )

    def clean_status_date(self) -> dt.date | None:
        return check_status_date(self.cleaned_data.get("status_date"))


SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ReadinessForm(forms.Form):
    """A score 1–5 and a comment on each dimension of the transformation wheel."""

    assessed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in ReadinessDimension:
            self.fields[f"score_{dimension.value}"] = forms.TypedChoiceField(
                label=dimension.label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
            self.fields[f"comment_{dimension.value}"] = forms.CharField(
                label=_("Comment on %(dimension)s") % {"dimension": dimension.label},
                max_length=500,
                required=False,
            )

    def dimensions(self) -> list[tuple[Any, Any, Any]]:
        return [
            (d, self[f"score_{d.value}"], self[f"comment_{d.value}"]) for d in ReadinessDimension
        ]

    def scores(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {
            d.value: (data[f"score_{d.value}"], data[f"comment_{d.value}"])
            for d in ReadinessDimension
        }


class HeatmapFilter(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All plans"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["area"].queryset = Area.objects.filter(plan__in=plans).select_related("plan")
        self.fields["area"].label_from_instance = lambda a: f"{a.plan.title}: {a.title}"

    def clean(self) -> dict[str, Any]:
        """An area must belong to the chosen plan; said at the area field, never silently
        one filter winning. Once a plan is chosen, only its areas are offered."""
        data = super().clean()
        plan, area = data.get("plan"), data.get("area")
        if plan is not None:
            if area is not None and area.plan_id != plan.pk:
                self.add_error(
                    "area",
                    _("The area “%(area)s” does not belong to the plan “%(plan)s”.")
                    % {"area": area.title, "plan": plan.title},
                )
            self.fields["area"].queryset = self.fields["area"].queryset.filter(plan=plan)
        return data

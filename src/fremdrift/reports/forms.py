"""The report page's choice of baseline and areas."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.portfolio.models import Plan
from fremdrift.reports.models import DeckOptions


class ReportForm(forms.Form):
    baseline = forms.ChoiceField(
        label=_("Compare with"),
        required=False,
        error_messages={"invalid_choice": _("The plan has no issued report %(value)s.")},
    )
    since = forms.DateField(
        label=_("Or changes since the date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Write the date as YYYY-MM-DD.")},
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reports = list(plan.issued_reports.order_by("-as_of", "-id")[:50])
        self.fields["baseline"].choices = [
            ("", _("The latest issued report")),
            ("none", _("Nothing (no marking)")),
        ] + [(str(r.pk), r.label) for r in reports]
        self.fields["areas"].choices = [(a.slug, a.title) for a in plan.areas.all()]

    def baseline_options(self) -> dict[str, Any]:
        """Keyword arguments for ``service.build``/``generate``."""
        data = self.cleaned_data
        if data.get("since"):
            return {"since": data["since"]}
        choice = data.get("baseline") or ""
        if choice == "none":
            return {"since": None, "since_report": None, "no_baseline": True}
        if choice:
            return {"since_report": int(choice)}
        return {}


class DeckOptionsForm(forms.ModelForm):
    """A plan's deck layout (coordinators); ``reports.actions.set_deck_options`` saves it."""

    class Meta:
        model = DeckOptions
        fields = [
            "show_background",
            "show_purpose",
            "show_phase",
            "show_not_reported",
            "show_indicators",
            "change_marker",
        ]
        widgets = {"change_marker": forms.RadioSelect}

"""Forms of the indicator pages; Danish messages through gettext."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.indicators import queries, runs
from fremdrift.indicators.choices import (
    RATE_INDICATORS,
    ComputedIndicator,
    Direction,
    PeriodType,
    Sector,
)
from fremdrift.indicators.engine import IndicatorParams
from fremdrift.indicators.engine.params import ACUTE_RULES, ParamError, ParamProblem

ACUTE_RULE_LABELS = {
    "first_contact": _("The stay's first contact is acute"),
    "any_contact": _("Any contact of the stay is acute"),
}


PARAM_MESSAGES = {
    "not_boolean": _("Give yes or no."),
    "not_number": _("Give a number."),
    "negative": _("Must not be negative."),
    "unknown_acute_rule": _("Choose one of the rules."),
    "windows_syntax": _(
        "Write the windows as e.g. somatik:30;psykiatri:7,30 (days, separated by commas)."
    ),
    "unknown_sector": _("Unknown sector “%(sector)s”: use somatik or psykiatri."),
    "window_not_positive": _("A window must be a positive number of days (%(sector)s: %(days)s)."),
    "unsupported_window": _(
        "Readmissions within %(days)s days are no indicator for %(sector)s: use somatik:30 "
        "and psykiatri:7,30 (or a part of them)."
    ),
    "unknown_parameter": _("Unknown setting “%(name)s”."),
}


def param_message(problem: ParamProblem) -> str:
    """A setting the engine refuses, in the user's language (the engine words it in English)."""
    message = PARAM_MESSAGES.get(problem.code)
    if message is None:
        return str(_("The settings cannot be used: %(detail)s") % {"detail": problem.message})
    return str(message) % dict(problem.args)


class DecimalInput(forms.TextInput):
    """A text field for a number: a browser's number field drops a typed decimal comma
    ("12,5" arrives as "125"); phones still show the number keyboard."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalDecimalField(forms.DecimalField):
    """A number as the user's language writes it: in Danish a decimal comma (12,5) and
    thousands with dots or spaces (1.234,5 or 1 234,5). A decimal point is read as one
    where it cannot be a thousands dot (14.5, 0.125); a number that may be either (1.234)
    is asked about, never guessed."""

    widget = DecimalInput
    default_error_messages = {
        "ambiguous": _(
            "Do you mean %(whole)s or %(decimal)s? Write whole numbers without a dot "
            "(e.g. %(whole)s) and decimals with a comma (e.g. %(decimal)s)."
        ),
    }

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            value = Decimal(str(value)).normalize()
            return formats.number_format(value, use_l10n=True)
        return value

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            value = self._plain(value)
        return super().to_python(value)

    def _plain(self, text: str) -> str:
        """``text`` with a decimal point and no thousands separators (or as typed, for the
        field's own "Give a number" when it is no number)."""
        decimal_sep = str(formats.get_format("DECIMAL_SEPARATOR"))
        thousand_sep = str(formats.get_format("THOUSAND_SEPARATOR"))
        text = re.sub(r"[\s\u00a0\u202f]", "", text)
        groups = rf"[+-]?[1-9]\d{{0,2}}(?:{re.escape(thousand_sep)}\d{{3}})"
        if decimal_sep in text:
            whole, _sep, decimals = text.partition(decimal_sep)
            if thousand_sep in whole and re.fullmatch(groups + "+", whole):
                whole = whole.replace(thousand_sep, "")
            return f"{whole}.{decimals}"
        if re.fullmatch(groups + "{2,}", text):
            return text.replace(thousand_sep, "")
        if re.fullmatch(groups, text):
            whole = text.replace(thousand_sep, "")
            raise forms.ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"whole": whole, "decimal": text.replace(thousand_sep, decimal_sep)},
            )
        return text.replace(thousand_sep, ".") if thousand_sep != "." else text


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class RunForm(forms.Form):
    """Start a run: two files (uploaded or from the inbox), the data time and the settings."""

    contacts_file = forms.FileField(label=_("Contacts (CSV or Parquet)"), required=False)
    contacts_inbox = forms.ChoiceField(label=_("… or contacts file on the server"), required=False)
    fb_file = forms.FileField(label=_("Færdigbehandling periods (CSV or Parquet)"), required=False)
    fb_inbox = forms.ChoiceField(
        label=_("… or færdigbehandling file on the server"), required=False
    )
    as_of = forms.DateTimeField(
        label=_("Data as of"),
        widget=DateTimeLocalInput(),
        help_text=_("When the extract was taken; open contacts end here."),
    )
    link_across_sectors = forms.BooleanField(
        label=_("Link contacts across sectors into one stay"), required=False
    )
    link_gap_hours = LocalDecimalField(
        label=_("Gap that still joins contacts into one stay (hours)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=Decimal(4),
    )
    admission_min_hours = LocalDecimalField(
        label=_("Minimum length of an admission (hours)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=Decimal(12),
    )
    acute_rule = forms.ChoiceField(
        label=_("Acute stay"), choices=[(r, ACUTE_RULE_LABELS[r]) for r in ACUTE_RULES]
    )
    windows = forms.CharField(
        label=_("Readmission windows (days)"),
        initial="somatik:30;psykiatri:7,30",
        help_text=_("Per sector, e.g. somatik:30;psykiatri:7,30"),
    )
    index_exclusion_prefixes = forms.CharField(
        label=_("Action diagnoses never used as index (prefixes)"),
        required=False,
        help_text=_("Comma-separated, e.g. DZ38,DO80"),
    )
    readmission_exclusion_prefixes = forms.CharField(
        label=_("Action diagnoses never counted as readmission (prefixes)"),
        required=False,
        help_text=_("Comma-separated, e.g. DZ38,DO80"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— none —"))] + [(name, name) for name in runs.inbox_files()]
        self.fields["contacts_inbox"].choices = choices
        self.fields["fb_inbox"].choices = choices
        self.fields["as_of"].initial = timezone.localtime().replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self.params: IndicatorParams | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        limit = settings.FREMDRIFT_INDICATOR_MAX_UPLOAD_BYTES
        for upload, inbox in (("contacts_file", "contacts_inbox"), ("fb_file", "fb_inbox")):
            given = [bool(data.get(upload)), bool(data.get(inbox))]
            if data.get(upload) and data[upload].size > limit:
                self.add_error(
                    upload,
                    _("The file is larger than %(limit)s MB; put it in the server folder instead.")
                    % {"limit": limit // 1024**2},
                )
            if given == [False, False]:
                self.add_error(upload, _("Upload a file or choose one on the server."))
            elif all(given):
                self.add_error(inbox, _("Upload a file or choose one on the server, not both."))
        as_of = data.get("as_of")
        if as_of and as_of > timezone.now() + dt.timedelta(days=1):
            self.add_error("as_of", _("The data time cannot be in the future."))
        self._check_params(data)
        return data

    def _check_params(self, data: dict[str, Any]) -> None:
        """The engine's settings of the fields that are valid so far (the others have their
        own error), each refusal on its field and all at once; then the product's windows."""
        texts = {
            "link_across_sectors": str(data.get("link_across_sectors", False)),
            "link_gap_hours": data.get("link_gap_hours"),
            "admission_min_hours": data.get("admission_min_hours"),
            "acute_rule": data.get("acute_rule"),
            "windows": data.get("windows"),
            "index_exclusion_prefixes": data.get("index_exclusion_prefixes") or "",
            "readmission_exclusion_prefixes": data.get("readmission_exclusion_prefixes") or "",
        }
        pairs = {name: str(value) for name, value in texts.items() if value is not None}
        try:
            params = IndicatorParams.from_strings(pairs)
        except ParamError as exc:
            problems = list(exc.problems)
        else:
            problems = params.unsupported_windows()
            if not problems and not self.errors:
                self.params = params
        refused = set(self.errors)  # a field's own error says enough
        shown: set[tuple[str | None, str]] = set()
        for problem in problems:
            field = problem.field if problem.field in self.fields else None
            message = param_message(problem)
            if field not in refused and (field, message) not in shown:
                shown.add((field, message))
                self.add_error(field, message)


DASHBOARD_TABS = ("series", "municipalities", "clusters", "totals")


class DashboardForm(forms.Form):
    """What the dashboard shows (GET parameters)."""

    run = forms.TypedChoiceField(label=_("Run"), coerce=int, required=False)
    indicator = forms.ChoiceField(
        label=_("Indicator"), choices=ComputedIndicator.choices, required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, required=False)
    period_type = forms.ChoiceField(label=_("Per"), choices=PeriodType.choices, required=False)
    geo = forms.ChoiceField(label=_("Geography of the time series"), required=False)
    period = forms.CharField(label=_("Period of the bar charts"), required=False)
    public = forms.BooleanField(label=_("Public view (hide small cells)"), required=False)
    # The view of the figures the user had open (a tab), kept over "Show" and reloads.
    tab = forms.ChoiceField(
        choices=[(t, t) for t in DASHBOARD_TABS], required=False, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        runs_choices: list[tuple[int, str]],
        places: Any = None,
        raw: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run"].choices = runs_choices
        self.fields["geo"].choices = queries.geo_choices(places)
        if not raw:
            # Only those who see raw figures choose between the two views.
            del self.fields["public"]


class LinkForm(forms.Form):
    """Link a computed indicator to an initiative."""

    indicator = forms.ChoiceField(label=_("Indicator"), choices=ComputedIndicator.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    geo = forms.ChoiceField(label=_("Geography"))
    period_type = forms.ChoiceField(
        label=_("Per"), choices=PeriodType.choices, initial=PeriodType.MONTH
    )
    target = LocalDecimalField(
        label=_("Target"),
        required=False,
        max_digits=12,
        decimal_places=3,
        help_text=_("Shares in per cent (e.g. 12,5); counts as a number per period."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["geo"].choices = queries.geo_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("indicator") == ComputedIndicator.READMISSION_7D and data.get("sector") not in (
            None,
            Sector.PSYCHIATRY,
        ):
            self.add_error(
                "sector", _("Readmissions within 7 days are computed for psychiatry only.")
            )
        target = data.get("target")
        if target is not None:
            if data.get("indicator") in RATE_INDICATORS:
                if not 0 <= target <= 100:
                    self.add_error("target", _("A share's target must lie between 0 and 100 %."))
            elif target < 0:
                self.add_error("target", _("A target cannot be negative."))
        return data

    def link_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        level, _sep, code = data["geo"].partition(":")
        target = data.get("target")
        if target is not None:
            target = float(target) / 100 if data["indicator"] in RATE_INDICATORS else float(target)
        return {
            "indicator": data["indicator"],
            "sector": data["sector"],
            "geo_level": level,
            "geo_code": code,
            "geo_name": queries.geo_name(level, code) if level != "region" else "RM",
            "period_type": data["period_type"],
            "target": target,
            "direction": data["direction"],
        }


class ManualIndicatorForm(forms.Form):
    """A hand-entered indicator of an initiative."""

    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(
        label=_("Unit"), max_length=40, help_text=_("E.g. “sekunder”, “dage” or “%”.")
    )
    target = LocalDecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=3)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ManualValueForm(forms.Form):
    """One dated value of a hand-entered indicator."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    value = LocalDecimalField(label=_("Value"), max_digits=14, decimal_places=3)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date

"""Forms of the portfolio pages. They validate; the actions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from fremdrift.core.fragments import CachedSelect, PlainModelChoiceField
from fremdrift.core.models import OrgUnit
from fremdrift.core.text import grouped_number
from fremdrift.portfolio.actions import (
    AREA_REQUIRED,
    check_phase_target,
    in_other_plans,
    unify_line_breaks,
)
from fremdrift.portfolio.choices import FollowUpRole, Kind, Phase, WorkForm
from fremdrift.portfolio.models import TITLE_MAX_LENGTH, Area, Initiative, Plan

# "none" for an optional target phase, in every form that sets one
TARGET_PHASE_CHOICES = [("", _("No target phase")), *Phase.choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


MISSING_VERSION = _(
    "The form does not say which version of the initiative you started from, so a change "
    "someone else saved in the meantime could be overwritten. Open the page again and make "
    "your change there."
)


def seen_version_field() -> forms.IntegerField:
    """The hidden field that carries the initiative's version the form was read at."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def require_seen_version(form: forms.Form, data: dict[str, Any]) -> None:
    """A form that changes an initiative must carry the version it was read at; without it
    the change is refused (a hidden field's own error would not show, so it is the form's)."""
    if data.get("version") is None:
        form.add_error(None, MISSING_VERSION)


def _title_help() -> str:
    return _("At most %(limit)s characters.") % {"limit": grouped_number(TITLE_MAX_LENGTH)}


class InitiativeForm(forms.Form):
    """Create or edit an initiative: fields, areas and follow-up units."""

    # No maxlength on the text area: a browser cuts a pasted text at it without a word; the
    # form says instead how long the text is (clean_title).
    title = forms.CharField(
        label=_("Initiative"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=lazy(_title_help, str)(),
        error_messages={"required": _("An initiative needs a title.")},
    )
    theme = forms.CharField(label=_("Theme"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.IMPLEMENTATION)
    work_form = forms.ChoiceField(
        label=_("Work form"),
        choices=[("", _("No work form")), *WorkForm.choices],
        required=False,
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, initial=Phase.SCOPING)
    phase_target = forms.ChoiceField(
        label=_("Target phase"),
        choices=TARGET_PHASE_CHOICES,
        required=False,
    )
    year_task = forms.CharField(
        label=_("Task this year"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"required": AREA_REQUIRED},
    )
    lead = forms.ModelMultipleChoiceField(
        label=_("Lead (tovholder)"),
        queryset=OrgUnit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    common = forms.ModelMultipleChoiceField(
        label=_("Common follow-up"),
        queryset=OrgUnit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    local = forms.ModelMultipleChoiceField(
        label=_("Local follow-up"),
        queryset=OrgUnit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    follow_up_text = forms.CharField(
        label=_("Follow-up as written"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example “Lokalt: Randersklyngen / Fælles: Sundhedsplanlægning tovholder”."
        ),
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())
    parent = forms.ModelChoiceField(
        label=_("Parent initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("No parent initiative"),
    )
    version = seen_version_field()

    def __init__(
        self, *args: Any, plan: Plan, instance: Initiative | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance = instance
        self.fields["areas"].queryset = plan.areas.all()
        parents = Initiative.objects.filter(plan=plan, archived_at__isnull=True)
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents
        # An initiative sits in at least one area (else neither the plan page nor the decks
        # show it); one placed in another plan's area may leave the home plan's areas.
        self.fields["areas"].required = instance is None or not in_other_plans(instance)
        self.fields["parent"].label_from_instance = lambda obj: str(obj)

    def clean_title(self) -> str:
        # LF as imported titles have it (a browser sends CR LF)
        title = unify_line_breaks(self.cleaned_data["title"])
        stored = unify_line_breaks(self.instance.title.strip()) if self.instance else None
        if len(title) > TITLE_MAX_LENGTH and title != stored:
            # a title stored before the limit stays until it is changed
            raise forms.ValidationError(
                _(
                    "A title may be at most %(limit)s characters; this one is %(length)s "
                    "characters. Put the rest in the description."
                )
                % {"limit": grouped_number(TITLE_MAX_LENGTH), "length": grouped_number(len(title))}
            )
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        _check_phase_target(self, data)
        if self.instance is not None:
            require_seen_version(self, data)
        return data

    def field_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "theme": data["theme"],
            "kind": data["kind"],
            "work_form": data["work_form"],
            "phase": data["phase"],
            "phase_target": data["phase_target"],
            "year_task": data["year_task"],
            "description": data["description"],
            "follow_up_text": data["follow_up_text"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "parent_id": data["parent"].pk if data["parent"] else None,
        }

    def units(self) -> dict[str, list[OrgUnit]]:
        return {role.value: list(self.cleaned_data[role.value]) for role in FollowUpRole}


def initial_for(initiative: Initiative) -> dict[str, Any]:
    """Form values of an existing initiative."""
    links = list(initiative.unit_links.select_related("unit"))
    return {
        "title": initiative.title,
        "theme": initiative.theme,
        "kind": initiative.kind,
        "work_form": initiative.work_form,
        "phase": initiative.phase,
        "phase_target": initiative.phase_target,
        "year_task": initiative.year_task,
        "description": initiative.description,
        "follow_up_text": initiative.follow_up_text,
        "start_date": initiative.start_date,
        "end_date": initiative.end_date,
        "parent": initiative.parent_id,
        "areas": [m.area_id for m in initiative.memberships.filter(valid_to__isnull=True)],
        "lead": [link.unit_id for link in links if link.role == FollowUpRole.LEAD],
        "common": [link.unit_id for link in links if link.role == FollowUpRole.COMMON],
        "local": [link.unit_id for link in links if link.role == FollowUpRole.LOCAL],
        "version": initiative.version,
    }


class StatusForm(forms.Form):
    """Record a new status: the text, the date and the phase."""

    text = forms.CharField(
        label=_("Status"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the status.")},
    )
    status_date = forms.DateField(
        label=_("Status date"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the date of the status."),
            "invalid": _("Write the date as YYYY-MM-DD."),
        },
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    phase_target = forms.ChoiceField(
        label=_("Target phase"),
        choices=TARGET_PHASE_CHOICES,
        required=False,
    )
    version = seen_version_field()

    def clean_status_date(self) -> Any:
        value = self.cleaned_data["status_date"]
        if value and value > timezone.localdate() + timezone.timedelta(days=1):
            raise forms.ValidationError(_("The status date lies in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_phase_target(self, data)
        require_seen_version(self, data)
        return data


def _check_phase_target(form: forms.Form, data: dict[str, Any]) -> None:
    """The actions' rule for the target phase, as an error on the form's field."""
    try:
        check_phase_target(data.get("phase"), data.get("phase_target"))
    except forms.ValidationError as error:
        form.add_error(None, error)


class SectionWordingForm(forms.Form):
    """An initiative's heading and own wording in one section; blank is the initiative's own."""

    theme = forms.CharField(label=_("Heading in this section"), required=False, max_length=300)
    title = forms.CharField(
        label=_("Initiative in this section"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status_text = forms.CharField(
        label=_("Status in this section"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    follow_up_text = forms.CharField(
        label=_("Follow-up in this section"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = seen_version_field()

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        for name in ("title", "status_text", "follow_up_text"):
            self.fields[name].help_text = _("Leave blank to show the initiative's own.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        require_seen_version(self, data)
        own = {
            "theme": self.initiative.theme,
            "title": self.initiative.title,
            "status_text": self.initiative.status_text,
            "follow_up_text": self.initiative.follow_up_text,
        }
        for name, value in own.items():
            if name in data and (data[name] or "").strip() == (value or "").strip():
                data[name] = ""  # the same as the initiative's own: no wording of its own
        return data

    def wording(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in SECTION_WORDING_FORM_FIELDS}


SECTION_WORDING_FORM_FIELDS = ("theme", "title", "status_text", "follow_up_text")


def section_wording_initial(membership: Any, initiative: Initiative) -> dict[str, Any]:
    """The form's start: the section's own wording (a section status only while it still
    rewords the initiative's current status) and the initiative's version."""
    status = membership.status_text if membership.status_for == initiative.status_text else ""
    return {
        "theme": membership.theme,
        "title": membership.title,
        "status_text": status,
        "follow_up_text": membership.follow_up_text,
        "version": initiative.version,
    }


class SearchForm(forms.Form):
    """Filters of the portfolio search."""

    q = forms.CharField(label=_("Search"), required=False)
    # The lists render through the fragment cache (core/fragments.py): the same options
    # and selection give the same HTML.
    plan = PlainModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.none(),
        required=False,
        to_field_name="slug",
        widget=CachedSelect,
        empty_label=_("All plans"),
    )
    area = PlainModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        widget=CachedSelect,
        empty_label=_("All areas"),
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", _("All phases")), *Phase.choices],
        required=False,
        widget=CachedSelect,
    )
    work_form = forms.ChoiceField(
        label=_("Work form"),
        choices=[("", _("All work forms")), *WorkForm.choices],
        required=False,
        widget=CachedSelect,
    )
    unit = PlainModelChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.all(),
        required=False,
        widget=CachedSelect,
        empty_label=_("All units"),
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        choices=[("", _("Local or common")), ("local", _("Local")), ("common", _("Common"))],
        required=False,
        widget=CachedSelect,
    )
    archived = forms.BooleanField(label=_("Include archived"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        widget=CachedSelect,
        choices=[
            ("title", _("Title")),
            ("plan", _("Plan")),
            ("phase", _("Phase")),
            ("-status_date", _("Newest status")),
            ("status_date", _("Oldest status")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        areas = (
            Area.objects.filter(plan__in=plans)
            .select_related("plan")
            .order_by("plan__title__danish", "plan_id", "position", "id")
        )
        self.fields["area"].queryset = areas
        # The areas under their plan's title (a group of the list), read when the list is
        # drawn: one query, none for the results-only answer.
        empty = self.fields["area"].empty_label
        self.fields["area"].widget.choices = lambda: [("", empty), *_areas_by_plan(areas)]


def _areas_by_plan(areas: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """The areas as groups of options, one per plan, named by the plan's title."""
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for area in areas:
        groups.setdefault(area.plan_id, (area.plan.title, []))[1].append((area.pk, area.title))
    return list(groups.values())


class ArchiveForm(forms.Form):
    """Confirm that an initiative is to be archived; carries the version the page showed."""

    version = seen_version_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        require_seen_version(self, data)
        return data


class RestoreForm(forms.Form):
    """Bring an archived initiative back: the areas it is to sit in."""

    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": AREA_REQUIRED},
        help_text=_("The areas it sat in when it was archived are ticked."),
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the home plan's areas, and those of other plans it sat in
        left = archived_from(initiative).values("area_id")
        self.fields["areas"].queryset = (
            Area.objects.filter(Q(plan=initiative.plan_id) | Q(pk__in=left))
            .select_related("plan")
            .order_by("plan__title__danish", "position", "id")
        )
        self.fields["areas"].label_from_instance = lambda area: (
            area.title if area.plan_id == initiative.plan_id else f"{area.plan.title}: {area.title}"
        )


def archived_from(initiative: Initiative) -> Any:
    """The places the initiative left when it was archived."""
    if initiative.archived_at is None:
        return initiative.memberships.none()
    return initiative.memberships.filter(valid_to=initiative.archived_at)

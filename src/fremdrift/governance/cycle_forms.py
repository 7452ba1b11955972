"""Forms of the meeting cycle: prepare, attendance, group answers, action items, files,
corrections. They validate; ``governance.cycle`` writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fremdrift.core import uploads
from fremdrift.core.choices import UnitKind
from fremdrift.core.database import danish_key
from fremdrift.core.models import OrgUnit
from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.governance import cycle
from fremdrift.governance.choices import AttendanceStatus, DecisionOutcome
from fremdrift.governance.models import DiscussionQuestion
from fremdrift.portfolio.forms import DateInput
from fremdrift.portfolio.models import Initiative, Plan


class PrepareForm(forms.Form):
    """Open the update rounds for the meeting."""

    plans = forms.ModelMultipleChoiceField(
        label=_("Plans to collect status for"),
        queryset=Plan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the plans to collect status for.")},
    )
    deadline = forms.DateField(
        label=_("Deadline for the units"),
        widget=DateInput,
        error_messages={"required": _("Give the deadline."), "invalid": _("Enter a valid date.")},
    )

    def __init__(self, *args: Any, plans: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans
        self.meeting = meeting
        if not self.is_bound:
            self.initial.setdefault("plans", list(plans.values_list("pk", flat=True)))

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline >= self.meeting.date:
            raise forms.ValidationError(_("The deadline must be before the meeting."))
        return deadline


class AttendanceForm(forms.Form):
    """One status field per member of the forum, and guests as lines "Name"."""

    guests = forms.CharField(
        label=_("Others present (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, members: list[Any], current: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members = members
        choices = [("", _("Not recorded")), *AttendanceStatus.choices]
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.name + (f" ({member.role_title})" if member.role_title else ""),
                choices=choices,
                required=False,
                initial=current.get(member.name, ""),
            )
        names = {m.name for m in members}
        guests = [n for n, s in current.items() if n not in names and s == AttendanceStatus.PRESENT]
        self.fields["guests"].initial = "\n".join(guests)

    def entries(self) -> list[tuple[str, str, Any]]:
        data = self.cleaned_data
        rows = [
            (m.name, data[f"member_{m.pk}"], m) for m in self.members if data.get(f"member_{m.pk}")
        ]
        for line in (data.get("guests") or "").splitlines():
            if line.strip():
                rows.append((line.strip()[:200], AttendanceStatus.PRESENT, None))
        return rows


class GroupAnswerForm(forms.Form):
    question = forms.ModelChoiceField(
        label=_("Question"),
        queryset=DiscussionQuestion.objects.none(),
        required=False,
        empty_label=_("The item as a whole"),
    )
    group = forms.CharField(
        label=_("Group or table"),
        max_length=100,
        error_messages={"required": _("Name the group or table.")},
    )
    text = forms.CharField(
        label=_("The group's answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the group's answer.")},
    )

    def __init__(self, *args: Any, item: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = item.questions.all()


class PlenumForm(forms.Form):
    plenum_summary = forms.CharField(
        label=_("Summary in plenum"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


# The units that head a group of the owner choice, nearest first: a hospital gathers its
# departments and sections, a cluster its municipalities, the region its staff units.
_GROUP_HEADS = (UnitKind.HOSPITAL, UnitKind.CLUSTER, UnitKind.REGION)


def grouped_units(units: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """The units as option groups a hospital planner recognises: each under its hospital,
    else its cluster, else its region (the head first, then the rest in Danish alphabetical
    order); the groups region, hospitals, clusters, then the organisations outside."""
    units = list(units)
    by_pk = {unit.pk: unit for unit in units}
    groups: dict[Any, list[Any]] = {}
    for unit in units:
        line = [by_pk.get(int(pk)) for pk in unit.path.strip("/").split("/") if pk.isdigit()]
        line = [u for u in reversed(line) if u is not None] or [unit]
        head = next(
            (u for kind in _GROUP_HEADS for u in line if u.kind == kind),
            None,
        )
        groups.setdefault(head, []).append(unit)
    order = {
        kind: n for n, kind in enumerate((UnitKind.REGION, UnitKind.HOSPITAL, UnitKind.CLUSTER))
    }
    heads = sorted(
        (h for h in groups if h is not None), key=lambda h: (order[h.kind], danish_key(h.name))
    )
    result = []
    for head in heads:
        members = sorted(groups[head], key=lambda u: (u != head, danish_key(u.name)))
        result.append((head.name, [(u.pk, u.name) for u in members]))
    if None in groups:
        others = sorted(groups[None], key=lambda u: danish_key(u.name))
        result.append((str(_("Other organisations")), [(u.pk, u.name) for u in others]))
    return result


class ActionItemForm(forms.Form):
    text = forms.CharField(
        label=_("What is to be done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what is to be done.")},
    )
    item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=None,
        required=False,
        empty_label=_("The meeting as a whole"),
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Owner unit"),
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        empty_label=_("No unit"),
    )
    owner_user = forms.ModelChoiceField(
        label=_("Owner (user)"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("No user"),
    )
    owner_name = forms.CharField(label=_("Owner (name)"), max_length=200, required=False)
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput,
        required=False,
        error_messages={"invalid": _("Enter a valid date.")},
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("No initiative"),
    )

    def __init__(self, *args: Any, meeting: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["item"].queryset = meeting.items.all()
        self.fields["initiative"].queryset = initiatives.order_by("title__danish")
        owner_unit = self.fields["owner_unit"]
        owner_unit.widget.choices = [
            ("", owner_unit.empty_label),
            *grouped_units(owner_unit.queryset),
        ]
        # Users to choose from: the forum's members who have an account.
        users = get_user_model().objects.filter(
            is_active=True, forum_memberships__forum=meeting.forum
        )
        self.fields["owner_user"].queryset = users.distinct().order_by("username")

    def clean_deadline(self) -> Any:
        """A deadline before the meeting that agreed the task is a typing error."""
        deadline = self.cleaned_data["deadline"]
        if deadline is not None and deadline < self.meeting.date:
            raise forms.ValidationError(
                _("The deadline is before the meeting (%(date)s).")
                % {"date": format_date(self.meeting.date)}
            )
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("owner_unit") or data.get("owner_user") or data.get("owner_name")):
            self.add_error("owner_unit", _("Name the owner: a unit or a person."))
        return data


class AttachmentForm(forms.Form):
    """A file (bilag) for the meeting or one of its items. What is wrong with the file is
    said at the file; the title and the item stay as typed."""

    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file."),
            "missing": _("Choose a file."),
        },
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=None,
        required=False,
        empty_label=_("The meeting as a whole"),
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        limit = cycle.max_attachment_bytes()
        self.fields["file"].help_text = _("At most %(limit)s MB; not programs or scripts.") % {
            "limit": uploads.megabytes(limit)
        }
        # For the page's script (governance/file-limit.js), which says this at the field before
        # a file over the limit is sent; it fills in the chosen file's size for ``%(size)s``.
        too_large = _(
            "The file is too large: it is %(size)s MB and the limit is %(limit)s MB. "
            "Choose a smaller file."
        )
        too_large %= {"size": "%(size)s", "limit": uploads.megabytes(limit)}
        self.fields["file"].widget.attrs.update(
            {"data-max-bytes": str(limit), "data-too-large": too_large}
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        refused = cycle.refused_type(upload.name)
        if refused:
            raise forms.ValidationError(refused)
        limit = cycle.max_attachment_bytes()
        if upload.size > limit:
            raise forms.ValidationError(uploads.message(limit))
        return upload


class DecisionCorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what was decided.")},
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=300, required=False)


class MilestoneCorrectionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("A milestone needs a title.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        error_messages={
            "required": _("A milestone needs a date."),
            "invalid": _("Enter a valid date."),
        },
    )
    end_date = forms.DateField(
        label=_("End"),
        widget=DateInput,
        required=False,
        error_messages={"invalid": _("Enter a valid date.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

"""Serializers of the REST API. They validate and represent; they never save.

Writes go through ``portfolio.actions`` and ``core.actions`` in :mod:`fremdrift.api.views`,
so ``create()``/``update()`` here refuse to run.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fremdrift.core import access
from fremdrift.core.choices import UnitKind
from fremdrift.core.models import OrgUnit
from fremdrift.indicators.models import IndicatorRun, IndicatorValue
from fremdrift.portfolio.choices import FollowUpRole, Kind, Phase, WorkForm
from fremdrift.portfolio.models import TITLE_MAX_LENGTH, Area, Initiative, Plan, StatusUpdate

MAX_ID = 2**31 - 1
FOLLOW_UP_ROLES = [role.value for role in FollowUpRole]


class ReadOnlyModelSerializer(serializers.ModelSerializer):
    """A model serializer that validates but never writes: the actions do that."""

    def create(self, validated_data: dict[str, Any]) -> Any:
        raise NotImplementedError("API writes go through the actions.")

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        raise NotImplementedError("API writes go through the actions.")


def _request_user(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def _visible_areas(user: Any) -> Any:
    return Area.objects.filter(plan__in=access.visible_plans(user))


class UnitSerializer(ReadOnlyModelSerializer):
    """An organisational unit. ``parent`` is the id of the unit above it."""

    parent = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), allow_null=True, required=False
    )
    kind = serializers.ChoiceField(choices=UnitKind.choices)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "short_name", "kind", "parent", "depth"]
        read_only_fields = ["id", "depth"]


class PlanSerializer(ReadOnlyModelSerializer):
    """A plan. ``slug`` is fixed once the plan exists."""

    purpose = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=100
    )
    background = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=100
    )
    owner_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), allow_null=True, required=False
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "slug",
            "title",
            "owner",
            "owner_unit",
            "period_start",
            "period_end",
            "purpose",
            "background",
            "review_required",
            "created_at",
            "archived_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "archived_at", "url"]

    def get_url(self, plan: Plan) -> str:
        """The plan's page."""
        return plan.get_absolute_url()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "slug" in attrs and attrs["slug"] != self.instance.slug:
            raise serializers.ValidationError({"slug": _("The short name cannot be changed.")})
        start = attrs.get("period_start", getattr(self.instance, "period_start", None))
        end = attrs.get("period_end", getattr(self.instance, "period_end", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_end": _("The end date is before the start date.")}
            )
        return attrs


class AreaSerializer(ReadOnlyModelSerializer):
    """An area (spor, afsnit) of a plan, in order."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    position = serializers.IntegerField(min_value=0, max_value=MAX_ID, required=False)

    class Meta:
        model = Area
        fields = ["id", "plan", "slug", "title", "position", "description"]
        read_only_fields = ["id"]
        validators: list[Any] = []  # uniqueness of the short name is the action's to check

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        if user is not None:
            self.fields["plan"].queryset = access.visible_plans(user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for key in ("plan", "slug"):
                if key in attrs and attrs[key] not in (getattr(self.instance, key), ""):
                    raise serializers.ValidationError({key: _("This field cannot be changed.")})
        return attrs


class UnitsSerializer(serializers.Serializer):
    """An initiative's follow-up units by role, as lists of unit ids."""

    lead = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False
    )
    common = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False
    )
    local = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False
    )

    def get_attribute(self, instance: Initiative) -> Initiative:
        return instance

    def to_representation(self, instance: Initiative) -> dict[str, list[int]]:
        result: dict[str, list[int]] = {role: [] for role in FOLLOW_UP_ROLES}
        links = sorted(instance.unit_links.all(), key=lambda link: (link.role, link.position))
        for link in links:
            result[link.role].append(link.unit_id)
        return result


class AreasField(serializers.PrimaryKeyRelatedField):
    """The areas an initiative sits in now, as a list of area ids."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Area.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or (isinstance(data, int) and not 0 < data <= MAX_ID):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class CurrentAreasField(serializers.ManyRelatedField):
    """Reads the current area memberships (prefetched as ``current_memberships``)."""

    def get_attribute(self, instance: Initiative) -> list[Any]:
        memberships = getattr(instance, "current_memberships", None)
        if memberships is None:
            memberships = instance.memberships.filter(valid_to__isnull=True)
        return sorted(memberships, key=lambda m: m.area_id)

    def to_representation(self, iterable: Any) -> list[int]:
        return [m.area_id for m in iterable]


class InitiativeSerializer(ReadOnlyModelSerializer):
    """An initiative with its current areas, follow-up units and latest status.

    Updates must send the ``version`` they started from; a stale one is answered with 409.
    """

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    ref = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    work_form = serializers.ChoiceField(choices=WorkForm.choices, required=False, allow_blank=True)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    phase_target = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), allow_null=True, required=False
    )
    areas = CurrentAreasField(child_relation=AreasField(), required=False)
    units = UnitsSerializer(required=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The version the change starts from; required for updates."),
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id",
            "plan",
            "ref",
            "title",
            "theme",
            "kind",
            "work_form",
            "phase",
            "phase_target",
            "year_task",
            "description",
            "follow_up_text",
            "start_date",
            "end_date",
            "parent",
            "areas",
            "units",
            "status_text",
            "status_date",
            "version",
            "created_at",
            "updated_at",
            "archived_at",
            "url",
        ]
        validators: list[Any] = []  # uniqueness of the reference is the action's to check
        # (no maxLength: an older title over the limit may be sent back unchanged)
        extra_kwargs = {
            "title": {
                "help_text": format_lazy(
                    _(
                        "A new or changed title has at most {limit} characters; an older, "
                        "longer title may be sent back unchanged."
                    ),
                    limit=TITLE_MAX_LENGTH,
                )
            }
        }
        read_only_fields = [
            "id",
            "status_text",
            "status_date",
            "created_at",
            "updated_at",
            "archived_at",
            "url",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        if user is not None and "plan" in self.fields:
            self.fields["plan"].queryset = access.visible_plans(user)
            self.fields["areas"].child_relation.queryset = _visible_areas(user)
            self.fields["parent"].queryset = access.visible_initiatives(user)

    def get_url(self, initiative: Initiative) -> str:
        """The initiative's page."""
        return initiative.get_absolute_url()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            if "version" not in attrs:
                raise serializers.ValidationError(
                    {"version": _("Send the version you started from.")}
                )
            if "plan" in attrs and attrs["plan"] != self.instance.plan:
                raise serializers.ValidationError({"plan": _("The home plan cannot be changed.")})
            if "ref" in attrs and attrs["ref"] not in ("", self.instance.ref):
                raise serializers.ValidationError({"ref": _("The reference cannot be changed.")})
        plan = attrs.get("plan") or getattr(self.instance, "plan", None)
        if plan is not None:
            foreign = [a for a in attrs.get("areas", []) if a.plan_id != plan.pk]
            if foreign:
                raise serializers.ValidationError(
                    {"areas": _("Areas must belong to the initiative's home plan.")}
                )
        parent = attrs.get("parent")
        if parent is not None and self.instance is not None and parent.pk == self.instance.pk:
            raise serializers.ValidationError(
                {"parent": _("An initiative cannot be its own parent.")}
            )
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )
        return attrs


class StatusUpdateSerializer(ReadOnlyModelSerializer):
    """A dated status of an initiative (append-only)."""

    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    phase_target = serializers.ChoiceField(choices=Phase.choices, allow_blank=True, read_only=True)

    class Meta:
        model = StatusUpdate
        fields = [
            "id",
            "initiative",
            "status_date",
            "recorded_at",
            "text",
            "phase",
            "phase_target",
            "author_name",
            "channel",
            "note",
            "link",
        ]
        read_only_fields = fields


class StatusInputSerializer(serializers.Serializer):
    """A new status for an initiative; ``phase`` and ``phase_target`` default to the current."""

    text = serializers.CharField(max_length=20000)
    status_date = serializers.DateField(required=False)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    phase_target = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    link = serializers.CharField(max_length=300, required=False, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The initiative's version the status starts from."),
        error_messages={"required": _("Send the version you started from.")},
    )

    def validate_status_date(self, value: Any) -> Any:
        if value and value > timezone.localdate() + timezone.timedelta(days=1):
            raise serializers.ValidationError(_("The status date lies in the future."))
        return value


class NewStatusUpdateSerializer(StatusInputSerializer):
    """A new status posted to the status-updates collection: names its initiative."""

    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        if user is not None:
            self.fields["initiative"].queryset = access.visible_initiatives(user)


class ConflictSerializer(serializers.Serializer):
    """The answer to a stale version: what the initiative looks like now."""

    detail = serializers.CharField()
    current = InitiativeSerializer()


# --------------------------------------------------------------------------- indicators


class IndicatorRunSerializer(ReadOnlyModelSerializer):
    """A run: its data time, settings and when it was published (no files, no validation
    report: those are on the run's page, for indicator officers)."""

    class Meta:
        model = IndicatorRun
        fields = ["id", "status", "as_of", "params", "rows_written", "published_at"]
        read_only_fields = fields


class IndicatorValueSerializer(ReadOnlyModelSerializer):
    """One cell of a run (spec §7). ``hidden`` cells (small numbers, and those that would
    reveal them: docs/indicators.md) have no numerator, denominator, value or provisional
    count, except for indicator officers and administrators."""

    # ``get_value`` would override ``Field.get_value`` (and lend the schema its docstring)
    numerator = serializers.SerializerMethodField(
        method_name="shown_numerator",
        help_text=_(
            "The count (acute admissions, færdigbehandlingsdage) or, for a share, the index "
            "admissions followed by a readmission; null when the cell is hidden."
        ),
    )
    denominator = serializers.SerializerMethodField(
        method_name="shown_denominator",
        help_text=_(
            "For a share: the index admissions that could be judged; null for counts and "
            "when the cell is hidden."
        ),
    )
    value = serializers.SerializerMethodField(
        method_name="shown_value",
        help_text=_(
            "The figure: a count, or a share between 0 and 1 (numerator / denominator) for "
            "readmissions; null when the cell is hidden."
        ),
    )
    provisional = serializers.SerializerMethodField(
        method_name="shown_provisional",
        help_text=_(
            "For a share: the index admissions that cannot be judged yet at the data time "
            "(left out of numerator and denominator); 0 for counts; null when the cell is "
            "hidden."
        ),
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "run",
            "indicator",
            "sector",
            "period_type",
            "period",
            "geo_level",
            "geo_code",
            "geo_name",
            "numerator",
            "denominator",
            "value",
            "provisional",
            "hidden",
        ]
        read_only_fields = fields

    def _shown(self, obj: Any) -> bool:
        return not obj.hidden or bool(self.context.get("raw"))

    def shown_numerator(self, obj: Any) -> int | None:
        return obj.numerator if self._shown(obj) else None

    def shown_denominator(self, obj: Any) -> int | None:
        return obj.denominator if self._shown(obj) else None

    def shown_value(self, obj: Any) -> float | None:
        return obj.value if self._shown(obj) else None

    def shown_provisional(self, obj: Any) -> int | None:
        return obj.provisional if self._shown(obj) else None


class IndicatorsRootSerializer(serializers.Serializer):
    """Where the indicator runs and values are."""

    runs = serializers.URLField()
    values = serializers.URLField()

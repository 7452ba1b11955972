"""The REST API's endpoints. Thin, like the pages: ``core.access`` decides who may see and
change what (404 for objects a user may not see, 403 when seen but not changeable), the
serializers validate, and ``portfolio.actions`` / ``core.actions`` write and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from fremdrift.api import filters, serializers
from fremdrift.core import access
from fremdrift.core import actions as core_actions
from fremdrift.core.models import OrgUnit
from fremdrift.indicators.choices import ComputedIndicator, RunStatus
from fremdrift.portfolio import actions
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import (
    AreaMembership,
    Initiative,
    InitiativeUnit,
    Plan,
    StatusUpdate,
)

INITIATIVE_FIELD_NAMES = [f.removesuffix("_id") for f in actions.INITIATIVE_FIELDS]


def _run(write: Callable[[], Any]) -> Any:
    """Call an action; turn its validation errors into a 400 answer."""
    try:
        return write()
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        raise ValidationError(detail) from exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's answers, but Django's 404 ("No Plan matches the given query.": English, and
    naming the model) is DRF's own "Not found.", in the asker's language."""
    if isinstance(exc, Http404):
        exc = NotFound()
    return drf_exception_handler(exc, context)


class ApiViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and read; subclasses write through the actions."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Filters may join to many rows; keep each object once and in its order."""
        filtered = super().filter_queryset(queryset)
        if filtered is queryset:
            return filtered
        return self.get_queryset().filter(pk__in=filtered.values("pk"))


# --------------------------------------------------------------------------- units


@extend_schema_view(
    create=extend_schema(description="Add a unit (administrators only)."),
    partial_update=extend_schema(description="Rename or move a unit (administrators only)."),
    update=extend_schema(description="Rename or move a unit (administrators only)."),
)
class UnitViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """The organisation tree: regions, hospitals, departments, staff units, clusters …"""

    serializer_class = serializers.UnitSerializer
    filterset_class = filters.UnitFilter

    def get_queryset(self) -> QuerySet:
        units = OrgUnit.objects.select_related("parent").order_by("path", "name")
        return access.restrict(units, self.request.user)

    def _require_admin(self) -> None:
        if not access.may(self.request.user, access.Action.ADD, OrgUnit):
            raise PermissionDenied

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._require_admin()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        unit = _run(
            lambda: core_actions.create_unit(
                by=request.user,
                name=data["name"],
                kind=data["kind"],
                parent=data.get("parent"),
                short_name=data.get("short_name", ""),
            )
        )
        return Response(self.get_serializer(unit).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        access.require(request.user, access.Action.CHANGE, unit)
        partial = kwargs.get("partial", False)
        serializer = self.get_serializer(unit, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        unit = _run(
            lambda: core_actions.update_unit(unit, by=request.user, **serializer.validated_data)
        )
        return Response(self.get_serializer(unit).data)


# --------------------------------------------------------------------------- plans


class PlanViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Plans the user may read. Administrators create plans; coordinators change theirs."""

    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self) -> QuerySet:
        return access.visible_plans(self.request.user).order_by("-period_start", "title", "pk")

    @staticmethod
    def _fields(data: dict[str, Any]) -> dict[str, Any]:
        fields = dict(data)
        fields.pop("slug", None)
        fields.pop("title", None)
        if "owner_unit" in fields:
            unit = fields.pop("owner_unit")
            fields["owner_unit_id"] = unit.pk if unit else None
        return fields

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access.require(request.user, access.Action.ADD, Plan)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = _run(
            lambda: actions.create_plan(
                by=request.user, slug=data["slug"], title=data["title"], **self._fields(data)
            )
        )
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        if not access.may_coordinate(request.user, plan):
            raise PermissionDenied
        serializer = self.get_serializer(
            plan, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = self._fields(data)
        if "title" in data:
            fields["title"] = data["title"]
        plan = _run(lambda: actions.update_plan(plan, by=request.user, **fields))
        return Response(self.get_serializer(plan).data)


# --------------------------------------------------------------------------- areas


class AreaViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Areas (spor, afsnit) of the plans the user may read; their coordinators change them."""

    serializer_class = serializers.AreaSerializer
    filterset_class = filters.AreaFilter

    def get_queryset(self) -> QuerySet:
        from fremdrift.portfolio.models import Area

        areas = Area.objects.order_by("plan", "position", "id")
        return access.restrict(areas, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not access.may_coordinate(request.user, data["plan"]):
            raise PermissionDenied
        area = _run(
            lambda: actions.create_area(
                data["plan"],
                by=request.user,
                title=data["title"],
                slug=data.get("slug", ""),
                position=data.get("position"),
                description=data.get("description", ""),
            )
        )
        return Response(self.get_serializer(area).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        area = self.get_object()
        if not access.may_coordinate(request.user, area.plan):
            raise PermissionDenied
        serializer = self.get_serializer(
            area, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        fields = {
            k: v
            for k, v in serializer.validated_data.items()
            if k in ("title", "position", "description")
        }
        area = _run(lambda: actions.update_area(area, by=request.user, **fields))
        return Response(self.get_serializer(area).data)


# --------------------------------------------------------------------------- initiatives


def _conflict(request: Request, current: Initiative) -> Response:
    current = Initiative.objects.prefetch_related(*_initiative_prefetches()).get(pk=current.pk)
    body = {
        "detail": _(
            "Someone else changed the initiative in the meantime. Compare with the "
            "current version and send your change again with its version."
        ),
        "current": serializers.InitiativeSerializer(current, context={"request": request}).data,
    }
    return Response(body, status=status.HTTP_409_CONFLICT)


def _initiative_prefetches() -> list[Any]:
    return [
        Prefetch(
            "memberships",
            queryset=AreaMembership.objects.filter(valid_to__isnull=True),
            to_attr="current_memberships",
        ),
        Prefetch("unit_links", queryset=InitiativeUnit.objects.order_by("role", "position")),
    ]


CONFLICT = OpenApiResponse(serializers.ConflictSerializer, description="The version is stale.")


@extend_schema_view(
    update=extend_schema(responses={200: serializers.InitiativeSerializer, 409: CONFLICT}),
    partial_update=extend_schema(responses={200: serializers.InitiativeSerializer, 409: CONFLICT}),
)
class InitiativeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Initiatives the user may read. Coordinators create them in their plans; editors of a
    lead or local unit (or a unit above it) change them and record their status."""

    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilter

    def get_queryset(self) -> QuerySet:
        return (
            access.visible_initiatives(self.request.user)
            .select_related("plan")
            .prefetch_related(*_initiative_prefetches())
            .order_by("plan_id", "ref", "pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        if not access.may_coordinate(request.user, plan):
            raise PermissionDenied
        areas = data.pop("areas", [])
        units = data.pop("units", None)
        data.pop("version", None)
        ref = data.pop("ref", "")
        title = data.pop("title")
        initiative = _run(
            lambda: actions.create_initiative(
                plan,
                by=request.user,
                title=title,
                ref=ref,
                areas=areas,
                units=units,
                **self._changes(data),
            )
        )
        initiative = self.get_queryset().get(pk=initiative.pk)
        return Response(self.get_serializer(initiative).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _changes(data: dict[str, Any]) -> dict[str, Any]:
        changes = {k: v for k, v in data.items() if k in INITIATIVE_FIELD_NAMES}
        if "parent" in changes:
            parent = changes.pop("parent")
            changes["parent_id"] = parent.pk if parent else None
        return changes

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        initiative = self.get_object()
        if not access.may_edit(request.user, initiative):
            raise PermissionDenied
        serializer = self.get_serializer(
            initiative, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        units = data.get("units")
        if units is not None:
            current = serializers.UnitsSerializer().to_representation(initiative)
            units = {
                role.value: units.get(role.value, _units(current[role.value]))
                for role in FollowUpRole
            }
        try:
            updated = _run(
                lambda: actions.edit_initiative(
                    initiative,
                    by=request.user,
                    seen_version=data["version"],
                    changes=self._changes(data),
                    units=units,
                    areas=data.get("areas"),
                )
            )
        except actions.StaleEdit as stale:
            return _conflict(request, stale.current)
        updated = self.get_queryset().get(pk=updated.pk)
        return Response(self.get_serializer(updated).data)

    @extend_schema(
        request=serializers.StatusInputSerializer,
        responses={201: serializers.StatusUpdateSerializer, 409: CONFLICT},
        description="Record a new status of the initiative; its phase follows the status.",
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def record_status(self, request: Request, pk: str | None = None) -> Response:
        initiative = self.get_object()
        return _record_status(request, initiative, serializers.StatusInputSerializer)


def _units(ids: list[int]) -> list[OrgUnit]:
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def _record_status(request: Request, initiative: Initiative, serializer_class: type) -> Response:
    """Check the right to edit, validate and record a status through the action."""
    if not access.may_edit(request.user, initiative):
        raise PermissionDenied
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        update = _run(
            lambda: actions.record_status(
                initiative,
                by=request.user,
                seen_version=data["version"],
                text=data["text"],
                phase=data.get("phase"),
                phase_target=data.get("phase_target"),
                status_date=data.get("status_date"),
                note=data.get("note", ""),
                link=data.get("link", ""),
            )
        )
    except actions.StaleEdit as stale:
        return _conflict(request, stale.current)
    body = serializers.StatusUpdateSerializer(update, context={"request": request}).data
    return Response(body, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- status updates


@extend_schema_view(
    create=extend_schema(
        request=serializers.NewStatusUpdateSerializer,
        responses={201: serializers.StatusUpdateSerializer, 409: CONFLICT},
        description="Record a new status of the initiative named in the body.",
    )
)
class StatusUpdateViewSet(mixins.CreateModelMixin, ApiViewSet):
    """The status history of the initiatives the user may read. Append-only."""

    serializer_class = serializers.StatusUpdateSerializer
    filterset_class = filters.StatusUpdateFilter

    def get_queryset(self) -> QuerySet:
        updates = StatusUpdate.objects.order_by("-recorded_at", "-id")
        return access.restrict(updates, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = serializers.NewStatusUpdateSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        return _record_status(
            request, serializer.validated_data["initiative"], serializers.NewStatusUpdateSerializer
        )


# --------------------------------------------------------------------------- indicators


class IndicatorsRootView(APIView):
    """The computed indicators: runs and their values (docs/indicators.md)."""

    @extend_schema(responses=serializers.IndicatorsRootSerializer)
    def get(self, request: Request) -> Response:
        return Response(
            {
                "runs": reverse("api:indicator-run-list", request=request),
                "values": reverse("api:indicator-value-list", request=request),
            }
        )


class IndicatorRunViewSet(ApiViewSet):
    """Indicator runs whose figures you may read: published runs; every run for indicator
    officers and administrators."""

    serializer_class = serializers.IndicatorRunSerializer

    def get_queryset(self) -> QuerySet:
        runs = access.visible_indicator_runs(self.request.user)
        return runs.order_by("-published_at", "-created_at", "-id")


@extend_schema_view(
    list=extend_schema(
        description=(
            "Cells of one run (the latest published when no run is given), filtered by "
            "indicator, sector, period and geography. Hidden cells (numbers from 1 to 4, and "
            "those that would reveal them) have no figures, except for indicator officers "
            "and administrators; a municipality partner reads only the region and their "
            "own cluster or municipalities."
        )
    )
)
class IndicatorValueViewSet(ApiViewSet):
    """The figures of the indicator runs you may read, suppressed (docs/indicators.md)."""

    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter

    def get_queryset(self) -> QuerySet:
        # only the indicators of the schema (a run of other readmission windows, which the
        # run form now refuses, may have stored e.g. readmission_90d)
        values = access.visible_indicator_values(self.request.user).filter(
            indicator__in=ComputedIndicator.values
        )
        return values.order_by(
            "run", "indicator", "sector", "period_type", "period", "geo_level", "geo_code"
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        filtered = super().filter_queryset(queryset)
        if self.action == "list" and not self.request.query_params.get("run"):
            latest = (
                access.visible_indicator_runs(self.request.user)
                .filter(status=RunStatus.PUBLISHED)
                .order_by("-published_at", "-id")
                .values_list("pk", flat=True)
                .first()
            )
            filtered = filtered.filter(run=latest)
        return filtered

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["raw"] = access.sees_raw_indicators(self.request.user)
        return context


# --------------------------------------------------------------------------- documentation


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from the package (no CDN); its start-up script is a separate file, so the
    strict Content-Security-Policy (no inline scripts) holds on this page too."""

    template_name = "api/swagger_ui.html"

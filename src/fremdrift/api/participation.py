"""The API of participation: workshops, consultations with their inputs, long-lists and
their candidates. Same rules as the pages: ``core.access`` decides (404 for what a user may
not see, 403 for what they see but may not change), the serializers validate, and
``participation.actions`` writes and audits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fremdrift.api.serializers import MAX_ID, ReadOnlyModelSerializer, _request_user
from fremdrift.api.views import ApiViewSet, _run
from fremdrift.core import access
from fremdrift.core.access import Action
from fremdrift.core.models import OrgUnit
from fremdrift.governance.models import Forum
from fremdrift.participation import actions
from fremdrift.participation.choices import CandidateSource, CandidateStatus, InputKind
from fremdrift.participation.models import (
    Candidate,
    Consultation,
    ConsultationInput,
    ConsultationInvitation,
    LongList,
    Workshop,
)
from fremdrift.portfolio.models import Initiative, Plan


def _lines(max_items: int = 200) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=max_items
    )


# --------------------------------------------------------------------------- workshops


class ParticipantSerializer(serializers.Serializer):
    """Participants of one profession: "6 overlæger"."""

    profession = serializers.CharField(max_length=200)
    count = serializers.IntegerField(min_value=0, max_value=100000, allow_null=True, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class WorkshopSerializer(ReadOnlyModelSerializer):
    """A workshop: participants by profession, challenges, recommendations, other outputs."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    facilitators = _lines(50)
    participants = ParticipantSerializer(many=True, required=False, max_length=100)
    challenges = _lines()
    recommendations = _lines()
    outputs = _lines()
    initiatives = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), many=True, required=False
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Workshop
        fields = [
            "id",
            "plan",
            "title",
            "date",
            "place",
            "facilitators",
            "participants",
            "challenges",
            "recommendations",
            "outputs",
            "initiatives",
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        if user is not None:
            self.fields["plan"].queryset = access.visible_plans(user)
            self.fields["initiatives"].child_relation.queryset = access.visible_initiatives(user)

    def to_representation(self, workshop: Workshop) -> dict[str, Any]:
        outputs: dict[str, list[str]] = {"challenge": [], "recommendation": [], "other": []}
        for output in workshop.outputs.all():
            outputs[output.kind].append(output.text)
        return {
            "id": workshop.pk,
            "plan": workshop.plan_id,
            "title": workshop.title,
            "date": workshop.date.isoformat(),
            "place": workshop.place,
            "facilitators": list(workshop.facilitators),
            "participants": [
                {"profession": p.profession, "count": p.count, "note": p.note}
                for p in workshop.participants.all()
            ],
            "challenges": outputs["challenge"],
            "recommendations": outputs["recommendation"],
            "outputs": outputs["other"],
            "initiatives": sorted(i.pk for i in workshop.initiatives.all()),
            "created_at": serializers.DateTimeField().to_representation(workshop.created_at),
            "url": workshop.get_absolute_url(),
        }

    def get_url(self, workshop: Workshop) -> str:
        """The workshop's page."""
        return workshop.get_absolute_url()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "plan" in attrs and attrs["plan"] != self.instance.plan:
            raise serializers.ValidationError({"plan": _("The plan cannot be changed.")})
        plan = attrs.get("plan") or getattr(self.instance, "plan", None)
        linked = attrs.get("initiatives") or []
        if plan is not None and any(i.plan_id != plan.pk for i in linked):
            raise serializers.ValidationError(
                {"initiatives": _("Link initiatives of the workshop's plan.")}
            )
        return attrs


def _workshop_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k != "plan"}
    if "participants" in values:
        values["participants"] = [
            (p["profession"], p.get("count"), p.get("note", "")) for p in values["participants"]
        ]
    return values


class WorkshopViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Workshops of the plans the user may read; the plans' coordinators record and edit
    them. An update replaces the lists it names and keeps the rest."""

    serializer_class = WorkshopSerializer
    filterset_fields = ["plan"]

    def get_queryset(self) -> QuerySet:
        workshops = Workshop.objects.prefetch_related(
            "participants", "outputs", "initiatives"
        ).order_by("plan", "date", "id")
        return access.restrict(workshops, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not access.may_coordinate(request.user, data["plan"]):
            raise PermissionDenied
        workshop = _run(
            lambda: actions.create_workshop(data["plan"], by=request.user, **_workshop_values(data))
        )
        workshop = self.get_queryset().get(pk=workshop.pk)
        return Response(self.get_serializer(workshop).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        workshop = self.get_object()
        access.require(request.user, Action.CHANGE, workshop)
        serializer = self.get_serializer(
            workshop, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        current = WorkshopSerializer(workshop).to_representation(workshop)
        values = {
            "title": current["title"],
            "date": workshop.date,
            "place": current["place"],
            "facilitators": current["facilitators"],
            "participants": current["participants"],
            "challenges": current["challenges"],
            "recommendations": current["recommendations"],
            "outputs": current["outputs"],
            "initiatives": list(workshop.initiatives.all()),
        }
        values.update(serializer.validated_data)
        _run(lambda: actions.update_workshop(workshop, by=request.user, **_workshop_values(values)))
        workshop = self.get_queryset().get(pk=workshop.pk)
        return Response(self.get_serializer(workshop).data)


# --------------------------------------------------------------------------- consultations


class ConsultationInputSerializer(ReadOnlyModelSerializer):
    """One input of a consultation. Under an ``invitation`` it is from the invited forum or
    unit (the invitee's people may give it until the deadline); without one, only the
    consultation's coordinators record it, naming its ``source``."""

    invitation = serializers.PrimaryKeyRelatedField(
        queryset=ConsultationInvitation.objects.all(), allow_null=True, required=False
    )
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=InputKind.choices)
    text = serializers.CharField(max_length=20000)

    class Meta:
        model = ConsultationInput
        fields = ["id", "invitation", "source", "kind", "text", "created_at"]
        read_only_fields = ["id", "created_at"]


class InvitationSerializer(serializers.ModelSerializer):
    """A forum or unit invited to give inputs."""

    name = serializers.CharField(source="invitee_name", read_only=True)

    class Meta:
        model = ConsultationInvitation
        fields = ["id", "forum", "unit", "name"]
        read_only_fields = fields


class ConsultationSerializer(ReadOnlyModelSerializer):
    """A consultation: what is asked, by when, whom it invites, and the inputs given.

    ``forums`` and ``units`` are the ids of the invited forums and units; an update that
    names them replaces the invitations (inputs already given stay).
    """

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.all(), allow_null=True, required=False
    )
    forums = serializers.PrimaryKeyRelatedField(
        queryset=Forum.objects.all(), many=True, required=False, write_only=True
    )
    units = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False, write_only=True
    )
    invitations = InvitationSerializer(many=True, read_only=True)
    inputs = ConsultationInputSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "plan",
            "description",
            "deadline",
            "forums",
            "units",
            "invitations",
            "inputs",
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "url"]
        validators: list[Any] = []  # the action checks that the title is unique

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        if user is not None:
            self.fields["plan"].queryset = access.visible_plans(user)
            self.fields["forums"].child_relation.queryset = access.invitable_forums(user)
            self.fields["units"].child_relation.queryset = access.restrict(
                OrgUnit.objects.all(), user
            )

    def get_url(self, consultation: Consultation) -> str:
        """The consultation's page."""
        return consultation.get_absolute_url()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "plan" in attrs and attrs["plan"] != self.instance.plan:
            raise serializers.ValidationError({"plan": _("The plan cannot be changed.")})
        return attrs


class ConsultationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Consultations the user may see (those of plans they read, and those inviting their
    forums or units), with their inputs. Coordinators start and change them."""

    serializer_class = ConsultationSerializer
    filterset_fields = ["plan"]

    def get_queryset(self) -> QuerySet:
        consultations = Consultation.objects.prefetch_related(
            Prefetch(
                "invitations",
                queryset=ConsultationInvitation.objects.select_related("forum", "unit"),
            ),
            "inputs",
        ).order_by("-created_at", "id")
        return access.restrict(consultations, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access.require(request.user, Action.ADD, Consultation)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = data.get("plan")
        if plan is not None and not access.may_coordinate(request.user, plan):
            raise PermissionDenied
        if plan is None and not access.grants_for(request.user).coordinates_all_plans:
            raise serializers.ValidationError(
                {"plan": _("Choose the plan the consultation is for.")}
            )
        consultation = _run(lambda: actions.create_consultation(by=request.user, **data))
        consultation = self.get_queryset().get(pk=consultation.pk)
        return Response(self.get_serializer(consultation).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        consultation = self.get_object()
        access.require(request.user, Action.CHANGE, consultation)
        serializer = self.get_serializer(
            consultation, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("plan", None)
        invitations = list(consultation.invitations.all())
        values = {
            "title": consultation.title,
            "description": consultation.description,
            "deadline": consultation.deadline,
            "forums": [i.forum for i in invitations if i.forum_id],
            "units": [i.unit for i in invitations if i.unit_id],
        }
        values.update(data)
        _run(lambda: actions.update_consultation(consultation, by=request.user, **values))
        consultation = self.get_queryset().get(pk=consultation.pk)
        return Response(self.get_serializer(consultation).data)

    @extend_schema(
        request=ConsultationInputSerializer,
        responses={201: ConsultationInputSerializer},
        description=(
            "Give an input. Under an invitation: the invited forum's secretaries and members or "
            "the invited unit's editors, until the deadline (coordinators also after it). "
            "Without one: the consultation's coordinators, naming the source."
        ),
    )
    @action(detail=True, methods=["post"], url_path="inputs", url_name="inputs")
    def give_input(self, request: Request, pk: str | None = None) -> Response:
        consultation = self.get_object()
        serializer = ConsultationInputSerializer(data=request.data, context={"request": request})
        serializer.fields["invitation"].queryset = consultation.invitations.all()
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invitation = data.get("invitation")
        coordinates = access.may(request.user, Action.CHANGE, consultation)
        if invitation is not None:
            access.require(request.user, Action.CHANGE, invitation)
        elif not coordinates:
            raise PermissionDenied
        entry = _run(
            lambda: actions.add_consultation_input(
                consultation,
                by=request.user,
                source=data.get("source", ""),
                kind=data["kind"],
                text=data["text"],
                invitation=invitation,
                late_allowed=coordinates,
            )
        )
        return Response(ConsultationInputSerializer(entry).data, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- long-lists


class CandidateSerializer(ReadOnlyModelSerializer):
    """A possible initiative on a long-list, scored on the list's two axes.

    A new candidate may name the ``consultation_input`` it came from. An update changes
    only the scores (``null`` clears one) and the status (open, selected, rejected).
    """

    long_list = serializers.PrimaryKeyRelatedField(queryset=LongList.objects.all())
    source = serializers.ChoiceField(choices=CandidateSource.choices, read_only=True)
    consultation_input = serializers.PrimaryKeyRelatedField(
        queryset=ConsultationInput.objects.all(), allow_null=True, required=False
    )
    x_score = serializers.IntegerField(
        min_value=-MAX_ID, max_value=MAX_ID, allow_null=True, required=False
    )
    y_score = serializers.IntegerField(
        min_value=-MAX_ID, max_value=MAX_ID, allow_null=True, required=False
    )
    status = serializers.ChoiceField(
        choices=[
            (CandidateStatus.OPEN, CandidateStatus.OPEN.label),
            (CandidateStatus.SELECTED, CandidateStatus.SELECTED.label),
            (CandidateStatus.REJECTED, CandidateStatus.REJECTED.label),
            (CandidateStatus.PROMOTED, CandidateStatus.PROMOTED.label),
        ],
        required=False,
    )

    class Meta:
        model = Candidate
        fields = [
            "id",
            "long_list",
            "title",
            "description",
            "source",
            "source_text",
            "consultation_input",
            "workshop_output",
            "x_score",
            "y_score",
            "status",
            "promoted_to",
            "created_at",
        ]
        read_only_fields = ["id", "source", "workshop_output", "promoted_to", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        if user is not None:
            self.fields["long_list"].queryset = access.restrict(LongList.objects.all(), user)
            self.fields["consultation_input"].queryset = access.restrict(
                ConsultationInput.objects.all(), user
            )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for key in ("long_list", "title", "description", "source_text", "consultation_input"):
                if key in attrs and attrs[key] != getattr(self.instance, key):
                    raise serializers.ValidationError({key: _("This field cannot be changed.")})
        elif attrs.get("status", CandidateStatus.OPEN) != CandidateStatus.OPEN:
            raise serializers.ValidationError({"status": _("A new candidate is open.")})
        return attrs


class LongListSerializer(ReadOnlyModelSerializer):
    """A long-list of a plan with its two scoring axes, their scale and its candidates."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    x_label = serializers.CharField(max_length=100, required=False, allow_blank=True)
    y_label = serializers.CharField(max_length=100, required=False, allow_blank=True)
    scale_min = serializers.IntegerField(min_value=-1000, max_value=1000, required=False)
    scale_max = serializers.IntegerField(min_value=-1000, max_value=1000, required=False)
    candidates = CandidateSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = LongList
        fields = [
            "id",
            "plan",
            "title",
            "x_label",
            "y_label",
            "scale_min",
            "scale_max",
            "candidates",
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "url"]
        validators: list[Any] = []  # the action checks that the title is unique in the plan

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        if user is not None:
            self.fields["plan"].queryset = access.visible_plans(user)

    def get_url(self, long_list: LongList) -> str:
        """The long-list's page."""
        return long_list.get_absolute_url()


class LongListViewSet(mixins.CreateModelMixin, ApiViewSet):
    """Long-lists of the plans the user may read, with their candidates; the plans'
    coordinators start them."""

    serializer_class = LongListSerializer
    filterset_fields = ["plan"]

    def get_queryset(self) -> QuerySet:
        lists = LongList.objects.prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.order_by("id"))
        ).order_by("plan", "-created_at", "id")
        return access.restrict(lists, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        if not access.may_coordinate(request.user, plan):
            raise PermissionDenied
        long_list = _run(lambda: actions.create_long_list(plan, by=request.user, **data))
        long_list = self.get_queryset().get(pk=long_list.pk)
        return Response(self.get_serializer(long_list).data, status=status.HTTP_201_CREATED)


class CandidateViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Candidates of the long-lists the user may read. The plans' coordinators add them
    (also from a consultation input), score them and select or leave them out."""

    serializer_class = CandidateSerializer
    filterset_fields = ["long_list", "status"]

    def get_queryset(self) -> QuerySet:
        candidates = Candidate.objects.order_by("long_list", "id")
        return access.restrict(candidates, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        long_list = data["long_list"]
        access.require(request.user, Action.CHANGE, long_list)
        with transaction.atomic():  # the candidate with its scores, or nothing
            candidate = _run(
                lambda: actions.add_candidate(
                    long_list,
                    by=request.user,
                    title=data["title"],
                    description=data.get("description", ""),
                    source_text=data.get("source_text", ""),
                    consultation_input=data.get("consultation_input"),
                )
            )
            if "x_score" in data or "y_score" in data:
                candidate = _run(
                    lambda: actions.score_candidate(
                        candidate,
                        by=request.user,
                        x_score=data.get("x_score"),
                        y_score=data.get("y_score"),
                    )
                )
        return Response(self.get_serializer(candidate).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidate = self.get_object()
        access.require(request.user, Action.CHANGE, candidate)
        serializer = self.get_serializer(
            candidate, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():  # scores and status together, or neither
            if "x_score" in data or "y_score" in data:
                _run(
                    lambda: actions.score_candidate(
                        candidate,
                        by=request.user,
                        x_score=data.get("x_score", candidate.x_score),
                        y_score=data.get("y_score", candidate.y_score),
                    )
                )
            if "status" in data and data["status"] != candidate.status:
                _run(
                    lambda: actions.set_candidate_status(
                        candidate, by=request.user, status=data["status"]
                    )
                )
        candidate = self.get_queryset().get(pk=candidate.pk)
        return Response(self.get_serializer(candidate).data)

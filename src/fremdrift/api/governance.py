"""The API of the meeting cycle: forums, meetings (with agenda items, questions, group
answers and attendance), decisions, action items, and update rounds (with their requests
and answers).

Thin like the rest of the API: ``core.access`` decides (404 for what a user may not see,
403 when seen but not changeable), the serializers validate, and ``governance.actions``,
``governance.cycle`` and ``followup.actions`` write and audit. Related objects a user may
not see are "invalid" (400), never revealed.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fremdrift.api.serializers import MAX_ID, ReadOnlyModelSerializer
from fremdrift.api.views import CONFLICT, ApiViewSet, _conflict, _run
from fremdrift.core import access
from fremdrift.core.access import Action
from fremdrift.core.models import OrgUnit
from fremdrift.followup import actions as followup_actions
from fremdrift.followup.choices import AnswerKind
from fremdrift.followup.models import UpdateAnswer, UpdateRequest, UpdateRound
from fremdrift.governance import actions, cycle
from fremdrift.governance.choices import AgendaKind, AttendanceStatus, DecisionOutcome
from fremdrift.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    DiscussionQuestion,
    Forum,
    GroupAnswer,
    Meeting,
)
from fremdrift.portfolio.actions import StaleEdit
from fremdrift.portfolio.choices import Phase, WorkForm
from fremdrift.portfolio.models import Initiative, Plan


def _user(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class _Visible(serializers.PrimaryKeyRelatedField):
    """A related object by id, chosen among those the requesting user may ``action``."""

    def __init__(self, model: Any, action: str = Action.VIEW, **kwargs: Any) -> None:
        self.model, self.action = model, action
        if not kwargs.get("read_only"):
            kwargs["queryset"] = model.objects.all()  # the schema reads the model from it
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        user = getattr(self.context.get("request"), "user", None)
        return access.restrict(self.model.objects.all(), user, self.action)


# --------------------------------------------------------------------------- forums


class ForumSerializer(ReadOnlyModelSerializer):
    """A forum (HL, AL, HMU …) and the plans it serves."""

    plans = _Visible(Plan, many=True, required=False)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Forum
        fields = ["id", "short_name", "name", "unit", "description", "plans", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list[Any] = []

    def to_representation(self, forum: Forum) -> dict[str, Any]:
        data = super().to_representation(forum)
        visible = set(access.visible_plans(_user(self)).values_list("pk", flat=True))
        data["plans"] = [pk for pk in data["plans"] if pk in visible]
        return data


class ForumViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Forums the user may see. Coordinators create forums for their plans; the plans'
    coordinators and the forum's secretaries change them."""

    serializer_class = ForumSerializer

    def get_queryset(self) -> QuerySet:
        forums = Forum.objects.prefetch_related("plans").order_by("short_name", "pk")
        return access.restrict(forums, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access.require(request.user, Action.ADD, Forum)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plans = list(data.pop("plans", []))
        if any(not access.may_coordinate(request.user, p) for p in plans):
            raise PermissionDenied
        forum = _run(lambda: actions.create_forum(by=request.user, plans=plans, **data))
        return Response(self.get_serializer(forum).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        forum = self.get_object()
        access.require(request.user, Action.CHANGE, forum)
        serializer = self.get_serializer(
            forum, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("short_name", None)
        plans = data.pop("plans", None)
        if plans is not None:
            if any(not access.may_coordinate(request.user, p) for p in plans):
                raise PermissionDenied
            # Plans the user does not coordinate stay as they are.
            kept = [p for p in forum.plans.all() if not access.may_coordinate(request.user, p)]
            plans = kept + [p for p in plans if p not in kept]
        forum = _run(lambda: actions.update_forum(forum, by=request.user, plans=plans, **data))
        return Response(self.get_serializer(forum).data)


# --------------------------------------------------------------------------- meetings


class QuestionSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = DiscussionQuestion
        fields = ["id", "position", "text", "minutes"]


class GroupAnswerSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = GroupAnswer
        fields = ["id", "question", "group", "text", "recorded_at", "recorded_by_name"]


class AgendaItemSerializer(ReadOnlyModelSerializer):
    """An agenda item with its questions, the groups' answers and the plenum summary."""

    questions = QuestionSerializer(many=True, read_only=True)
    group_answers = GroupAnswerSerializer(many=True, read_only=True)
    initiatives = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "number",
            "title",
            "kind",
            "presenter",
            "duration_minutes",
            "description",
            "discussion_minutes",
            "minutes",
            "plenum_summary",
            "initiatives",
            "questions",
            "group_answers",
        ]

    def get_initiatives(self, item: AgendaItem) -> list[int]:
        """The linked initiatives the user may see."""
        visible = self.context.setdefault(
            "_visible_initiatives",
            set(access.visible_initiatives(_user(self)).values_list("pk", flat=True)),
        )
        return [i.pk for i in item.initiatives.all() if i.pk in visible]


class AttendanceSerializer(ReadOnlyModelSerializer):
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)

    class Meta:
        model = Attendance
        fields = ["name", "status", "member"]
        extra_kwargs = {"member": {"read_only": True}}


class MeetingSerializer(ReadOnlyModelSerializer):
    """A meeting of a forum, its agenda and attendance, and the approval of its minutes."""

    forum = _Visible(Forum)
    items = AgendaItemSerializer(many=True, read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "forum",
            "title",
            "date",
            "end_date",
            "start_time",
            "end_time",
            "place",
            "minutes_approved_at",
            "minutes_approved_by_name",
            "items",
            "attendance",
        ]
        read_only_fields = ["id", "minutes_approved_at", "minutes_approved_by_name"]

    def validate_forum(self, forum: Forum) -> Forum:
        if self.instance is not None and forum.pk != self.instance.forum_id:
            raise serializers.ValidationError("A meeting stays with its forum.")
        return forum


class NewAgendaItemSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=AgendaKind.choices)
    presenter = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    initiatives = _Visible(Initiative, many=True, required=False)
    questions = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=50
    )


class AttendanceInputSerializer(serializers.Serializer):
    attendance = AttendanceSerializer(many=True)


class GroupAnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    question = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    group = serializers.CharField(max_length=100)
    text = serializers.CharField(max_length=20000)


class PrepareInputSerializer(serializers.Serializer):
    plans = _Visible(Plan, many=True)
    deadline = serializers.DateField()


def _meeting_queryset() -> QuerySet:
    return Meeting.objects.select_related("forum").prefetch_related(
        "attendance",
        Prefetch(
            "items",
            queryset=AgendaItem.objects.prefetch_related(
                "questions", "group_answers", "initiatives"
            ),
        ),
    )


@extend_schema_view(
    create=extend_schema(description="Schedule a meeting of a forum the user may change."),
)
class MeetingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Meetings of the forums the user may see, with agenda, questions, group answers."""

    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet:
        qs = _meeting_queryset().order_by("date", "pk")
        return access.restrict(qs, self.request.user)

    def _changeable(self) -> Meeting:
        meeting = self.get_object()
        access.require(self.request.user, Action.CHANGE, meeting)
        return meeting

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        forum = data.pop("forum")
        access.require(request.user, Action.CHANGE, forum)
        meeting = _run(lambda: actions.create_meeting(forum, by=request.user, **data))
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self._changeable()
        serializer = self.get_serializer(
            meeting, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("forum", None)
        _run(lambda: actions.update_meeting(meeting, by=request.user, **data))
        return Response(self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data)

    def _answer(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(fresh, context=self.get_serializer_context()).data, code)

    @extend_schema(request=NewAgendaItemSerializer, responses={201: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="items", url_name="items")
    def add_item(self, request: Request, pk: str | None = None) -> Response:
        """Add an agenda item (with its questions for group discussion)."""
        meeting = self._changeable()
        serializer = NewAgendaItemSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        _run(lambda: actions.add_agenda_item(meeting, by=request.user, **data))
        return self._answer(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceInputSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="attendance", url_name="attendance")
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        """Replace the meeting's attendance list."""
        meeting = self._changeable()
        serializer = AttendanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        members = {m.name: m for m in meeting.forum.members.all()}
        entries = [
            (row["name"], row["status"], members.get(row["name"]))
            for row in serializer.validated_data["attendance"]
        ]
        _run(lambda: cycle.set_attendance(meeting, by=request.user, entries=entries))
        return self._answer(meeting)

    @extend_schema(request=GroupAnswerInputSerializer, responses={201: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="group-answers", url_name="group-answers")
    def group_answer(self, request: Request, pk: str | None = None) -> Response:
        """Record a group's (or table's) answer to a question of one of the items."""
        meeting = self._changeable()
        serializer = GroupAnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = meeting.items.filter(pk=data["item"]).first()
        if item is None:
            raise serializers.ValidationError({"item": "Not an agenda item of this meeting."})
        question = None
        if data.get("question"):
            question = item.questions.filter(pk=data["question"]).first()
            if question is None:
                raise serializers.ValidationError({"question": "Not a question of the item."})
        _run(
            lambda: cycle.record_group_answer(
                item, by=request.user, group=data["group"], text=data["text"], question=question
            )
        )
        return self._answer(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=PrepareInputSerializer, responses={201: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="prepare", url_name="prepare")
    def prepare(self, request: Request, pk: str | None = None) -> Response:
        """Open an update round for the meeting in each plan (coordinators of the plans);
        the rounds are listed under ``/rounds/?meeting=ID``."""
        meeting = self._changeable()
        serializer = PrepareInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        plans = list(serializer.validated_data["plans"])
        if any(not access.may_coordinate(request.user, p) for p in plans):
            raise PermissionDenied
        _run(
            lambda: cycle.prepare_meeting(
                meeting,
                by=request.user,
                plans=plans,
                deadline=serializer.validated_data["deadline"],
            )
        )
        return self._answer(meeting, status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- decisions


class DecisionSerializer(ReadOnlyModelSerializer):
    """A decision on an agenda item; ``supersedes`` is the decision it corrects."""

    item = _Visible(AgendaItem)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    work_form = serializers.ChoiceField(choices=WorkForm.choices, required=False, allow_blank=True)
    initiatives = _Visible(Initiative, many=True, required=False)
    meeting = serializers.IntegerField(source="item.meeting_id", read_only=True)
    superseded_by = serializers.SerializerMethodField()
    versions = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_ID),
        write_only=True,
        required=False,
        help_text="The initiatives' versions as read: {initiative id: version}.",
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "item",
            "text",
            "outcome",
            "phase",
            "work_form",
            "applied",
            "initiatives",
            "recorded_at",
            "recorded_by_name",
            "supersedes",
            "superseded_by",
            "versions",
        ]
        read_only_fields = ["id", "applied", "recorded_at", "recorded_by_name", "supersedes"]

    def validate_versions(self, value: dict[str, int]) -> dict[int, int]:
        if not all(str(key).isdigit() and len(str(key)) < 10 for key in value):
            raise serializers.ValidationError("Give the versions as {initiative id: version}.")
        return {int(key): version for key, version in value.items()}

    def get_superseded_by(self, decision: Decision) -> int | None:
        """The decision that corrects this one, if any."""
        correction = getattr(decision, "superseded_by", None)
        return correction.pk if correction is not None else None

    def to_representation(self, decision: Decision) -> dict[str, Any]:
        data = super().to_representation(decision)
        visible = self.context.setdefault(
            "_visible_initiatives",
            set(access.visible_initiatives(_user(self)).values_list("pk", flat=True)),
        )
        data["initiatives"] = [pk for pk in data["initiatives"] if pk in visible]
        return data


class CorrectionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class DecisionFilter(django_filters.FilterSet):
    """The list holds every decision, corrected ones too; ``current`` narrows it."""

    current = django_filters.BooleanFilter(
        field_name="superseded_by",
        lookup_expr="isnull",
        label=gettext_lazy("Current decisions"),
        help_text=(
            "true: only decisions in force (not corrected by a later decision), as the "
            "decision log shows them; false: only the corrected ones. Without it, all."
        ),
    )

    class Meta:
        model = Decision
        fields = ["current"]


@extend_schema_view(
    create=extend_schema(
        responses={201: DecisionSerializer, 409: CONFLICT},
        description=(
            "Record a decision on an agenda item of a forum the user may change. A new phase "
            "or work form moves the initiatives (send their versions as read)."
        ),
    )
)
class DecisionViewSet(mixins.CreateModelMixin, ApiViewSet):
    """Decisions of the forums the user may see. Corrected by a new record, never changed."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self) -> QuerySet:
        qs = Decision.objects.select_related("item", "superseded_by").prefetch_related(
            "initiatives"
        )
        return access.restrict(qs.order_by("-recorded_at", "-pk"), self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = data["item"]
        access.require(request.user, Action.CHANGE, item)
        targets = list(data.get("initiatives") or item.initiatives.all())
        phase, work_form = data.get("phase", ""), data.get("work_form", "")
        if phase or work_form:
            allowed = access.decidable_initiatives(request.user, item.meeting.forum)
            if allowed.filter(pk__in=[i.pk for i in targets]).count() != len(targets):
                raise PermissionDenied
        versions = data.get("versions")
        try:
            decision = _run(
                lambda: actions.record_decision(
                    item,
                    by=request.user,
                    text=data["text"],
                    outcome=data["outcome"],
                    initiatives=targets,
                    phase=phase,
                    work_form=work_form,
                    seen_versions=versions,
                )
            )
        except actions.StaleDecision as stale:
            return _conflict(request, stale.changed[0])
        decision = self.get_queryset().get(pk=decision.pk)
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CorrectionSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"], url_path="correct", url_name="correct")
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Correct the decision by a new record that supersedes it."""
        decision = self.get_object()
        access.require(request.user, Action.CHANGE, decision)
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = _run(
            lambda: cycle.correct_decision(decision, by=request.user, **serializer.validated_data)
        )
        correction = self.get_queryset().get(pk=correction.pk)
        return Response(self.get_serializer(correction).data, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- action items


class ActionItemSerializer(ReadOnlyModelSerializer):
    """A task agreed at a meeting; ``done`` marks it done (or open again)."""

    meeting = _Visible(Meeting)
    item = _Visible(AgendaItem, required=False, allow_null=True)
    owner_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    initiative = _Visible(Initiative, required=False, allow_null=True)
    done = serializers.BooleanField(required=False)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "item",
            "text",
            "owner_unit",
            "owner_user",
            "owner_name",
            "deadline",
            "initiative",
            "illustrative",
            "created_at",
            "done",
            "done_at",
            "done_by_name",
        ]
        read_only_fields = ["id", "owner_user", "illustrative", "created_at", "done_at"]
        extra_kwargs = {"done_by_name": {"read_only": True}}

    def to_representation(self, item: ActionItem) -> dict[str, Any]:
        data = super().to_representation(item)
        data["done"] = item.done_at is not None
        if item.initiative_id and not access.may(_user(self), Action.VIEW, item.initiative):
            data["initiative"] = None
        return data


class ActionItemViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ApiViewSet):
    """Action items of the forums the user may see, and those the user owns."""

    serializer_class = ActionItemSerializer

    def get_queryset(self) -> QuerySet:
        qs = ActionItem.objects.select_related("initiative").order_by("done_at", "deadline", "pk")
        return access.restrict(qs, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("done", None)
        meeting = data.pop("meeting")
        access.require(request.user, Action.CHANGE, meeting)
        created = _run(lambda: cycle.add_action_item(meeting, by=request.user, **data))
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Mark done or open again (the owners and the forum); only ``done`` changes."""
        item = self.get_object()
        access.require(request.user, Action.CHANGE, item)
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "done" in serializer.validated_data:
            item = cycle.complete_action_item(
                item, by=request.user, done=serializer.validated_data["done"]
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


# --------------------------------------------------------------------------- rounds


class AnswerSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = UpdateAnswer
        fields = [
            "id",
            "kind",
            "text",
            "phase",
            "phase_target",
            "status_date",
            "state",
            "submitted_at",
            "review_comment",
        ]


class RequestSerializer(ReadOnlyModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = UpdateRequest
        fields = ["id", "initiative", "unit", "state", "answered_at", "answers"]


class RoundSerializer(ReadOnlyModelSerializer):
    """An update round. ``requests`` are those the user may answer, or all of them for the
    plan's coordinators."""

    plan = _Visible(Plan)
    meeting = _Visible(Meeting, required=False, allow_null=True)
    requests = serializers.SerializerMethodField()

    class Meta:
        model = UpdateRound
        fields = [
            "id",
            "plan",
            "title",
            "occasion",
            "meeting",
            "deadline",
            "reminder_days",
            "opened_at",
            "closed_at",
            "requests",
        ]
        read_only_fields = ["id", "opened_at", "closed_at", "requests"]

    @extend_schema_field(RequestSerializer(many=True))
    def get_requests(self, update_round: UpdateRound) -> list[dict[str, Any]]:
        user = _user(self)
        requests = list(update_round.requests.all())
        if not access.may(user, Action.CHANGE, update_round):
            allowed = set(
                access.restrict(
                    UpdateRequest.objects.filter(round=update_round), user, Action.CHANGE
                ).values_list("pk", flat=True)
            )
            requests = [r for r in requests if r.pk in allowed]
        return RequestSerializer(requests, many=True).data


class AnswerInputSerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=AnswerKind.choices)
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    phase_target = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    status_date = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(min_value=0, max_value=MAX_ID, required=False)


def _rounds() -> QuerySet:
    requests = UpdateRequest.objects.prefetch_related("answers").order_by("initiative", "pk")
    return UpdateRound.objects.prefetch_related(Prefetch("requests", queryset=requests))


class RoundViewSet(mixins.CreateModelMixin, ApiViewSet):
    """Update rounds of the plans the user may see, with requests and answers. The plan's
    coordinators open and close rounds; the units' editors answer their requests."""

    serializer_class = RoundSerializer

    def get_queryset(self) -> QuerySet:
        qs = _rounds().order_by("-opened_at", "-pk")
        meeting = self.request.query_params.get("meeting", "") if self.request else ""
        if meeting.isdigit() and len(meeting) < 10:
            qs = qs.filter(meeting=int(meeting))
        return access.restrict(qs, self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        if not access.may_coordinate(request.user, plan):
            raise PermissionDenied
        meeting = data.get("meeting")
        if meeting is not None and not meeting.forum.plans.filter(pk=plan.pk).exists():
            raise serializers.ValidationError(
                {"meeting": "The meeting's forum does not serve the plan."}
            )
        opened = _run(lambda: followup_actions.open_round(plan, by=request.user, **data))
        body = self.get_serializer(self.get_queryset().get(pk=opened.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RoundSerializer})
    @action(detail=True, methods=["post"], url_path="close", url_name="close")
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the round (its coordinators)."""
        update_round = self.get_object()
        access.require(request.user, Action.CHANGE, update_round)
        followup_actions.close_round(update_round, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=update_round.pk)).data)

    @extend_schema(request=AnswerInputSerializer, responses={201: RoundSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="answers", url_name="answers")
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Answer one of the round's requests: a new status or "unchanged"."""
        update_round = self.get_object()
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        requests = UpdateRequest.objects.filter(round=update_round)
        target = access.restrict(requests, request.user).filter(pk=data["request"]).first()
        if target is None:
            raise serializers.ValidationError({"request": "Not a request of this round."})
        access.require(request.user, Action.CHANGE, target)
        if not update_round.is_open or not target.is_owed:
            raise serializers.ValidationError(
                {"request": "This request is not waiting for an answer."}
            )
        try:
            _run(
                lambda: followup_actions.submit_answer(
                    target,
                    by=request.user,
                    kind=data["kind"],
                    text=data.get("text", ""),
                    phase=data.get("phase") or None,
                    phase_target=data.get("phase_target"),
                    status_date=data.get("status_date"),
                    seen_version=data.get("version"),
                )
            )
        except StaleEdit as stale:
            return _conflict(request, stale.current)
        body = self.get_serializer(self.get_queryset().get(pk=update_round.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

"""The rules: for every kind of object, who may view and who may change it.

Read with docs/security.md ("Who may do what"). Each rule turns a user's grants and an
action into a ``Q`` over its model (or True/False). Rules of owned objects defer to their
owner with :func:`via`, so a plan's rights reach its areas, rounds, workshops and reports,
and a forum's rights reach its meetings, agenda items and decisions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast

from fremdrift.core.access.grants import Grants
from fremdrift.core.access.policy import (
    AUDITED,
    RULES,
    Action,
    Verdict,
    either,
    kind_rule,
    rule,
    subquery,
    via,
)
from fremdrift.core.choices import UnitKind
from fremdrift.followup.models import UpdateRequest
from fremdrift.governance.models import Forum
from fremdrift.indicators.choices import GeoLevel, RunStatus
from fremdrift.participation.models import Consultation
from fremdrift.portfolio.models import Initiative, Plan

VIEW, CHANGE, ADD, VIEW_RAW = Action.VIEW, Action.CHANGE, Action.ADD, Action.VIEW_RAW


def _ids(values: set[int]) -> Q:
    return Q(pk__in=sorted(values))


# --------------------------------------------------------------------------- plans


@rule("portfolio.plan")
def plan_rule(g: Grants, action: str) -> Verdict:
    """Readers, coordinators, forum roles of forums serving the plan, and editors of units
    taking part in one of its initiatives see a plan; its coordinators change it."""
    if action == VIEW:
        if g.sees_all_plans:
            return True
        if not g.is_anyone:
            return False
        found: Verdict = False
        if g.read_plan_ids or g.coordinate_plan_ids:
            found = _ids(g.read_plan_ids | g.coordinate_plan_ids)
        if g.forum_ids:
            found = either(found, Q(forums__in=sorted(g.forum_ids)))
        if g.editor_unit_ids:
            units = sorted(g.editor_unit_ids)
            found = either(
                found,
                Q(home_initiatives__unit_links__unit__in=units),
                Q(
                    areas__memberships__valid_to__isnull=True,
                    areas__memberships__initiative__unit_links__unit__in=units,
                ),
            )
        return found
    if action == CHANGE:
        if g.coordinates_all_plans:
            return True
        return _ids(g.coordinate_plan_ids) if g.coordinate_plan_ids else False
    return False


@kind_rule("portfolio.plan", VIEW)
def may_open_plans(g: Grants) -> bool:
    """The plan list and the search (and their menu items) are for everyone but a
    municipality partner, who sees no plans (without any role they open empty)."""
    return not g.only_partner


@kind_rule("portfolio.plan", ADD)
def may_create_plans(g: Grants) -> bool:
    return g.coordinates_all_plans


@rule("portfolio.area")
def area_rule(g: Grants, action: str) -> Verdict:
    return via("plan", Plan, g, action)


# --------------------------------------------------------------------------- initiatives


def _in_plans(plans: Verdict, prefix: str = "") -> Verdict:
    """Initiatives whose home plan is in ``plans`` or that sit in an area of one of them."""
    if isinstance(plans, bool):
        return plans
    return Q(**{f"{prefix}plan__in": plans}) | Q(
        **{
            f"{prefix}memberships__valid_to__isnull": True,
            f"{prefix}memberships__area__plan__in": plans,
        }
    )


def coordinated_initiatives(g: Grants) -> Verdict:
    """Initiatives of the plans the user coordinates (home plan or a current area)."""
    if g.coordinates_all_plans:
        return True
    if not g.coordinate_plan_ids:
        return False
    return _in_plans(sorted(g.coordinate_plan_ids))


@rule("portfolio.initiative")
def initiative_rule(g: Grants, action: str) -> Verdict:
    """Initiatives of visible plans are visible; the plans' coordinators and the editors of
    the initiative's units (lead, common or local) change them and record their status."""
    if action == VIEW:
        return _in_plans(subquery(Plan, g, VIEW))
    if action == CHANGE:
        editors: Verdict = False
        if g.editor_unit_ids:
            editors = Q(unit_links__unit__in=sorted(g.editor_unit_ids))
        return either(coordinated_initiatives(g), editors)
    return False


@rule("portfolio.statusupdate")
def status_rule(g: Grants, action: str) -> Verdict:
    """Status updates are append-only: visible with their initiative, never changed."""
    return via("initiative", Initiative, g, VIEW) if action == VIEW else False


@rule("portfolio.initiativeversion", audited=False)
def version_rule(g: Grants, action: str) -> Verdict:
    return via("initiative", Initiative, g, VIEW) if action == VIEW else False


@rule("portfolio.areamembership", audited=False)
def membership_rule(g: Grants, action: str) -> Verdict:
    return via("initiative", Initiative, g, VIEW) if action == VIEW else False


@rule("portfolio.initiativeunit", audited=False)
def unit_link_rule(g: Grants, action: str) -> Verdict:
    """An initiative's link to a unit. *Change* means recording that unit's local status and
    readiness: the unit's editors and the initiative's coordinators."""
    if action == VIEW:
        return via("initiative", Initiative, g, VIEW)
    if action == CHANGE:
        editors: Verdict = False
        if g.editor_unit_ids:
            editors = Q(unit__in=sorted(g.editor_unit_ids))
        coordinated = coordinated_initiatives(g)
        if not isinstance(coordinated, bool):
            coordinated = Q(initiative__in=Initiative.objects.filter(coordinated).values("pk"))
        return either(coordinated, editors)
    return False


# --------------------------------------------------------------------------- governance


@rule("governance.forum")
def forum_rule(g: Grants, action: str) -> Verdict:
    """A forum belongs to the plans it serves. Whoever sees one of them, and the forum's
    secretaries and members, see the forum; the plans' coordinators and the forum's
    secretaries change it (members, meetings, agendas, minutes, decisions)."""
    if action == VIEW:
        if g.sees_all_plans:
            return True
        plans = subquery(Plan, g, VIEW)
        return either(
            _ids(g.forum_ids) if g.forum_ids else False,
            Q(plans__in=plans) if not isinstance(plans, bool) else plans,
        )
    if action == CHANGE:
        if g.coordinates_all_plans:
            return True
        return either(
            _ids(g.secretary_forum_ids) if g.secretary_forum_ids else False,
            Q(plans__in=sorted(g.coordinate_plan_ids)) if g.coordinate_plan_ids else False,
        )
    return False


@kind_rule("governance.forum", VIEW)
def may_open_forums(g: Grants) -> bool:
    """The forum and meeting pages (and their menu item) are for every role but a
    municipality partner's: a partner serves no plan and sits in no forum."""
    return g.internal


@kind_rule("governance.forum", ADD)
def may_create_forums(g: Grants) -> bool:
    """Coordinators create forums for the plans they coordinate."""
    return g.coordinates_any_plan


@rule("governance.forummember")
def forum_member_rule(g: Grants, action: str) -> Verdict:
    return via("forum", Forum, g, action)


@rule("governance.meeting")
def meeting_rule(g: Grants, action: str) -> Verdict:
    return via("forum", Forum, g, action)


@rule("governance.agendaitem")
def agenda_item_rule(g: Grants, action: str) -> Verdict:
    return via("meeting__forum", Forum, g, action)


@rule("governance.discussionquestion", audited=False)
def question_rule(g: Grants, action: str) -> Verdict:
    return via("item__meeting__forum", Forum, g, action)


@rule("governance.decision")
def decision_rule(g: Grants, action: str) -> Verdict:
    return via("item__meeting__forum", Forum, g, action)


@rule("governance.milestone")
def milestone_rule(g: Grants, action: str) -> Verdict:
    return via("plan", Plan, g, action)


@rule("governance.attendance", audited=False)
def attendance_rule(g: Grants, action: str) -> Verdict:
    return via("meeting__forum", Forum, g, action)


@rule("governance.groupanswer", audited=False)
def group_answer_rule(g: Grants, action: str) -> Verdict:
    return via("item__meeting__forum", Forum, g, action)


@rule("governance.attachment")
def attachment_rule(g: Grants, action: str) -> Verdict:
    return via("meeting__forum", Forum, g, action)


@rule("governance.actionitem")
def action_item_rule(g: Grants, action: str) -> Verdict:
    """An action item belongs to its meeting's forum; its owners (the owner unit's editors,
    the owner user) also see it and mark it done."""
    owners: Verdict = False
    if g.editor_unit_ids:
        owners = Q(owner_unit__in=sorted(g.editor_unit_ids))
    if g.user_id is not None and g.is_anyone:
        owners = either(owners, Q(owner_user=g.user_id))
    return either(via("meeting__forum", Forum, g, action), owners)


def may_approve_minutes(g: Grants, forum: Forum) -> bool:
    """The forum's secretaries (and administrators) approve its minutes."""
    return g.admin or forum.pk in g.secretary_forum_ids


def decidable_initiatives(g: Grants, forum: Forum) -> Verdict:
    """Initiatives a decision of ``forum`` may move for this user: those the user may change,
    and, for those who may change the forum, the initiatives of the plans it serves."""
    own = initiative_rule(g, CHANGE)
    forum_ok = forum_rule(g, CHANGE)
    if forum_ok is not True and (
        forum_ok is False or not Forum.objects.filter(forum_ok, pk=forum.pk).exists()
    ):
        return own
    return either(own, _in_plans(forum.plans.values("pk")))


# --------------------------------------------------------------------------- follow-up


@rule("followup.updateround")
def round_rule(g: Grants, action: str) -> Verdict:
    return via("plan", Plan, g, action)


@rule("followup.updaterequest")
def request_rule(g: Grants, action: str) -> Verdict:
    """*Change* means answering: the plan's coordinators, and the editors of the request's
    unit while that unit still takes part in the initiative."""
    if action == VIEW:
        return via("round__plan", Plan, g, VIEW)
    if action == CHANGE:
        editors: Verdict = False
        if g.editor_unit_ids:
            still_linked = UpdateRequest.objects.filter(initiative__unit_links__unit=F("unit"))
            editors = Q(unit__in=sorted(g.editor_unit_ids), pk__in=still_linked.values("pk"))
        return either(via("round__plan", Plan, g, CHANGE), editors)
    return False


@rule("followup.updateanswer")
def answer_rule(g: Grants, action: str) -> Verdict:
    """Answers are read with their request; *change* means reviewing (the coordinators)."""
    if action == VIEW:
        return via("request", UpdateRequest, g, VIEW)
    return via("request__round__plan", Plan, g, action)


@rule("followup.reminder", audited=False)
def reminder_rule(g: Grants, action: str) -> Verdict:
    return via("round__plan", Plan, g, action)


@rule("followup.localstatus", audited=False)
def local_status_rule(g: Grants, action: str) -> Verdict:
    return via("initiative", Initiative, g, VIEW) if action == VIEW else False


@rule("followup.readinessassessment", audited=False)
def readiness_rule(g: Grants, action: str) -> Verdict:
    return via("initiative", Initiative, g, VIEW) if action == VIEW else False


@rule("followup.readinessscore", audited=False)
def readiness_score_rule(g: Grants, action: str) -> Verdict:
    return via("assessment__initiative", Initiative, g, VIEW) if action == VIEW else False


# --------------------------------------------------------------------------- participation


@rule("participation.workshop")
def workshop_rule(g: Grants, action: str) -> Verdict:
    return via("plan", Plan, g, action)


@rule("participation.workshopparticipant", audited=False)
def participant_rule(g: Grants, action: str) -> Verdict:
    return via("workshop__plan", Plan, g, action)


@rule("participation.workshopoutput", audited=False)
def output_rule(g: Grants, action: str) -> Verdict:
    return via("workshop__plan", Plan, g, action)


def _invited(g: Grants, prefix: str = "") -> Verdict:
    """Rows of consultations (or invitations, with ``prefix=""``) that invite a forum where
    the user is secretary or member, or a unit where the user is editor."""
    found: Verdict = False
    if g.forum_ids:
        found = either(found, Q(**{f"{prefix}forum__in": sorted(g.forum_ids)}))
    if g.editor_unit_ids:
        found = either(found, Q(**{f"{prefix}unit__in": sorted(g.editor_unit_ids)}))
    return found


@rule("participation.consultation")
def consultation_rule(g: Grants, action: str) -> Verdict:
    """A consultation belongs to its plan; one without a plan is for administrators and
    those who coordinate (change) or read (view) all plans. The people of the forums and
    units it invites see it too (to give their inputs); only coordinators change it."""
    own = via("plan", Plan, g, action)
    if action != VIEW:
        return own
    invited = _invited(g, "invitations__")
    return either(own, invited)


def invitable_forums(g: Grants) -> Verdict:
    """Forums a user may invite to a consultation: every forum, for those who may start
    consultations (a strategy asks forums that need not serve its plan, as seed 003 asks AL,
    LMU and the specialty councils). Inviting shows the forum's name only."""
    return g.coordinates_any_plan


@kind_rule("participation.consultation", VIEW)
def may_see_consultations(g: Grants) -> bool:
    """The consultations (and their menu item) are for every role but a municipality
    partner's: a partner serves no plan and no forum, so no consultation asks them."""
    return g.internal


@rule("participation.consultationinvitation", audited=False)
def invitation_rule(g: Grants, action: str) -> Verdict:
    """An invitation is seen with its consultation. *Change* means giving inputs under it:
    the consultation's coordinators, and the secretaries and members of the invited forum or
    the editors of the invited unit."""
    if action == VIEW:
        return via("consultation", Consultation, g, VIEW)
    if action == CHANGE:
        return either(via("consultation", Consultation, g, CHANGE), _invited(g))
    return False


@kind_rule("participation.consultation", ADD)
def may_create_consultations(g: Grants) -> bool:
    return g.coordinates_any_plan


@rule("participation.consultationinput", audited=False)
def consultation_input_rule(g: Grants, action: str) -> Verdict:
    return via("consultation", Consultation, g, action)


@rule("participation.longlist")
def long_list_rule(g: Grants, action: str) -> Verdict:
    return via("plan", Plan, g, action)


@rule("participation.candidate")
def candidate_rule(g: Grants, action: str) -> Verdict:
    return via("long_list__plan", Plan, g, action)


# --------------------------------------------------------------------------- reports


@rule("reports.issuedreport")
def report_rule(g: Grants, action: str) -> Verdict:
    return via("plan", Plan, g, action)


@rule("reports.deckoptions")
def deck_options_rule(g: Grants, action: str) -> Verdict:
    return via("plan", Plan, g, action)


# --------------------------------------------------------------------------- indicators


@rule("indicators.indicatorrun")
def run_rule(g: Grants, action: str) -> Verdict:
    """Runs, their files' names and their validation reports: indicator officers and
    administrators only."""
    return g.admin or g.indicator_officer


@kind_rule("indicators.indicatorrun", VIEW)
@kind_rule("indicators.indicatorrun", ADD)
def may_run_indicators(g: Grants) -> bool:
    return g.admin or g.indicator_officer


@dataclass(frozen=True)
class PartnerPlaces:
    """What a municipality partner's units name in the indicators' geography."""

    clusters: frozenset[str]
    municipalities: frozenset[str]


def _folded(text: str) -> str:
    text = " ".join(text.casefold().split())
    return text.removesuffix(" kommune").strip()


def partner_places(g: Grants) -> PartnerPlaces:
    """A partner's clusters and municipality codes. A cluster unit brings its municipalities
    (the engine's reference table); a municipality unit (matched by name, short name or
    three-digit code) brings itself and the total of its cluster."""
    if g.partner_places is not None:
        return g.partner_places
    from fremdrift.core.models import OrgUnit
    from fremdrift.indicators.engine.geography import load_municipalities

    table = load_municipalities()
    by_name = {_folded(m.name): m for m in table}
    by_code = {m.code: m for m in table}
    cluster_names = {_folded(m.cluster): m.cluster for m in table}
    clusters: set[str] = set()
    codes: set[str] = set()
    units = OrgUnit.objects.filter(pk__in=sorted(g.partner_unit_ids)).values_list(
        "kind", "name", "short_name"
    )
    for kind, name, short_name in units:
        if kind == UnitKind.CLUSTER:
            cluster = cluster_names.get(_folded(name)) or cluster_names.get(_folded(short_name))
            if cluster is not None:
                clusters.add(cluster)
                codes |= {m.code for m in table if m.cluster == cluster}
        elif kind == UnitKind.MUNICIPALITY:
            found = (
                by_name.get(_folded(name))
                or by_name.get(_folded(short_name))
                or by_code.get(short_name.strip())
            )
            if found is not None:
                codes.add(found.code)
                clusters.add(found.cluster)
    g.partner_places = PartnerPlaces(frozenset(clusters), frozenset(codes))
    return g.partner_places


@rule("indicators.indicatorvalue", audited=False)
def value_rule(g: Grants, action: str) -> Verdict:
    """Values of published runs are for anyone with a role, a municipality partner's only
    for the region and their clusters and municipalities; the officers see every run's.
    Which figures are hidden from whom: :func:`may_view_raw_indicators`."""
    if action != VIEW:
        return False
    if g.admin or g.indicator_officer:
        return True
    if not g.is_anyone:
        return False
    published = Q(run__status=RunStatus.PUBLISHED)
    if g.internal:
        return published
    places = partner_places(g)
    return published & (
        Q(geo_level=GeoLevel.REGION)
        | Q(geo_level=GeoLevel.CLUSTER, geo_code__in=sorted(places.clusters))
        | Q(geo_level=GeoLevel.MUNICIPALITY, geo_code__in=sorted(places.municipalities))
    )


def public_value_rule() -> Verdict:
    """The public dashboard (``/offentlig/indikatorer/``): anyone, without a login, reads
    the values of published runs, always suppressed, and only while the setting
    ``FREMDRIFT_PUBLIC_INDICATORS`` is on."""
    from django.conf import settings

    if not getattr(settings, "FREMDRIFT_PUBLIC_INDICATORS", False):
        return False
    return Q(run__status=RunStatus.PUBLISHED)


@kind_rule("indicators.indicatorvalue", VIEW_RAW)
def may_view_raw_indicators(g: Grants) -> bool:
    """Figures before suppression (small cells, provisional counts of hidden cells): only
    indicator officers and administrators. Everyone else sees hidden cells as “*”."""
    return g.sees_raw_indicators


@rule("indicators.indicatorlink", audited=False)
def indicator_link_rule(g: Grants, action: str) -> Verdict:
    return via("initiative", Initiative, g, action)


@rule("indicators.manualindicator")
def manual_indicator_rule(g: Grants, action: str) -> Verdict:
    return via("initiative", Initiative, g, action)


@rule("indicators.manualvalue", audited=False)
def manual_value_rule(g: Grants, action: str) -> Verdict:
    return via("indicator__initiative", Initiative, g, action)


# --------------------------------------------------------------------------- imports


@rule("interchange.importjob")
def import_rule(g: Grants, action: str) -> Verdict:
    """An upload waiting for confirmation is its uploader's (and the administrators')."""
    if g.admin:
        return True
    if g.user_id is None or not g.coordinates_any_plan:
        return False
    return Q(uploaded_by=g.user_id)


@kind_rule("interchange.importjob", ADD)
def may_upload(g: Grants) -> bool:
    return g.coordinates_any_plan


# --------------------------------------------------------------------------- background jobs


@rule("jobs.job", audited=False)
def job_rule(g: Grants, action: str) -> Verdict:
    """A background task is seen by whoever started it; indicator runs' tasks by those who
    see the runs; report tasks by those who read the plan. Cancelling (*change*) is for
    whoever started it. Administrators see and cancel every task."""
    from fremdrift.jobs.choices import JobKind

    if g.admin:
        return True
    if g.user_id is None:
        return False
    mine = Q(created_by=g.user_id)
    if action != VIEW:
        return mine
    found: Verdict = mine
    if g.indicator_officer:
        found = either(found, Q(kind=JobKind.INDICATOR_RUN))
    plans = subquery(Plan, g, VIEW)
    if plans is not False:
        reports = Q(kind=JobKind.REPORT)
        found = either(found, reports if plans is True else reports & Q(plan__in=plans))
    return found


@kind_rule("jobs.job", VIEW)
def may_open_jobs(g: Grants) -> bool:
    """The list of background tasks (and its menu item) is for every role but a municipality
    partner's, who starts no task and sees no plan's."""
    return g.internal


@rule("jobs.workerprocess", audited=False)
def worker_rule(g: Grants, action: str) -> Verdict:
    return g.admin


@rule("jobs.joblock", audited=False)
def job_lock_rule(g: Grants, action: str) -> Verdict:
    return g.admin


# --------------------------------------------------------------------------- core


@rule("core.orgunit")
def unit_rule(g: Grants, action: str) -> Verdict:
    """The organisation tree is read by anyone with a role; administrators change it."""
    if action == VIEW:
        return g.is_anyone
    return g.admin


@rule("core.roleassignment", audited=False)
def role_rule(g: Grants, action: str) -> Verdict:
    return g.admin


@rule("core.apitoken")
def token_rule(g: Grants, action: str) -> Verdict:
    """A user sees and revokes their own API tokens; administrators everyone's."""
    if g.admin:
        return True
    return Q(user=g.user_id) if g.user_id is not None else False


@rule("core.calendarfeed")
def calendar_feed_rule(g: Grants, action: str) -> Verdict:
    """A user sees and revokes their own calendar addresses; administrators everyone's."""
    if g.admin:
        return True
    return Q(user=g.user_id) if g.user_id is not None else False


@rule("core.identity", audited=False)
def identity_rule(g: Grants, action: str) -> Verdict:
    """Links to a single sign-on provider's accounts: administrators only."""
    return g.admin


@rule("auth.user", audited=False)
def user_rule(g: Grants, action: str) -> Verdict:
    return g.admin


@rule("core.auditevent", audited=False)
def audit_rule(g: Grants, action: str) -> Verdict:
    """Administrators read every event. Others who may open the trail read the events of
    the objects they may change: a coordinator those of their plans and everything in them,
    a secretary those of their forums' meetings."""
    if action != VIEW:
        return False
    if g.admin:
        return True
    if not may_read_audit(g):
        return False
    found: Verdict = False
    for label in AUDITED:
        model = apps.get_model(label)
        allowed = RULES[label](g, CHANGE)
        if allowed is False:
            continue
        ids = model._default_manager.all()
        if allowed is not True:
            ids = ids.filter(allowed)
        as_text = ids.annotate(_audit_id=Cast("pk", CharField())).values("_audit_id")
        found = either(found, Q(object_type=label, object_id__in=as_text))
    return found


@kind_rule("core.auditevent", VIEW)
def may_read_audit(g: Grants) -> bool:
    return g.coordinates_any_plan or bool(g.secretary_forum_ids)

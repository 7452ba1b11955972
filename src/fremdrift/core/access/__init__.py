"""The access policy: who may see and change what. Every page, export, API call, command and
importer asks here, and nowhere else.

- ``restrict(queryset, user, action)`` and ``may(user, action, obj)`` (``policy``) answer
  for every kind of object with the rules in ``rules``;
- ``fetch(user, action, queryset, **lookup)`` fetches and authorises: a user who may not
  see an object gets 404, one who may see but not do the action gets 403.

The named helpers below are the common questions, spelled out.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fremdrift.core.access.grants import Grants, forget_grants, grants_for
from fremdrift.core.access.policy import Action, fetch, may, require, restrict

__all__ = [
    "Action",
    "Grants",
    "access_for",
    "audit_events_visible_to",
    "coordinated_initiatives",
    "coordinates_any_plan",
    "decidable_initiatives",
    "editable_initiatives",
    "fetch",
    "forget_access",
    "indicator_places",
    "grants_for",
    "initiative_for_edit",
    "initiative_for_view",
    "invitable_forums",
    "is_administrator",
    "may",
    "may_coordinate",
    "may_approve_minutes",
    "may_edit",
    "may_read_audit",
    "may_sign_in_with_sso",
    "plan_for_coordination",
    "plan_for_view",
    "public_indicator_values",
    "require",
    "require_kind",
    "require_list",
    "restrict",
    "sees_raw_indicators",
    "visible_indicator_runs",
    "visible_indicator_values",
    "visible_initiatives",
    "visible_plans",
]

VIEW, CHANGE, ADD = Action.VIEW, Action.CHANGE, Action.ADD

access_for = grants_for
forget_access = forget_grants


def _model(label: str) -> Any:
    from django.apps import apps

    return apps.get_model(label)


def visible_plans(user: Any) -> QuerySet:
    """Plans the user may read."""
    return restrict(_model("portfolio.Plan").objects.all(), user, VIEW)


def visible_initiatives(user: Any) -> QuerySet:
    """Initiatives the user may read."""
    return restrict(_model("portfolio.Initiative").objects.all(), user, VIEW)


def editable_initiatives(user: Any) -> QuerySet:
    """Initiatives the user may change and record status on."""
    return restrict(_model("portfolio.Initiative").objects.all(), user, CHANGE)


def may_coordinate(user: Any, plan: Any) -> bool:
    """May the user change the plan itself (areas, new initiatives, reports, rounds)?"""
    grants = grants_for(user)
    if grants.coordinates_all_plans:
        return True
    return plan.pk in grants.coordinate_plan_ids


def may_edit(user: Any, initiative: Any) -> bool:
    """May the user change this initiative and record its status?"""
    return may(user, CHANGE, initiative)


def coordinates_any_plan(user: Any) -> bool:
    """Is the user a coordinator of some plan (or an administrator)?"""
    return grants_for(user).coordinates_any_plan


def coordinated_initiatives(user: Any) -> QuerySet:
    """Initiatives of the plans the user coordinates (home plan or a current area)."""
    from fremdrift.core.access.rules import coordinated_initiatives as rule

    return _filtered(_model("portfolio.Initiative").objects.all(), rule(grants_for(user)))


def _filtered(queryset: QuerySet, found: Any) -> QuerySet:
    if found is True:
        return queryset
    if found is False:
        return queryset.none()
    return queryset.filter(pk__in=queryset.model._default_manager.filter(found).values("pk"))


def require_kind(user: Any, action: str, model: Any) -> None:
    """For pages about a kind as a whole (a list, a "new" form): 404 for a user who may not
    see the kind at all, 403 for one who may see it but not ``action`` it."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if not may(user, VIEW, model):
        raise Http404
    if str(action) != VIEW and not may(user, action, model):
        raise PermissionDenied


def require_list(user: Any, model: Any) -> None:
    """For the list a menu item leads to: 403 for a role that may not see the kind (a
    municipality partner and the forums), 404 for a user without any role (who does not
    learn that the pages exist)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if not may(user, VIEW, model):
        raise PermissionDenied if grants_for(user).is_anyone else Http404


def is_administrator(user: Any) -> bool:
    return grants_for(user).admin


def may_sign_in_with_sso(user: Any) -> bool:
    """May single sign-on log into this account? Never into a superuser or an administrator:
    a provider's claim must not reach the accounts that hold every right."""
    return not (user.is_superuser or is_administrator(user))


def plan_for_view(user: Any, slug: str) -> Any:
    return fetch(user, VIEW, _model("portfolio.Plan"), slug=slug)


def plan_for_coordination(user: Any, slug: str) -> Any:
    return fetch(user, CHANGE, _model("portfolio.Plan"), slug=slug)


def initiative_for_view(user: Any, pk: int) -> Any:
    queryset = _model("portfolio.Initiative").objects.select_related("plan", "parent")
    return fetch(user, VIEW, queryset, pk=pk)


def initiative_for_edit(user: Any, pk: int) -> Any:
    queryset = _model("portfolio.Initiative").objects.select_related("plan", "parent")
    return fetch(user, CHANGE, queryset, pk=pk)


def decidable_initiatives(user: Any, forum: Any) -> QuerySet:
    """Initiatives that a decision of ``forum`` recorded by ``user`` may move."""
    from fremdrift.core.access.rules import decidable_initiatives as rule

    return _filtered(_model("portfolio.Initiative").objects.all(), rule(grants_for(user), forum))


def invitable_forums(user: Any) -> QuerySet:
    """Forums the user may invite to give inputs to a consultation."""
    from fremdrift.core.access.rules import invitable_forums as rule

    return _filtered(_model("governance.Forum").objects.all(), rule(grants_for(user)))


def may_read_audit(user: Any) -> bool:
    """May the user open the audit trail?"""
    return may(user, VIEW, _model("core.AuditEvent"))


def audit_events_visible_to(user: Any) -> QuerySet | None:
    """The audit events the user may read, or ``None`` when the user may not open the trail."""
    if not may_read_audit(user):
        return None
    return restrict(_model("core.AuditEvent").objects.all(), user, VIEW)


def sees_raw_indicators(user: Any) -> bool:
    """Does the user see indicator figures before suppression (and validation reports)?
    Indicator officers and administrators; everyone else sees hidden cells as “*”."""
    return may(user, Action.VIEW_RAW, _model("indicators.IndicatorValue"))


def visible_indicator_values(user: Any) -> QuerySet:
    """The indicator values the user may read (published runs; a municipality partner's
    geography only). Whether hidden cells show: :func:`sees_raw_indicators`."""
    return restrict(_model("indicators.IndicatorValue").objects.all(), user, VIEW)


def indicator_places(user: Any) -> Any:
    """The clusters and municipalities a municipality partner's figures are limited to
    (``rules.PartnerPlaces``), or ``None`` when the user's figures are not limited."""
    grants = grants_for(user)
    if not grants.only_partner:
        return None
    from fremdrift.core.access.rules import partner_places

    return partner_places(grants)


def public_indicator_values() -> QuerySet | None:
    """The indicator values anyone may read without a login (the public dashboard, always
    suppressed), or ``None`` while ``FREMDRIFT_PUBLIC_INDICATORS`` is off."""
    from fremdrift.core.access.rules import public_value_rule

    found = public_value_rule()
    if found is False:
        return None
    return _model("indicators.IndicatorValue").objects.filter(found)


def visible_indicator_runs(user: Any) -> QuerySet:
    """The runs whose figures the user may read: every run for those who see runs
    (indicator officers, administrators); published runs for everyone else with a role."""
    runs = _model("indicators.IndicatorRun")
    if may(user, VIEW, runs):
        return restrict(runs.objects.all(), user, VIEW)
    if may(user, VIEW, _model("indicators.IndicatorValue")):
        from fremdrift.indicators.choices import RunStatus

        return runs.objects.filter(status=RunStatus.PUBLISHED)
    return runs.objects.none()


def may_approve_minutes(user: Any, meeting: Any) -> bool:
    """May the user approve the meeting's minutes (the forum's secretary)?"""
    from fremdrift.core.access.rules import may_approve_minutes as rule

    return rule(grants_for(user), meeting.forum)

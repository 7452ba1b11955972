"""The two questions every page, export, API call, command and importer asks.

- :func:`restrict` — "which of these objects may this user ``action``?" — one SQL filter, so
  lists and exports stay one query;
- :func:`may` — "may this user ``action`` this object?" — the same filter applied to one row,
  so the two never disagree, on SQLite or PostgreSQL.

A rule per kind of object (``core.access.rules``) turns a user's :class:`Grants` and an
action into a ``Q`` over that model, or into ``True`` (everything) or ``False`` (nothing).
Passing a model class instead of an object asks about the kind as a whole: ``may(user,
Action.ADD, Plan)`` (may the user create plans?), ``may(user, Action.VIEW, AuditEvent)``
(may the user open the audit trail?).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from fremdrift.core.access.grants import Grants, grants_for


class Action(enum.StrEnum):
    """What a user wants to do. What each means for each kind: docs/security.md."""

    VIEW = "view"
    CHANGE = "change"
    ADD = "add"
    # Indicator figures before suppression, and runs' validation reports.
    VIEW_RAW = "view_raw"


Verdict = Q | bool
RuleFn = Callable[[Grants, str], Verdict]
KindFn = Callable[[Grants], bool]

# label_lower ("portfolio.initiative") → rule over its rows
RULES: dict[str, RuleFn] = {}
# (label_lower, action) → rule about the kind as a whole
KIND_RULES: dict[tuple[str, str], KindFn] = {}
# Kinds whose audit events a user may read when they may change the object.
AUDITED: list[str] = []


def rule(label: str, *, audited: bool = True) -> Callable[[RuleFn], RuleFn]:
    """Register the rule for the model ``label`` (``app_label.modelname``)."""

    def register(fn: RuleFn) -> RuleFn:
        RULES[label] = fn
        if audited:
            AUDITED.append(label)
        return fn

    return register


def kind_rule(label: str, action: str) -> Callable[[KindFn], KindFn]:
    def register(fn: KindFn) -> KindFn:
        KIND_RULES[(label, str(action))] = fn
        return fn

    return register


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def load_rules() -> None:
    """Register the rules (once the apps' models are loaded; CoreConfig.ready calls this)."""
    from fremdrift.core.access import rules  # noqa: F401


def verdict(model: type[models.Model], grants: Grants, action: str) -> Verdict:
    """The rule's answer for ``model``: a ``Q``, or True/False for all or nothing."""
    load_rules()
    try:
        fn = RULES[_label(model)]
    except KeyError:
        raise ImproperlyConfigured(
            f"The access policy has no rule for {_label(model)} (core/access/rules.py)."
        ) from None
    return fn(grants, str(action))


def subquery(model: type[models.Model], grants: Grants, action: str) -> Verdict:
    """The primary keys of ``model`` that ``grants`` allow ``action`` on, as a subquery."""
    found = verdict(model, grants, action)
    if isinstance(found, bool):
        return found
    return model._default_manager.filter(found).values("pk")


def via(field: str, model: type[models.Model], grants: Grants, action: str) -> Verdict:
    """Allow rows whose ``field`` points at a ``model`` row that allows ``action``."""
    found = subquery(model, grants, action)
    if isinstance(found, bool):
        return found
    return Q(**{f"{field}__in": found})


def either(*verdicts: Verdict) -> Verdict:
    """The union of several verdicts."""
    result: Verdict = False
    for item in verdicts:
        if item is True:
            return True
        if item is False:
            continue
        result = item if result is False else result | item
    return result


def restrict(queryset: QuerySet, user: Any, action: str = Action.VIEW) -> QuerySet:
    """The part of ``queryset`` that ``user`` may ``action``."""
    found = verdict(queryset.model, grants_for(user), action)
    if found is True:
        return queryset
    if found is False:
        return queryset.none()
    allowed = queryset.model._default_manager.filter(found).values("pk")
    return queryset.filter(pk__in=allowed)


def may(user: Any, action: str, obj: Any) -> bool:
    """May ``user`` do ``action`` on ``obj`` (an object, or a model class for the kind)?"""
    grants = grants_for(user)
    if isinstance(obj, type) and issubclass(obj, models.Model):
        load_rules()
        fn = KIND_RULES.get((_label(obj), str(action)))
        if fn is None:
            fn = _any_role if str(action) == Action.VIEW else _administrator
        return bool(fn(grants))
    if obj is None or obj.pk is None:
        return False
    found = verdict(type(obj), grants, action)
    if isinstance(found, bool):
        return found
    return type(obj)._default_manager.filter(pk=obj.pk).filter(found).exists()


def fetch(user: Any, action: str, queryset: Any, **lookup: Any) -> Any:
    """Fetch and authorise: 404 when the user may not see the object, 403 when they may see
    it but not ``action`` it."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = get_object_or_404(restrict(queryset, user, Action.VIEW), **lookup)
    if str(action) != Action.VIEW and not may(user, action, obj):
        raise PermissionDenied
    return obj


def require(user: Any, action: str, obj: Any) -> None:
    """Raise 403 unless ``may(user, action, obj)``."""
    if not may(user, action, obj):
        raise PermissionDenied


def _any_role(grants: Grants) -> bool:
    return grants.is_anyone


def _administrator(grants: Grants) -> bool:
    return grants.admin

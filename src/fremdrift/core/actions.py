"""The only writer of organisational units, role assignments, sign-in identities and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction, Role, UnitKind
from fremdrift.core.models import ApiToken, CalendarFeed, Identity, OrgUnit, RoleAssignment
from fremdrift.core.text import normalise_name


def _refresh_path(unit: OrgUnit) -> None:
    prefix = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{prefix}{unit.pk}/"
    unit.save(update_fields=["path"])
    for child in unit.children.all():
        _refresh_path(child)


def find_unit(name: str) -> OrgUnit | None:
    """The unit with this name, ignoring case, accents and spacing, or None."""
    key = normalise_name(name)
    return OrgUnit.objects.filter(normalised_name=key).first() if key else None


@transaction.atomic
def create_unit(
    *, by: Any, name: str, kind: str, parent: OrgUnit | None = None, short_name: str = ""
) -> OrgUnit:
    """Add a unit to the organisation tree."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A unit needs a name.")})
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("“%(value)s” is not a valid choice.") % {"value": kind}})
    if find_unit(name):
        raise ValidationError({"name": _("A unit with this name already exists.")})
    unit = OrgUnit.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name or "",
        normalised_name=normalise_name(name),
    )
    _refresh_path(unit)
    audit.record(
        by,
        AuditAction.CREATED,
        unit,
        after={"name": name, "kind": kind, "parent": parent.name if parent else None},
    )
    return unit


@transaction.atomic
def get_or_create_unit(
    *, by: Any, name: str, kind: str = UnitKind.STAFF, parent: OrgUnit | None = None
) -> tuple[OrgUnit, bool]:
    """Match a unit by name (case/accent-insensitive) or create it."""
    unit = find_unit(name)
    if unit:
        return unit, False
    return create_unit(by=by, name=name, kind=kind, parent=parent), True


@transaction.atomic
def update_unit(unit: OrgUnit, *, by: Any, **fields: Any) -> OrgUnit:
    """Rename, re-kind or move a unit in the tree."""
    allowed = {"name", "short_name", "kind", "parent"}
    if set(fields) - allowed:
        raise TypeError(f"Unknown unit fields: {sorted(set(fields) - allowed)}")
    parent = fields.get("parent", unit.parent)
    if parent is not None and parent.path.startswith(unit.path or "/-"):
        raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
    before = {k: getattr(unit, k) for k in fields}
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.normalised_name = normalise_name(unit.name)
    unit.save()
    _refresh_path(unit)
    old, new = audit.changed_fields(before, fields)
    if new:
        audit.record(by, AuditAction.UPDATED, unit, before=old, after=new)
    return unit


# Which scope each role takes: a plan (or none: all plans), a unit, a forum, or none.
ROLE_SCOPES: dict[str, set[str]] = {
    Role.ADMINISTRATOR: set(),
    Role.COORDINATOR: {"plan"},
    Role.READER: {"plan"},
    Role.EDITOR: {"unit"},
    Role.MEETING_SECRETARY: {"forum"},
    Role.FORUM_MEMBER: {"forum"},
    Role.INDICATOR_OFFICER: set(),
    Role.MUNICIPALITY_PARTNER: {"unit"},
}
# Roles whose scope must be given.
SCOPE_REQUIRED = {Role.EDITOR, Role.MEETING_SECRETARY, Role.FORUM_MEMBER, Role.MUNICIPALITY_PARTNER}


def validate_role_scope(role: str, *, plan: Any, unit: Any, forum: Any) -> None:
    """Refuse a role with a scope it does not take, or without the scope it needs."""
    if role not in Role.values:
        raise ValidationError({"role": _("“%(value)s” is not a valid choice.") % {"value": role}})
    given = {name for name, value in (("plan", plan), ("unit", unit), ("forum", forum)) if value}
    allowed = ROLE_SCOPES[role]
    for name in sorted(given - allowed):
        raise ValidationError(
            {
                name: _("This role cannot be limited to a %(scope)s.")
                % {"scope": {"plan": _("plan"), "unit": _("unit"), "forum": _("forum")}[name]}
            }
        )
    if role in SCOPE_REQUIRED and not given:
        messages = {
            Role.EDITOR: ({"unit": _("An editor role needs a unit.")}),
            Role.MUNICIPALITY_PARTNER: (
                {"unit": _("A municipality partner needs a municipality or a cluster.")}
            ),
            Role.MEETING_SECRETARY: ({"forum": _("A forum role needs a forum.")}),
            Role.FORUM_MEMBER: ({"forum": _("A forum role needs a forum.")}),
        }
        raise ValidationError(messages[role])
    if role == Role.MUNICIPALITY_PARTNER and unit.kind not in (
        UnitKind.MUNICIPALITY,
        UnitKind.CLUSTER,
    ):
        raise ValidationError(
            {"unit": _("A municipality partner needs a municipality or a cluster.")}
        )


@transaction.atomic
def grant_role(
    *,
    by: Any,
    user: Any,
    role: str,
    plan: Any = None,
    unit: OrgUnit | None = None,
    forum: Any = None,
) -> RoleAssignment:
    """Give a user a role, scoped to a plan (coordinator, reader; none: all plans), a unit
    (editor, municipality partner) or a forum (meeting secretary, forum member)."""
    validate_role_scope(role, plan=plan, unit=unit, forum=forum)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, plan=plan, unit=unit, forum=forum
    )
    if created:
        audit.record(
            by,
            AuditAction.ROLE_GRANTED,
            assignment,
            after={
                "user": user.get_username(),
                "role": role,
                "plan": getattr(plan, "slug", None),
                "unit": getattr(unit, "name", None),
                "forum": getattr(forum, "short_name", None),
            },
        )
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, by: Any) -> None:
    """Take a role away from a user."""
    audit.record(
        by,
        AuditAction.ROLE_REVOKED,
        assignment,
        before={
            "user": assignment.user.get_username(),
            "role": assignment.role,
            "plan": getattr(assignment.plan, "slug", None),
            "unit": getattr(assignment.unit, "name", None),
            "forum": getattr(assignment.forum, "short_name", None),
        },
    )
    assignment.delete()


# --------------------------------------------------------------------------- API tokens

MAX_TOKEN_DAYS = 366
TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)


def _token_state(token: ApiToken) -> dict[str, Any]:
    """What the audit trail keeps of a token: never the secret, nor its digest."""
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at,
    }


@transaction.atomic
def create_api_token(
    user: Any, *, by: Any, name: str, days: int | None = None
) -> tuple[ApiToken, str]:
    """Make a named token for ``user``; return it with its secret (shown once, never kept)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name can be at most 100 characters.")})
    if days is None:
        days = settings.FREMDRIFT_API_TOKEN_DAYS
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            {"days": _("A token lasts from 1 to %(max)s days.") % {"max": MAX_TOKEN_DAYS}}
        )
    if not user.is_active:
        raise ValidationError(_("A deactivated user cannot get a token."))
    from fremdrift.core import tokens  # DRF and drf-spectacular: not for every command

    secret = tokens.new_secret()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=tokens.prefix_of(secret),
        digest=tokens.digest_of(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    audit.record(by, AuditAction.CREATED, token, after=_token_state(token))
    return token, secret


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: Any) -> ApiToken:
    """Stop a token from working (it stays listed as revoked). Revoking twice changes nothing."""
    current = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit.record(by, AuditAction.REVOKED, current, before=_token_state(current))
    return current


@transaction.atomic
def revoke_all_api_tokens(user: Any, *, by: Any) -> int:
    """Revoke every token of ``user`` that still works; return how many."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    count = 0
    for token in live.select_related("user"):
        revoke_api_token(token, by=by)
        count += 1
    return count


def note_token_used(token: ApiToken, *, at: dt.datetime) -> None:
    """Remember when a token was last used (to the minute; bookkeeping, not audited)."""
    if token.last_used_at is None or at - token.last_used_at >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
        token.last_used_at = at


# --------------------------------------------------------------------------- calendar feeds


@transaction.atomic
def create_calendar_feed(user: Any, *, by: Any) -> tuple[CalendarFeed, str]:
    """Make the user's secret calendar address; any older one stops working.

    Returns the feed and its secret (shown to the user, never kept: only its digest is).
    """
    if not user.is_active:
        raise ValidationError(_("A deactivated user cannot get a calendar address."))
    revoke_calendar_feeds(user, by=by)
    from fremdrift.core import tokens

    secret = tokens.new_calendar_secret()
    feed = CalendarFeed.objects.create(
        user=user, prefix=tokens.prefix_of(secret), digest=tokens.digest_of(secret)
    )
    audit.record(by, AuditAction.CREATED, feed, after={"user": user.get_username()})
    return feed, secret


@transaction.atomic
def revoke_calendar_feeds(user: Any, *, by: Any) -> int:
    """Stop the user's calendar addresses from working; return how many were working."""
    count = 0
    live = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    for feed in live.select_related("user"):
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(by, AuditAction.REVOKED, feed, before={"user": user.get_username()})
        count += 1
    return count


def note_calendar_feed_used(feed: CalendarFeed, *, at: dt.datetime) -> None:
    """Remember when a calendar program last fetched the feed (bookkeeping, not audited)."""
    if feed.last_used_at is None or at - feed.last_used_at >= TOKEN_USE_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=at)
        feed.last_used_at = at


# --------------------------------------------------------------------------- identities


def _identity_state(identity: Identity) -> dict[str, Any]:
    return {
        "user": identity.user.get_username(),
        "issuer": identity.issuer,
        "subject": identity.subject,
    }


@transaction.atomic
def link_identity(user: Any, *, by: Any, issuer: str, subject: str) -> Identity:
    """Link ``user`` to the provider's account (issuer + subject), explicitly and audited."""
    issuer, subject = (issuer or "").strip(), (subject or "").strip()
    if not issuer:
        raise ValidationError({"issuer": _("Give the provider's issuer.")})
    if not subject:
        raise ValidationError({"subject": _("Give the provider's subject for the user.")})
    from fremdrift.core.access import may_sign_in_with_sso

    if not may_sign_in_with_sso(user):
        raise ValidationError(
            _("%(user)s is an administrator; single sign-on never logs into an administrator.")
            % {"user": user.get_username()}
        )
    taken = Identity.objects.filter(issuer=issuer, subject=subject).select_related("user")
    other = taken.exclude(user=user).first()
    if other is not None:
        raise ValidationError(
            _("This identity is already linked to %(user)s.") % {"user": other.user.get_username()}
        )
    if Identity.objects.filter(user=user).exclude(issuer=issuer, subject=subject).exists():
        raise ValidationError(
            _("%(user)s is already linked to another identity; unlink it first.")
            % {"user": user.get_username()}
        )
    identity, created = Identity.objects.get_or_create(
        user=user, defaults={"issuer": issuer, "subject": subject}
    )
    if created:
        audit.record(by, AuditAction.CREATED, identity, after=_identity_state(identity))
    return identity


@transaction.atomic
def unlink_identity(identity: Identity, *, by: Any) -> None:
    """Remove the link between a user and their single sign-on identity."""
    audit.record(by, AuditAction.DELETED, identity, before=_identity_state(identity))
    identity.delete()


@transaction.atomic
def create_sso_user(*, issuer: str, subject: str, username: str, fields: dict[str, str]) -> Any:
    """A new user, without roles or password, linked to the provider's identity."""
    User = get_user_model()
    base = (username or subject).strip()[:140] or "sso"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    user = User(username=candidate, **fields)
    user.set_unusable_password()
    user.save()  # the user signals record the creation in the audit trail
    identity = Identity.objects.create(user=user, issuer=issuer, subject=subject)
    audit.record(
        f"sso:{subject}"[:150], AuditAction.CREATED, identity, after=_identity_state(identity)
    )
    return user


def note_identity_login(identity: Identity) -> None:
    """Remember when the identity last signed in (bookkeeping, not audited)."""
    now = timezone.now()
    Identity.objects.filter(pk=identity.pk).update(last_login_at=now)
    identity.last_login_at = now

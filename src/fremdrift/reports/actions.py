"""The only writer of the reports app's settings: a plan's deck layout."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.portfolio.models import Plan
from fremdrift.reports.choices import ChangeMarker
from fremdrift.reports.models import DeckOptions

DECK_OPTION_FIELDS = (
    "show_background",
    "show_purpose",
    "show_phase",
    "show_not_reported",
    "show_indicators",
    "change_marker",
)


@transaction.atomic
def set_deck_options(plan: Plan, *, by: Any, **values: Any) -> DeckOptions:
    """Save how the plan's decks are laid out; records what changed in the audit trail."""
    unknown = set(values) - set(DECK_OPTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown deck options: {sorted(unknown)}")
    if "change_marker" in values and values["change_marker"] not in ChangeMarker.values:
        raise ValueError(f"Unknown change marker: {values['change_marker']!r}")
    options, created = DeckOptions.objects.select_for_update().get_or_create(plan=plan)
    before = {name: getattr(options, name) for name in values}
    old, new = audit.changed_fields(before, values)
    if not new and not created:
        return options
    for name, value in new.items():
        setattr(options, name, value)
    user = by if getattr(by, "is_authenticated", False) else None
    options.updated_at = timezone.now()
    options.updated_by_name = user.get_username() if user else str(by or "")
    options.save()
    audit.record(
        by,
        AuditAction.CREATED if created else AuditAction.UPDATED,
        options,
        before=old,
        after=new,
    )
    return options

"""Audit of user accounts, which Django (admin, ``createsuperuser``, single sign-on) writes.

Users are Django's model, so instead of one action these signals record every creation,
change of the fields that matter for access (active, staff, superuser, name, e-mail, a new
password — never the password itself) and deletion. The actor is the requesting user
(see :func:`fremdrift.core.audit.acting`) or, outside requests, the channel alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction

User = get_user_model()
TRACKED = ("username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser")


def _actor() -> Any:
    actor = audit.current_actor()
    if getattr(actor, "is_authenticated", False):
        return actor
    return f"{audit.current_channel()}"


def _state(user: Any) -> dict[str, Any]:
    return {field: getattr(user, field) for field in TRACKED}


@receiver(pre_save, sender=User, dispatch_uid="fremdrift_user_pre_save")
def _remember_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if instance.pk is None or (fields is not None and set(fields) <= {"last_login"}):
        return
    old = sender.objects.filter(pk=instance.pk).values(*TRACKED, "password").first()
    instance._fremdrift_before = old


@receiver(post_save, sender=User, dispatch_uid="fremdrift_user_post_save")
def _record_user_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) <= {"last_login"}:
        return
    if created:
        audit.record(_actor(), AuditAction.CREATED, instance, after=_state(instance))
        return
    before = getattr(instance, "_fremdrift_before", None) or {}
    instance._fremdrift_before = None
    old, new = audit.changed_fields(before, _state(instance))
    if before and before.get("password") != instance.password:
        old["password"], new["password"] = "…", "(changed)"
    if not new:
        return
    note = ""
    if new.get("is_active") is False:
        note = "deactivated"
    elif new.get("is_active") is True:
        note = "reactivated"
    audit.record(_actor(), AuditAction.UPDATED, instance, before=old, after=new, note=note)


@receiver(post_delete, sender=User, dispatch_uid="fremdrift_user_post_delete")
def _record_user_deletion(sender: Any, instance: Any, **kwargs: Any) -> None:
    audit.record(
        _actor(),
        AuditAction.DELETED,
        instance,
        object_repr=instance.get_username(),
        before=_state(instance),
    )

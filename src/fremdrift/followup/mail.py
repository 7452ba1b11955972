"""The reminder e-mails: always in Danish, plain text, with a direct link to each answer."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from fremdrift.followup.choices import ReminderKind

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.FREMDRIFT_BASE_URL.rstrip("/") + path


def compose(update_round: Any, kind: str, user: Any, requests: Sequence[Any]) -> EmailMessage:
    """The reminder to one user about the requests they (or their units) still owe."""
    with translation.override("da"):
        context = {
            "round": update_round,
            "plan": update_round.plan,
            "kind": kind,
            "opened": kind == ReminderKind.OPENED,
            "due_soon": kind == ReminderKind.DUE_SOON,
            "user": user,
            "name": user.get_full_name() or user.get_username(),
            "items": [(r, absolute(reverse("followup:answer", args=[r.pk]))) for r in requests],
            "mine_url": absolute(reverse("followup:mine")),
        }
        subject = render_to_string("followup/email/reminder_subject.txt", context)
        body = render_to_string("followup/email/reminder_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def send_reminder(update_round: Any, kind: str, user: Any, requests: Sequence[Any]) -> None:
    compose(update_round, kind, user, requests).send(fail_silently=False)


def send_returned(answer: Any) -> bool:
    """Tell the author of an answer that it was sent back, with the comment and the link.
    Returns False (and logs) if the mail could not be sent; the answer stays sent back."""
    user = answer.submitted_by
    if user is None or not user.email:
        return False
    update_request = answer.request
    with translation.override("da"):
        context = {
            "answer": answer,
            "round": update_request.round,
            "initiative": update_request.initiative,
            "name": user.get_full_name() or user.get_username(),
            "url": absolute(reverse("followup:answer", args=[update_request.pk])),
        }
        subject = render_to_string("followup/email/returned_subject.txt", context)
        body = render_to_string("followup/email/returned_body.txt", context)
    try:
        EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        ).send()
    except Exception:  # noqa: BLE001 - the review is recorded; the mail is a courtesy
        logger.exception("Could not tell %s that answer %s was sent back", user.email, answer.pk)
        return False
    return True

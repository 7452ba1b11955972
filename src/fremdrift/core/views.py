"""Views of the core app: health check, login, the audit trail and the user's API token."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.authtoken.models import Token

from fremdrift.core import audit, oidc
from fremdrift.core.access import audit_events_visible_to
from fremdrift.core.choices import AuditAction
from fremdrift.core.forms import AuditFilterForm


def healthz(request: HttpRequest) -> HttpResponse:
    """200 ``ok`` when the database answers, 503 otherwise. Administrators (session or API
    token) get the state of the task queue as JSON with ``?detail``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    from fremdrift.jobs.health import detailed_health

    detail = detailed_health(request)
    if detail is not None:
        return JsonResponse(detail)
    return HttpResponse("ok", content_type="text/plain")


class LoginView(auth_views.LoginView):
    """Django's login page, with a single sign-on button when OpenID Connect is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.enabled()
        return context


# --------------------------------------------------------------------------- audit trail

CSV_LIMIT = 100_000


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """Browse and filter the audit trail; ``?format=csv`` downloads the filtered events.

    Administrators see every event; coordinators the events of their plans' objects.
    """
    events = audit_events_visible_to(request.user)
    if events is None:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, events=events)
    if form.is_valid():
        events = form.filter(events)
    elif request.GET:
        events = events.none()
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _audit_csv(events: Any) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="revisionsspor-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Time"),
            _("User"),
            _("Channel"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Before"),
            _("After"),
            _("Note"),
        ]
    )
    for event in events[:CSV_LIMIT].iterator(chunk_size=2000):
        writer.writerow(
            [
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                event.actor_name,
                event.channel,
                event.action,
                event.object_type,
                event.object_id,
                _csv_safe(event.object_repr),
                _csv_safe(_json(event.before)),
                _csv_safe(_json(event.after)),
                _csv_safe(event.note),
            ]
        )
    return response


def _json(value: Any) -> str:
    import json

    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _csv_safe(text: str) -> str:
    """Keep spreadsheet programs from running cell text as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --------------------------------------------------------------------------- API token


@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Show the user's API token; POST makes a new one (the old one stops working)."""
    token = Token.objects.filter(user=request.user).first()
    if request.method == "POST":
        token = issue_token(request.user, by=request.user)
        messages.success(request, _("A new API token was made. The old one no longer works."))
        return redirect("api-token")
    return render(request, "core/api_token.html", {"token": token})


@transaction.atomic
def issue_token(user: Any, *, by: Any) -> Token:
    """Replace the user's API token with a new one and record that in the audit trail."""
    replaced = Token.objects.filter(user=user).exists()
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(
        by,
        AuditAction.CREATED,
        object_type="authtoken.token",
        object_id=user.pk,
        object_repr=_("API token of %(user)s") % {"user": user.get_username()},
        note="replaced" if replaced else "",
    )
    return token

"""Views of the core app: health check, login, the audit trail and the user's API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.core import actions, audit_display, oidc
from fremdrift.core.access import audit_events_visible_to, indicator_places, restrict
from fremdrift.core.forms import ApiTokenForm, AuditFilterForm
from fremdrift.core.models import ApiToken, CalendarFeed
from fremdrift.core.xlsx import csv_response


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page, where a login lands: the plans, or for a municipality partner (who
    sees no plans) the indicator dashboard."""
    if indicator_places(request.user) is not None:
        return redirect("indicators:dashboard")
    return redirect("portfolio:plan-list")


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
    names = audit_display.names_for(page.object_list)  # old events' unit and area numbers
    rows = [
        (
            event,
            audit_display.object_label(event.object_type),
            audit_display.note_label(event.note),
            audit_display.changes(event, names),
        )
        for event in page.object_list
    ]
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def _audit_csv(events: Any) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response, writer = csv_response(f"revisionsspor-{stamp}.csv")
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
                event.object_repr,
                _json(event.before),
                _json(event.after),
                event.note,
            ]
        )
    return response


def _json(value: Any) -> str:
    import json

    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------- API tokens


@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: list, make one (its secret is shown once), revoke.

    A POST with ``revoke=<id>`` revokes one of the user's own tokens; any other POST makes a
    token from the form and answers with the page showing the secret, once, uncached.
    """
    tokens = ApiToken.objects.filter(user=request.user).select_related("user")
    form = ApiTokenForm(initial={"days": settings.FREMDRIFT_API_TOKEN_DAYS})
    secret = None
    if request.method == "POST" and "revoke" in request.POST:
        token = get_object_or_404(tokens, pk=_int_or_none(request.POST["revoke"]))
        actions.revoke_api_token(token, by=request.user)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("api-token")
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                _token, secret = actions.create_api_token(
                    request.user,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = ApiTokenForm(initial={"days": settings.FREMDRIFT_API_TOKEN_DAYS})
    response = render(
        request,
        "core/api_token.html",
        {"tokens": tokens, "form": form, "secret": secret},
    )
    add_never_cache_headers(response)
    return response


# --------------------------------------------------------------------------- calendar


@require_http_methods(["GET", "POST"])
def calendar_subscription(request: HttpRequest) -> HttpResponse:
    """The user's secret calendar address: make (or make anew) and revoke.

    Only a digest of the secret is kept, so the address is shown once, when it is made.
    Making a new one stops the old one from working.
    """
    feeds = restrict(
        CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True), request.user
    )
    url = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        if actions.revoke_calendar_feeds(request.user, by=request.user):
            messages.success(request, _("Your calendar address was revoked."))
        return redirect("calendar-subscription")
    if request.method == "POST":
        try:
            _feed, secret = actions.create_calendar_feed(request.user, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            path = reverse("governance:subscribed-calendar", args=[secret])
            url = request.build_absolute_uri(path)
    response = render(
        request,
        "core/calendar_subscription.html",
        {"feed": feeds.first(), "url": url},
    )
    add_never_cache_headers(response)
    return response


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() else None

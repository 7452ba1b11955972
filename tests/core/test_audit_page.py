"""The audit trail page: who may read which events, the filters and the CSV download."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction, Channel, Role
from fremdrift.core.models import AuditEvent
from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db
URL = "/audit/"


def _rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_an_administrator_sees_every_event(client, users, plan):
    client.force_login(users["admin"])
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == AuditEvent.objects.count()


def test_readers_and_editors_may_not_open_the_trail(client, users, plan):
    for key in ("reader", "editor_hospital", "nobody"):
        client.force_login(users[key])
        assert client.get(URL).status_code == 403


def test_a_coordinator_sees_only_the_events_of_their_plans_objects(client, users, plan, make_user):
    other = actions.create_plan(by="t", slug="anden", title="Anden plan")
    actions.create_area(other, by="t", title="Hemmeligt område")
    client.force_login(users["coordinator"])
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vinterplan" in html
    assert "Anden plan" not in html
    assert "Hemmeligt område" not in html
    types = {e.object_type for e in response.context["page"].object_list}
    assert types <= {"portfolio.plan", "portfolio.area", "portfolio.initiative"}


def test_the_filters_narrow_by_channel_action_type_user_and_words(client, users, plan):
    shared = plan.initiatives_by_key["shared"]
    with audit.channel(Channel.API):
        actions.record_status(
            shared, by=users["editor_hospital"], seen_version=shared.version, text="Via API."
        )
    client.force_login(users["admin"])
    query = {
        "channel": "api",
        "action": AuditAction.STATUS_RECORDED,
        "object_type": "portfolio.initiative",
        "user": "hospital",
        "q": "Præhospitalet",
    }
    events = list(client.get(URL, query).context["page"].object_list)
    assert len(events) == 1
    assert events[0].actor_name == "redaktoer_hospital"


def test_the_date_range_includes_both_days_in_copenhagen_time(client, users, plan):
    client.force_login(users["admin"])
    today = AuditEvent.objects.first().at.astimezone().date().isoformat()
    found = client.get(URL, {"date_from": today, "date_to": today}).context["page"]
    assert found.paginator.count == AuditEvent.objects.count()
    none = client.get(URL, {"date_from": "2000-01-01", "date_to": "2000-01-02"}).context["page"]
    assert none.paginator.count == 0


def test_the_filtered_events_download_as_csv(client, users, plan):
    client.force_login(users["admin"])
    response = client.get(URL, {"object_type": "portfolio.plan", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert len(rows[0]) == 10
    assert len(rows) == 1 + AuditEvent.objects.filter(object_type="portfolio.plan").count()
    assert all(row[4] == "portfolio.plan" for row in rows[1:])


def test_csv_cells_that_look_like_formulas_are_defused(client, users, units):
    from fremdrift.core import actions as core_actions

    core_actions.create_unit(by="t", name='=HYPERLINK("http://x")', kind="stab")
    client.force_login(users["admin"])
    rows = _rows(client.get(URL, {"format": "csv", "object_type": "core.orgunit"}))
    assert any(row[6].startswith("'=HYPERLINK") for row in rows[1:])


def test_the_page_offers_no_way_to_change_or_delete_events(client, users, plan):
    client.force_login(users["admin"])
    html = client.get(URL).content.decode()
    assert 'method="post"' not in html.split("<main")[1]
    assert client.post(URL).status_code == 405
    event = AuditEvent.objects.first()
    for path in (
        f"/admin/core/auditevent/{event.pk}/change/",
        f"/admin/core/auditevent/{event.pk}/delete/",
    ):
        response = client.post(path, {"post": "yes", "note": "changed"})
        assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, note=event.note).exists()


def test_user_creation_change_and_deactivation_are_audited(make_user, users):
    user = make_user("ny")
    created = AuditEvent.objects.get(
        object_type="auth.user", object_id=str(user.pk), action=AuditAction.CREATED
    )
    assert created.after["username"] == "ny"
    user.is_active = False
    user.set_password("nyt-kodeord")
    user.save()
    event = AuditEvent.objects.filter(object_type="auth.user", action=AuditAction.UPDATED).first()
    assert event.before == {"is_active": True, "password": "…"}
    assert event.after == {"is_active": False, "password": "(changed)"}
    assert event.note == "deactivated"
    assert "nyt-kodeord" not in str(event.after)


def test_the_actor_name_is_kept_when_the_user_is_deleted(client, users, plan):
    shared = plan.initiatives_by_key["shared"]
    editor = users["editor_hospital"]
    actions.record_status(shared, by=editor, seen_version=shared.version, text="Sidste status.")
    event = AuditEvent.objects.get(
        action=AuditAction.STATUS_RECORDED, actor=editor, after__status_text="Sidste status."
    )
    get_user_model().objects.filter(pk=editor.pk).delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_id is None
    assert event.actor_name == "redaktoer_hospital"
    assert AuditEvent.objects.filter(action=AuditAction.DELETED, object_type="auth.user").exists()


def test_role_changes_made_in_the_admin_are_audited_with_the_admin_channel(client, users, plan):
    client.force_login(users["admin"])
    response = client.post(
        reverse("admin:core_roleassignment_add"),
        {
            "user": users["nobody"].pk,
            "role": Role.READER,
            "plan": plan.pk,
            "unit": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action=AuditAction.ROLE_GRANTED).first()
    assert event.channel == Channel.ADMIN
    assert event.actor_name == "admin"
    assert event.after["user"] == "ingen"


def test_the_page_shows_names_not_code_names(client, users, plan) -> None:
    initiative = plan.initiatives_by_key["shared"]
    audit.record(
        users["admin"],
        AuditAction.UPDATED,
        initiative,
        before={"status_for": "", "archived": False},
        after={
            "status_for": "I gang",
            "archived": True,
            "manual_value": {"indicator": "Ventetid", "date": "2022-01-31", "value": 12},
        },
        note="single sign-on: not linked",  # a note the code records as fixed words
    )
    client.force_login(users["admin"])
    page = client.get(reverse("audit-list"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())  # what the page shows
    for code_name in ("portfolio.initiative", "Status for", "Manual value", "Archived"):
        assert code_name not in text
    assert "single sign-on: not linked" not in text
    assert "single sign-on afvist: kontoen er ikke knyttet til en bruger" in text
    for name in ("Indsats", "Arkiveret", "Omformuleret status", "Indikator: Ventetid", "Ja"):
        assert name in text
    # a recorded dict reads with the names of its keys, dates as dates (in the order the
    # database keeps the keys: PostgreSQL's jsonb sorts them)
    label = "Manuelt indtastet værdi før: — → , efter: "
    assert label in text
    shown = text[text.index(label) + len(label) :][:80]
    for part in ("Indikator: Ventetid", "Dato: 31. januar 2022", "Værdi: 12"):
        assert part in shown

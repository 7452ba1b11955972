"""The follow-up pages: who sees what, answering, review, reminders, heatmap, panels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind, ReadinessDimension, RequestState
from fremdrift.followup.models import UpdateRequest, UpdateRound
from fremdrift.portfolio import actions as portfolio_actions

pytestmark = pytest.mark.django_db


def _request(update_round, initiative):
    return UpdateRequest.objects.get(round=update_round, initiative=initiative)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --------------------------------------------------------------------------- my updates


def test_an_editor_sees_what_they_owe_under_my_updates(client, open_round, plan, people):
    client.force_login(people["editor_hr"])
    html = _html(client.get(reverse("followup:mine")))
    assert "Mine opdateringer" in html
    assert "Uddannelse af flere SPV" in html
    assert "Prøvehandling hvor Præhospitalet" not in html  # the hospital's, not HR's


def test_the_menu_shows_my_updates_to_editors_but_not_to_readers(client, people, plan):
    client.force_login(people["editor_hr"])
    assert reverse("followup:mine") in _html(client.get(reverse("portfolio:plan-list")))
    client.force_login(people["reader"])
    assert reverse("followup:mine") not in _html(client.get(reverse("portfolio:plan-list")))


def test_an_editor_confirms_unchanged_on_the_answer_page(client, open_round, plan, people):
    request = _request(open_round, plan.initiatives_by_key["hr"])
    client.force_login(people["editor_hr"])
    assert "Bekræft uændret" in _html(client.get(reverse("followup:answer", args=[request.pk])))
    response = client.post(reverse("followup:answer", args=[request.pk]), {"kind": "unchanged"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert "Uændret" in _html(client.get(reverse("followup:mine")))


def test_an_editor_records_a_new_status_on_the_answer_page(client, open_round, plan, people):
    initiative = plan.initiatives_by_key["hr"]
    request = _request(open_round, initiative)
    client.force_login(people["editor_hr"])
    response = client.post(
        reverse("followup:answer", args=[request.pk]),
        {
            "kind": "status",
            "text": "Første hold i marts.",
            "phase": "udbredelse",
            "phase_target": "",
            "status_date": "2021-12-16",
            "version": initiative.version,
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status_text == "Første hold i marts."


def test_a_status_answer_without_text_shows_an_error_and_writes_nothing(
    client, open_round, plan, people
):
    request = _request(open_round, plan.initiatives_by_key["hr"])
    client.force_login(people["editor_hr"])
    response = client.post(
        reverse("followup:answer", args=[request.pk]),
        {"kind": "status", "text": "", "phase": "udvikling"},
    )
    assert response.status_code == 200
    assert "Skriv status, eller vælg" in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.OUTSTANDING


def test_a_stale_answer_shows_the_conflict_and_keeps_the_text(client, open_round, plan, people):
    initiative = plan.initiatives_by_key["hr"]
    seen = initiative.version
    portfolio_actions.record_status(initiative, by="t", seen_version=seen, text="Imellem.")
    request = _request(open_round, initiative)
    client.force_login(people["editor_hr"])
    response = client.post(
        reverse("followup:answer", args=[request.pk]),
        {"kind": "status", "text": "Mit udkast", "phase": "udvikling", "version": seen},
    )
    assert response.status_code == 409
    assert "Mit udkast" in response.content.decode()


def test_a_status_answer_without_the_version_it_started_from_is_refused(
    client, open_round, plan, people
):
    request = _request(open_round, plan.initiatives_by_key["hr"])
    client.force_login(people["editor_hr"])
    response = client.post(
        reverse("followup:answer", args=[request.pk]),
        {"kind": "status", "text": "Uden version", "phase": "udvikling", "status_date": ""},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert "Åbn siden igen" in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.OUTSTANDING
    assert plan.initiatives_by_key["hr"].status_updates.filter(text="Uden version").count() == 0


def test_another_units_editor_may_not_answer(client, open_round, plan, people):
    request = _request(open_round, plan.initiatives_by_key["shared"])
    client.force_login(people["editor_hr"])
    assert client.get(reverse("followup:answer", args=[request.pk])).status_code == 403
    client.force_login(people["nobody"])
    assert client.get(reverse("followup:answer", args=[request.pk])).status_code == 404


# --------------------------------------------------------------------------- coordinator


def test_a_coordinator_opens_a_round_and_the_units_are_mailed(client, plan, people):
    client.force_login(people["coordinator"])
    deadline = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        reverse("followup:round-create", args=[plan.slug]),
        {
            "title": "Før HMU",
            "occasion": "HMU 10. december",
            "deadline": deadline.isoformat(),
            "reminder_days": "2",
        },
    )
    update_round = UpdateRound.objects.get()
    assert response.status_code == 302 and response["Location"] == update_round.get_absolute_url()
    assert update_round.requests.count() == 2
    assert len(mail.outbox) == 2


def test_only_coordinators_see_the_round_pages(client, open_round, plan, people):
    for key, status in (("editor_hr", 403), ("reader", 403), ("nobody", 404)):
        client.force_login(people[key])
        assert client.get(open_round.get_absolute_url()).status_code == status
        assert client.get(reverse("followup:round-list", args=[plan.slug])).status_code == status
        assert (
            client.post(reverse("followup:round-remind", args=[open_round.pk])).status_code
            == status
        )


def test_the_progress_page_shows_who_has_reported_and_when(client, open_round, plan, people):
    actions.submit_answer(
        _request(open_round, plan.initiatives_by_key["hr"]),
        by=people["editor_hr"],
        kind=AnswerKind.UNCHANGED,
    )
    client.force_login(people["coordinator"])
    html = _html(client.get(open_round.get_absolute_url()))
    assert "1 af 2 indrapporteret" in html
    assert "Koncern HR" in html and "Regionshospitalet Randers" in html
    assert "Uændret" in html and "Ikke indrapporteret" in html


def test_the_coordinator_reminds_those_missing_on_demand(client, open_round, plan, people):
    actions.submit_answer(
        _request(open_round, plan.initiatives_by_key["hr"]),
        by=people["editor_hr"],
        kind=AnswerKind.UNCHANGED,
    )
    client.force_login(people["coordinator"])
    client.post(reverse("followup:round-remind", args=[open_round.pk]))
    assert [m.to for m in mail.outbox] == [["redaktoer_hospital@example.invalid"]]
    client.post(reverse("followup:round-remind", args=[open_round.pk]))
    assert len(mail.outbox) == 1


def test_the_coordinator_approves_and_sends_back_answers(client, open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    hr = actions.submit_answer(
        _request(open_round, plan.initiatives_by_key["hr"]),
        by=people["editor_hr"],
        kind=AnswerKind.STATUS,
        text="Ny status.",
    )
    shared = actions.submit_answer(
        _request(open_round, plan.initiatives_by_key["shared"]),
        by=people["editor_hospital"],
        kind=AnswerKind.UNCHANGED,
    )
    client.force_login(people["coordinator"])
    assert "Afventer godkendelse" in _html(client.get(open_round.get_absolute_url()))
    client.post(reverse("followup:answer-approve", args=[hr.pk]))
    client.post(reverse("followup:answer-return", args=[shared.pk]), {"comment": "Uddyb."})
    hr.refresh_from_db()
    shared.refresh_from_db()
    assert hr.state == "approved" and shared.state == "returned"
    assert [m.to for m in mail.outbox] == [["redaktoer_hospital@example.invalid"]]
    assert "Uddyb." in mail.outbox[0].body and "sendt tilbage" in mail.outbox[0].subject
    client.force_login(people["editor_hospital"])
    page = _html(client.get(reverse("followup:answer", args=[shared.request_id])))
    assert "Uddyb." in page


def test_approving_an_answer_written_before_a_newer_status_is_refused(
    client, open_round, plan, people
):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    initiative = plan.initiatives_by_key["hr"]
    client.force_login(people["editor_hr"])
    client.post(
        reverse("followup:answer", args=[_request(open_round, initiative).pk]),
        {
            "kind": "status",
            "text": "Enhedens svar.",
            "phase": "udbredelse",
            "status_date": "",
            "version": initiative.version,
        },
    )
    answer = _request(open_round, initiative).answers.get()
    portfolio_actions.record_status(
        initiative, by="t", seen_version=initiative.version, text="Nyere status fra staben."
    )
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("followup:answer-approve", args=[answer.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="da"
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Send opdateringen tilbage" in m for m in messages), messages
    answer.refresh_from_db()
    initiative.refresh_from_db()
    assert answer.state == "submitted"
    assert initiative.status_text == "Nyere status fra staben."


def test_an_editor_may_not_approve(client, open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    answer = actions.submit_answer(
        _request(open_round, plan.initiatives_by_key["hr"]),
        by=people["editor_hr"],
        kind=AnswerKind.UNCHANGED,
    )
    client.force_login(people["editor_hr"])
    assert client.post(reverse("followup:answer-approve", args=[answer.pk])).status_code == 403


def test_closing_a_round_is_a_post(client, open_round, people):
    client.force_login(people["coordinator"])
    assert client.get(reverse("followup:round-close", args=[open_round.pk])).status_code == 405
    client.post(reverse("followup:round-close", args=[open_round.pk]))
    open_round.refresh_from_db()
    assert open_round.closed_at is not None


def test_the_plan_page_offers_update_rounds_to_coordinators_only(client, plan, people):
    url = reverse("portfolio:plan-detail", args=[plan.slug])
    client.force_login(people["coordinator"])
    assert "Statusrunder" in _html(client.get(url))
    client.force_login(people["reader"])
    assert "Statusrunder" not in _html(client.get(url))


# --------------------------------------------------------------------------- local and readiness


def test_the_plan_row_shows_the_local_roll_up(client, local_plan, units, people):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_local_status(initiative, units["hospital"], by="t", phase="implementering")
    client.force_login(people["reader"])
    html = _html(client.get(reverse("portfolio:plan-detail", args=[local_plan.slug])))
    assert "Lokalt: 1 af 3 enheder i implementering, 2 uden lokal status" in html


def test_the_plan_page_query_count_does_not_grow_with_local_statuses(
    client, local_plan, units, people
):
    url = reverse("portfolio:plan-detail", args=[local_plan.slug])
    client.force_login(people["reader"])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    initiative = local_plan.initiatives_by_key["local"]
    for key in ("hospital", "cluster", "horsens"):
        actions.record_local_status(initiative, units[key], by="t", phase="drift")
    client.get(url)  # the row whose note changed is rendered anew and cached
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_initiative_page_shows_the_local_table_and_readiness_radar(
    client, local_plan, units, people
):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_local_status(
        initiative, units["cluster"], by="t", phase="afprøvning", text="Prøves i Randers."
    )
    actions.record_readiness(
        initiative, units["hospital"], by="t", scores={d.value: (3, "") for d in ReadinessDimension}
    )
    client.force_login(people["editor_hospital"])
    html = _html(client.get(initiative.get_absolute_url()))
    assert "Lokal implementering" in html and "Prøves i Randers." in html
    assert "<svg" in html and "Ledelseskraften" in html
    assert reverse("followup:local-status", args=[initiative.pk, units["hospital"].pk]) in html
    # the hospital's editor may not record for the cluster
    assert reverse("followup:local-status", args=[initiative.pk, units["cluster"].pk]) not in html


def test_a_local_editor_records_local_status_and_readiness(client, local_plan, units, people):
    initiative = local_plan.initiatives_by_key["local"]
    client.force_login(people["editor_hospital"])
    url = reverse("followup:local-status", args=[initiative.pk, units["hospital"].pk])
    response = client.post(
        url, {"phase": "implementering", "text": "I gang", "status_date": "2022-01-10"}
    )
    assert response.status_code == 302
    data = {"assessed_on": "2022-01-10"}
    for d in ReadinessDimension:
        data[f"score_{d.value}"] = "2"
        data[f"comment_{d.value}"] = ""
    url = reverse("followup:readiness", args=[initiative.pk, units["hospital"].pk])
    assert client.post(url, data).status_code == 302
    other = reverse("followup:local-status", args=[initiative.pk, units["cluster"].pk])
    assert client.get(other).status_code == 403


def test_the_support_list_is_for_coordinators(client, local_plan, units, people):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_readiness(
        initiative,
        units["hospital"],
        by="t",
        scores={d.value: (1, "Travlt") for d in ReadinessDimension},
    )
    client.force_login(people["coordinator"])
    assert "Regionshospitalet Randers" in _html(client.get(reverse("followup:readiness-low")))
    client.force_login(people["editor_hr"])
    assert client.get(reverse("followup:readiness-low")).status_code == 403


def test_the_heatmap_shows_phases_as_text_filtered_by_area(client, local_plan, units, people):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_local_status(initiative, units["hospital"], by="t", phase="implementering")
    client.force_login(people["reader"])
    html = _html(client.get(reverse("followup:heatmap"), {"plan": local_plan.slug}))
    assert "Overblik over akut kapacitet" in html
    assert ">Implementering</td>" in html and "ingen lokal status" in html
    staff = local_plan.areas_by_slug["personale"]
    html = _html(client.get(reverse("followup:heatmap"), {"area": staff.pk}))
    assert "Overblik over akut kapacitet" not in html


def _heatmap_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("followup:heatmap"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_heatmap_query_count_is_pinned(client, local_plan, units, people):
    client.force_login(people["admin"])
    baseline = _heatmap_queries(client)
    area = local_plan.areas_by_slug["hospitaler"]
    for n in range(5):
        more = portfolio_actions.create_initiative(
            local_plan,
            by="t",
            title=f"Indsats {n}",
            areas=[area],
            units={"local": [units["hospital"], units["cluster"], units["horsens"]]},
        )
        for key in ("hospital", "cluster"):
            actions.record_local_status(more, units[key], by="t", phase="udvikling")
    assert _heatmap_queries(client) == baseline
    assert baseline <= 12


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_initiatives(plan, units, n=6):
    area = plan.areas_by_slug["personale"]
    for i in range(n):
        portfolio_actions.create_initiative(
            plan, by="t", title=f"HR-indsats {i}", areas=[area], units={"lead": [units["hr"]]}
        )


def test_the_progress_page_query_count_is_pinned(client, plan, units, people):
    client.force_login(people["coordinator"])
    few_round = actions.open_round(plan, by="t", title="Få", deadline=timezone.localdate())
    few = _queries(client, few_round.get_absolute_url())
    _more_initiatives(plan, units)
    many_round = actions.open_round(plan, by="t", title="Mange", deadline=timezone.localdate())
    for request in many_round.requests.all()[:4]:
        actions.submit_answer(request, by="t", kind=AnswerKind.UNCHANGED)
    assert _queries(client, many_round.get_absolute_url()) == few
    assert few <= 10


def test_my_updates_query_count_is_pinned(client, plan, units, people):
    client.force_login(people["editor_hr"])
    actions.open_round(plan, by="t", title="Få", deadline=timezone.localdate())
    few = _queries(client, reverse("followup:mine"))
    _more_initiatives(plan, units)
    update_round = actions.open_round(plan, by="t", title="Mange", deadline=timezone.localdate())
    for request in update_round.requests.filter(unit=units["hr"])[:3]:
        actions.submit_answer(request, by="t", kind=AnswerKind.UNCHANGED)
    assert _queries(client, reverse("followup:mine")) == few
    assert few <= 8


def test_the_progress_can_be_downloaded_as_xlsx(client, open_round, plan, people):
    import io

    from openpyxl import load_workbook

    actions.submit_answer(
        _request(open_round, plan.initiatives_by_key["hr"]),
        by=people["editor_hr"],
        kind=AnswerKind.UNCHANGED,
    )
    client.force_login(people["coordinator"])
    response = client.get(open_round.get_absolute_url(), {"format": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Indsats", "Enhed", "Tilstand")
    assert ("Uddannelse af flere SPV'er", "Koncern HR", "Indrapporteret", "Uændret") in [
        r[:4] for r in rows
    ]

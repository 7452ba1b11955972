"""Nothing typed is lost: a form sent after the session ended is filled in again after the
login, and a kept text goes once the form is accepted, discarded or the user logs out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fremdrift.portfolio.models import Initiative

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Første hold SPV'er starter i marts; HR-forum godkendte det 16. december."
NOTICE = "Det, du skrev her og ikke havde gemt, er sat ind igen."


def _status_form(live_server) -> str:
    initiative = Initiative.objects.filter(plan__slug="vinterplan-2021").order_by("pk").first()
    return f"{live_server.url}/initiatives/{initiative.pk}/status/"


def _kept(page) -> list[str]:
    """The texts this tab keeps."""
    return page.evaluate(
        "Object.keys(sessionStorage).filter(key => key.startsWith('fremdrift-draft:'))"
    )


def _log_in_here(page, username: str = "koordinator") -> None:
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_status_sent_after_the_session_ended_is_filled_in_again_after_logging_in(
    page, live_server, demo_data, login
):
    login("koordinator")
    form = _status_form(live_server)
    page.goto(form)
    page.locator("#id_text").fill(TEXT)
    page.context.clear_cookies(name="sessionid")  # the session ends while the user types
    page.get_by_role("button", name="Registrér status").click()
    page.wait_for_url("**/accounts/login/**")
    _log_in_here(page)
    assert page.url == form  # back at the form …
    assert page.locator("#id_text").input_value() == TEXT  # … with the text
    assert page.get_by_role("status").filter(has_text=NOTICE).is_visible()

    page.get_by_role("button", name="Registrér status").click()
    page.wait_for_selector(".message")  # saved: redirected to the initiative
    assert TEXT in page.locator(".timeline li").first.inner_text()
    page.goto(form)  # the kept text went with the accepted form (the form now shows the
    assert page.get_by_text(NOTICE).count() == 0  # saved status as its current one)
    assert _kept(page) == []


def test_a_status_refused_by_the_csrf_check_is_filled_in_again_when_the_user_goes_back(
    page, live_server, demo_data, login
):
    login("koordinator")
    form = _status_form(live_server)
    page.goto(form)
    page.locator("#id_text").fill(TEXT)
    page.context.clear_cookies(name="csrftoken")  # e.g. cookies cleared in another tab
    page.get_by_role("button", name="Registrér status").click()
    expect(page.get_by_role("heading", name="Formularen kunne ikke sendes")).to_be_visible()
    page.get_by_role("link", name="Tilbage til forrige side").click()
    page.wait_for_url(form)
    assert page.locator("#id_text").input_value() == TEXT
    assert page.get_by_role("status").filter(has_text=NOTICE).is_visible()


def test_a_form_with_errors_shows_the_posted_text_and_no_notice(
    page, live_server, demo_data, login
):
    login("koordinator")
    page.goto(_status_form(live_server))
    page.locator("#id_text").fill(TEXT)
    page.locator("#id_status_date").fill("")
    page.evaluate("document.querySelector('main form[method=post]').noValidate = true")
    page.get_by_role("button", name="Registrér status").click()
    expect(page.locator(".error-summary")).to_be_visible()  # the answer has come …
    page.wait_for_load_state()  # … and its scripts have run
    assert page.locator("#id_text").input_value() == TEXT  # the server's own re-render
    assert page.get_by_text(NOTICE).count() == 0


def test_a_kept_text_can_be_discarded_and_goes_when_the_user_logs_out(
    page, live_server, demo_data, login
):
    login("koordinator")
    form = _status_form(live_server)
    page.goto(form)
    default = page.locator("#id_text").input_value()
    page.locator("#id_text").fill(TEXT)
    page.goto(f"{live_server.url}/plans/")  # left without sending
    page.goto(form)
    assert page.locator("#id_text").input_value() == TEXT
    page.get_by_role("button", name="Kassér det").click()
    assert page.locator("#id_text").input_value() == default
    assert page.get_by_text(NOTICE).count() == 0
    page.reload()
    assert page.locator("#id_text").input_value() == default

    page.locator("#id_text").fill(TEXT)
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/accounts/login/**")
    _log_in_here(page)
    page.goto(form)
    assert page.locator("#id_text").input_value() == default
    assert _kept(page) == []


def _area_label(page, area):
    box = page.locator(f"input[name=areas][value='{area.pk}']")
    return page.locator(f"label[for='{box.get_attribute('id')}']")


def test_chosen_options_and_ticked_boxes_are_filled_in_again_after_logging_in(
    page, live_server, demo_data, login
):
    from fremdrift.core.models import OrgUnit

    initiative = Initiative.objects.filter(plan__slug="vinterplan-2021").order_by("pk").first()
    placed = set(
        initiative.memberships.filter(valid_to__isnull=True).values_list("area_id", flat=True)
    )
    other_area = initiative.plan.areas.exclude(pk__in=placed).order_by("position").first()
    first_area = initiative.plan.areas.filter(pk__in=placed).order_by("position").first()
    local = set(initiative.unit_links.filter(role="local").values_list("unit_id", flat=True))
    unit = OrgUnit.objects.exclude(pk__in=local).order_by("name").first()
    new_phase = "udbredelse" if initiative.phase != "udbredelse" else "drift"
    new_kind = "udvikling" if initiative.kind != "udvikling" else "implementering"
    form = f"{live_server.url}/initiatives/{initiative.pk}/edit/"

    login("koordinator")
    page.goto(form)
    page.locator("#id_phase").select_option(new_phase)
    page.locator("#id_phase_target").select_option("")
    page.locator("#id_kind").select_option(new_kind)
    page.locator("#id_work_form").select_option("kampagne")
    _area_label(page, other_area).click()  # the design system styles the label, not the box
    _area_label(page, first_area).click()
    page.locator("#id_local").select_option([str(pk) for pk in local] + [str(unit.pk)])
    page.context.clear_cookies(name="sessionid")  # the session ends while the user chooses
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    _log_in_here(page)

    expect(page).to_have_url(form)  # back at the form, with every choice
    expect(page.get_by_role("status").filter(has_text=NOTICE)).to_be_visible()
    expect(page.locator("#id_phase")).to_have_value(new_phase)
    expect(page.locator("#id_kind")).to_have_value(new_kind)
    expect(page.locator("#id_work_form")).to_have_value("kampagne")
    expect(page.locator(f"input[name=areas][value='{other_area.pk}']")).to_be_checked()
    expect(page.locator(f"input[name=areas][value='{first_area.pk}']")).not_to_be_checked()
    expect(page.locator(f"#id_local option[value='{unit.pk}']")).to_have_js_property(
        "selected", True
    )

    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(".message")).to_contain_text("Ændringerne er gemt")
    initiative.refresh_from_db()
    assert (initiative.phase, initiative.kind, initiative.work_form) == (
        new_phase,
        new_kind,
        "kampagne",
    )
    now = set(
        initiative.memberships.filter(valid_to__isnull=True).values_list("area_id", flat=True)
    )
    assert other_area.pk in now and first_area.pk not in now
    assert unit.pk in set(
        initiative.unit_links.filter(role="local").values_list("unit_id", flat=True)
    )
    page.goto(form)
    expect(page.locator("#id_phase")).to_have_value(new_phase)
    assert page.get_by_text(NOTICE).count() == 0
    assert _kept(page) == []


def test_discarding_a_kept_draft_puts_the_choices_back(page, live_server, demo_data, login):
    initiative = Initiative.objects.filter(plan__slug="vinterplan-2021").order_by("pk").first()
    form = f"{live_server.url}/initiatives/{initiative.pk}/status/"
    login("koordinator")
    page.goto(form)
    phase = page.locator("#id_phase").input_value()
    other = "drift" if phase != "drift" else "udvikling"
    page.locator("#id_phase").select_option(other)
    page.goto(f"{live_server.url}/plans/")  # left without sending
    page.goto(form)
    expect(page.locator("#id_phase")).to_have_value(other)
    page.get_by_role("button", name="Kassér det").click()
    expect(page.locator("#id_phase")).to_have_value(phase)
    page.reload()
    expect(page.locator("#id_phase")).to_have_value(phase)
    assert _kept(page) == []

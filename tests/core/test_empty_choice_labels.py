"""An empty choice says what it means: "Alle …" in a filter, "Ingen …" in a form."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.portfolio.test_search_filter_labels import _empty_options

pytestmark = pytest.mark.django_db


def test_the_audit_trails_filters_name_their_empty_choice(client: Any, users: Any) -> None:
    client.force_login(users["admin"])
    html = client.get(reverse("audit-list"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    empty = _empty_options(html)
    assert empty["channel"] == "Alle kanaler"
    assert empty["action"] == "Alle handlinger"
    assert empty["object_type"] == "Alle typer"


def test_the_initiative_and_status_forms_say_no_target_phase_and_no_work_form(
    client: Any, users: Any, plan: Any
) -> None:
    shared = plan.initiatives_by_key["shared"]
    client.force_login(users["coordinator"])
    edit = client.get(reverse("portfolio:initiative-edit", args=[shared.pk]),
                      HTTP_ACCEPT_LANGUAGE="da").content.decode()  # fmt: skip
    status = client.get(reverse("portfolio:status-create", args=[shared.pk]),
                        HTTP_ACCEPT_LANGUAGE="da").content.decode()  # fmt: skip
    assert _empty_options(edit)["phase_target"] == "Ingen målfase"
    assert _empty_options(edit)["work_form"] == "Ingen arbejdsform"
    assert _empty_options(edit)["parent"] == "Ingen overordnet indsats"
    assert _empty_options(status)["phase_target"] == "Ingen målfase"

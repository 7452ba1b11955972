"""``fremdrift demo`` refuses a database that holds data other than the demo's."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fremdrift.core.models import RoleAssignment
from fremdrift.portfolio.models import Plan

pytestmark = pytest.mark.django_db


def test_the_demo_refuses_a_database_that_holds_other_data(users):
    plans_before = list(Plan.objects.values_list("slug", flat=True))
    with pytest.raises(CommandError) as refused:
        call_command("demo", "--no-serve", stdout=io.StringIO())
    message = str(refused.value)
    assert "\n" not in message
    assert "--force" in message
    assert "planer: vinter" in message and "plans: vinter" in message
    assert "koordinator" not in message  # a demo user name is not foreign
    assert refused.value.returncode == 1
    assert list(Plan.objects.values_list("slug", flat=True)) == plans_before
    assert not RoleAssignment.objects.filter(user__username="laeser", plan=None).exists()


def test_the_demo_refuses_a_database_with_only_a_user_it_did_not_make(make_user):
    make_user("karen")
    with pytest.raises(CommandError, match="brugere: karen"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert not Plan.objects.exists()


def test_force_loads_the_demo_beside_other_data(users):
    call_command("demo", "--no-serve", "--force", stdout=io.StringIO())
    slugs = set(Plan.objects.values_list("slug", flat=True))
    assert {"vinter", "vinterplan-2021"} <= slugs

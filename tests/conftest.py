"""Shared fixtures: one user per role, a small plan, the demo data."""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role, UnitKind
from fremdrift.portfolio import actions
from tests import shared_sqlite

ACTOR = "test"

# the live server shares the in-memory SQLite connection with its threads: one at a time
if os.environ.get("FREMDRIFT_TEST_UNSERIALISED_SQLITE") != "1":  # tests/test_tools.py only
    shared_sqlite.install()

# pytest-timeout (pyproject.toml) fails a test that runs too long, but it needs the GIL to do
# so; a process frozen with the GIL held (the deadlock above) is ended from C by faulthandler,
# with every thread's stack, a while later. Under xdist the worker is replaced and the run goes on.
HARD_LIMIT = float(os.environ.get("FREMDRIFT_TEST_HARD_LIMIT", "900"))
_STDERR: list[Any] = []  # the real standard error (a test's output is captured)


def pytest_configure(config: pytest.Config) -> None:
    _STDERR.append(os.fdopen(os.dup(sys.__stderr__.fileno()), "w"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    faulthandler.dump_traceback_later(HARD_LIMIT, exit=True, file=_STDERR[0])
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _reset_language() -> Any:
    """Commands and requests switch the active language; start and end every test clean."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Rendered fragments are cached by content (core/fragments.py) in the process's memory;
    start every test with an empty cache, as databases of tests reuse primary keys."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def units(db: Any) -> dict[str, Any]:
    """A small organisation tree: region → hospital → department, a staff unit, a cluster."""
    region = core_actions.create_unit(by=ACTOR, name="Region Midtjylland", kind=UnitKind.REGION)
    hospital = core_actions.create_unit(
        by=ACTOR, name="Regionshospitalet Randers", kind=UnitKind.HOSPITAL, parent=region
    )
    department = core_actions.create_unit(
        by=ACTOR, name="Akutafdelingen Randers", kind=UnitKind.DEPARTMENT, parent=hospital
    )
    hr = core_actions.create_unit(by=ACTOR, name="Koncern HR", kind=UnitKind.STAFF, parent=region)
    cluster = core_actions.create_unit(
        by=ACTOR, name="Randersklyngen", kind=UnitKind.CLUSTER, parent=region
    )
    return {
        "region": region,
        "hospital": hospital,
        "department": department,
        "hr": hr,
        "cluster": cluster,
    }


@pytest.fixture
def plan(units: dict[str, Any]) -> Any:
    """A winter plan with two areas; one initiative sits in both."""
    plan = actions.create_plan(
        by=ACTOR, slug="vinter", title="Vinterplan", purpose=["Komme godt gennem vinteren"]
    )
    staff = actions.create_area(plan, by=ACTOR, title="Personale")
    hospitals = actions.create_area(plan, by=ACTOR, title="Hospitaler")
    shared = actions.create_initiative(
        plan,
        by=ACTOR,
        title="Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid",
        theme="Præhospitalet",
        areas=[staff, hospitals],
        units={"local": [units["hospital"]]},
        phase="afprøvning",
    )
    hr_only = actions.create_initiative(
        plan,
        by=ACTOR,
        title="Uddannelse af flere SPV'er",
        areas=[staff],
        units={"lead": [units["hr"]], "common": [units["hr"]]},
        phase="implementering",
    )
    actions.record_status(
        shared,
        by=ACTOR,
        seen_version=shared.version,
        text="I gang.",
        status_date=dt.date(2021, 12, 1),
    )
    plan.refresh_from_db()
    plan.areas_by_slug = {a.slug: a for a in plan.areas.all()}
    shared.refresh_from_db()
    hr_only.refresh_from_db()
    plan.initiatives_by_key = {"shared": shared, "hr": hr_only}
    return plan


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    def make(
        username: str,
        role: str | None = None,
        *,
        plan: Any = None,
        unit: Any = None,
        superuser: bool = False,
    ) -> Any:
        user = get_user_model().objects.create_user(
            username=username, password="pw", is_superuser=superuser, is_staff=superuser
        )
        if role:
            core_actions.grant_role(by=ACTOR, user=user, role=role, plan=plan, unit=unit)
        return user

    return make


@pytest.fixture
def users(plan: Any, units: dict[str, Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    """One user per role, scoped to the ``plan`` fixture."""
    return {
        "admin": make_user("admin", superuser=True),
        "coordinator": make_user("koordinator", Role.COORDINATOR, plan=plan),
        "editor_hospital": make_user("redaktoer_hospital", Role.EDITOR, unit=units["hospital"]),
        "editor_hr": make_user("redaktoer_hr", Role.EDITOR, unit=units["hr"]),
        "reader": make_user("laeser", Role.READER, plan=plan),
        "analyst": make_user("analytiker", Role.INDICATOR_OFFICER),
        "nobody": make_user("ingen"),
    }


def client_for(user: Any) -> Client:
    """A test client logged in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def api_token_for(user: Any) -> str:
    """A fresh API token secret for ``user`` (made through the action, as a client would get it)."""
    _token, secret = core_actions.create_api_token(user, by=ACTOR, name="test")
    return secret


@pytest.fixture
def demo(db: Any) -> None:
    """The full demo data set (seed plans and demo users)."""
    from fremdrift.demo import loader

    loader.load_all()


@pytest.fixture(scope="module")
def demo_module(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The full demo data set, loaded once for a module (its tests roll back their own
    changes) and removed after it."""
    from django.core.management import call_command

    from fremdrift.demo import loader

    with django_db_blocker.unblock():
        loader.load_all()
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def refuse_new_area_places(db: Any) -> Any:
    """The database refuses every new area membership: a real failure in the second half of
    an edit that also changes fields (no code of ours is replaced)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse_place() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER test_refuse_place BEFORE INSERT ON portfolio_areamembership "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse_place()"
            )
        else:
            cursor.execute(
                "CREATE TEMP TRIGGER test_refuse_place BEFORE INSERT ON portfolio_areamembership "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS test_refuse_place ON portfolio_areamembership")
            cursor.execute("DROP FUNCTION IF EXISTS test_refuse_place()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS test_refuse_place")

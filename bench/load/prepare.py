"""Prepare a database for the page timings and the load test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fremdrift_load \
        .venv/bin/python bench/load/prepare.py --users 50 --out var/load-users.json

Migrates, loads the demo (three plans, the winter plan among them), adds a synthetic plan
``stor-plan`` with ``--initiatives`` initiatives (300 by default) shaped like the winter
plan (five areas, themes, long status texts, follow-up units, a tenth in two areas), and
makes load-test users ``last01`` … : coordinators of every plan (so they may record
statuses), each with an API token. The file written lists user names, the password, the
tokens, the plans, and which initiative each user records statuses on (one each, so that
users do not conflict). Safe to run again on the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
from pathlib import Path

BIG_PLAN = "stor-plan"
AREAS = ["Personale", "Praktiserende læger", "Hospitaler", "Kommuner", "Patientkontoret"]
UNITS = [
    "Koncern HR",
    "Regionshospitalet Randers",
    "Aarhus Universitetshospital",
    "Hospitalsenhed Midt",
    "Regionshospitalet Gødstrup",
    "Præhospitalet",
    "PLO-Midtjylland",
]
PHASES = ["afdækning", "udvikling", "afprøvning", "implementering", "udbredelse", "drift"]
WORK_FORMS = ["", "sprint", "temaworkshop", "prøvehandling", "afdækning", "kampagne"]
STATUS = (
    "Der er nedsat en arbejdsgruppe med deltagelse af hospitalerne og kommunerne. "
    "Første møde er afholdt, og der arbejdes nu på en fælles model for visitation og "
    "opfølgning. Erfaringerne fra sidste vinter indgår, og en evaluering forelægges "
    "styregruppen i uge {week}."
)


def big_plan(n: int) -> str:
    """A plan with ``n`` initiatives (created once; kept when it exists)."""
    from fremdrift.core import actions as core_actions
    from fremdrift.core.choices import UnitKind
    from fremdrift.core.models import OrgUnit
    from fremdrift.portfolio import actions
    from fremdrift.portfolio.models import Initiative, Plan

    if Plan.objects.filter(slug=BIG_PLAN).exists():
        return BIG_PLAN
    by = "load-test"
    region = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    units = []
    for name in UNITS:
        unit = OrgUnit.objects.filter(name=name).first() or core_actions.create_unit(
            by=by, name=name, kind=UnitKind.HOSPITAL, parent=region
        )
        units.append(unit)
    plan = actions.create_plan(
        by=by,
        slug=BIG_PLAN,
        title=f"Stor plan med {n} indsatser",
        purpose=["Måle sidevisningen af en stor plan"],
    )
    areas = [actions.create_area(plan, by=by, title=title) for title in AREAS]
    for i in range(n):
        home = areas[i % len(areas)]
        also = [areas[(i + 2) % len(areas)]] if i % 10 == 0 else []
        initiative = actions.create_initiative(
            plan,
            by=by,
            title=f"Indsats {i + 1}: styrket samarbejde om udskrivning af ældre medicinske "
            f"patienter i vinterperioden",
            theme=f"Tema {i // 12 + 1}",
            areas=[home, *also],
            units={
                "local": [units[i % 5], units[(i + 1) % 5]],
                "common": [units[5]],
                "lead": [units[5]] if i % 3 == 0 else [units[6]],
            },
            phase=PHASES[i % len(PHASES)],
            work_form=WORK_FORMS[i % len(WORK_FORMS)],
            follow_up_text="Fælles: Præhospitalet",
        )
        actions.record_status(
            initiative,
            by=by,
            seen_version=initiative.version,
            text=STATUS.format(week=40 + i % 10),
        )
    assert Initiative.objects.filter(plan=plan).count() == n  # noqa: S101
    return BIG_PLAN


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--initiatives", type=int, default=300, help="of the big plan")
    parser.add_argument("--out", default="var/load-users.json")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from fremdrift.core.actions import create_api_token, grant_role
    from fremdrift.core.choices import Role
    from fremdrift.demo import loader
    from fremdrift.portfolio.models import Initiative, Plan

    call_command("migrate", verbosity=0)
    loader.load_all()
    big = big_plan(args.initiatives)
    password = "load-test-" + secrets.token_urlsafe(8)
    initiatives = list(
        Initiative.objects.filter(archived_at__isnull=True).exclude(plan__slug=big).order_by("pk")
    )
    users = []
    for n in range(1, args.users + 1):
        name = f"last{n:02d}"
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            user = get_user_model().objects.create_user(username=name)
        user.set_password(password)
        user.save()
        grant_role(by="load-test", user=user, role=Role.COORDINATOR)
        _token, secret = create_api_token(user, by="load-test", name="load test", days=1)
        users.append(
            {
                "username": name,
                "token": secret,
                "initiative": initiatives[(n - 1) % len(initiatives)].pk,
            }
        )
    document = {
        "password": password,
        "users": users,
        "plans": list(Plan.objects.exclude(slug=big).values_list("slug", flat=True)),
        "big_plan": big,
        "winter_plan": "vinterplan-2021",
        "initiatives": [i.pk for i in initiatives],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(document, indent=2), encoding="utf-8")
    print(f"{len(users)} users, {len(initiatives)} initiatives, plan {big} -> {args.out}")


if __name__ == "__main__":
    main()

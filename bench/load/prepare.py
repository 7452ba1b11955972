"""Prepare a database for the load test: migrate, load the demo, make load-test users.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fremdrift_load \
        .venv/bin/python bench/load/prepare.py --users 50 --out var/load-users.json

Each load-test user ``last01`` … is a coordinator of every plan (so it may record statuses)
and gets an API token. The file written lists user names, the password and tokens, and
which initiative each user records statuses on (one each, so that users do not conflict).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
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
    password = "load-test-" + secrets.token_urlsafe(8)
    initiatives = list(Initiative.objects.filter(archived_at__isnull=True).order_by("pk"))
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
        "plans": list(Plan.objects.values_list("slug", flat=True)),
        "initiatives": [i.pk for i in initiatives],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(document, indent=2), encoding="utf-8")
    print(f"{len(users)} users, {len(initiatives)} initiatives -> {args.out}")


if __name__ == "__main__":
    main()

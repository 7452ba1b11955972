"""``fremdrift token USERNAME --new [--days N] [--name NAME]`` and ``--revoke-all``.

``--new`` makes a token and prints it once: only its digest is kept, so it cannot be shown
again. ``--revoke-all`` stops every token of the user. Both are audited (never the token).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext

from fremdrift.core import actions
from fremdrift.core.commands import FremdriftCommand, no_such_user


class Command(FremdriftCommand):
    help = (
        "Make an API token for USERNAME and print it once (--new), or revoke all of the "
        "user's tokens (--revoke-all)."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("username")
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--new", action="store_true", help="Make a token and print it once.")
        what.add_argument(
            "--revoke-all", action="store_true", help="Revoke every token of the user."
        )
        parser.add_argument(
            "--days", type=int, default=None, help="Days until the token expires (default 90)."
        )
        parser.add_argument("--name", default="fremdrift token", help="A name for the token.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise no_such_user(options["username"])
        if options["revoke_all"]:
            count = actions.revoke_all_api_tokens(user, by=self.actor(options))
            self.stdout.write(
                ngettext(
                    "%(user)s: %(count)d token revoked",
                    "%(user)s: %(count)d tokens revoked",
                    count,
                )
                % {"user": user.username, "count": count}
            )
            return
        if not user.is_active:
            raise CommandError(
                gettext("The user “%(user)s” is deactivated.") % {"user": user.username}
            )
        try:
            _token, secret = actions.create_api_token(
                user, by=self.actor(options), name=options["name"], days=options["days"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(str(m) for m in exc.messages)) from exc
        self.stdout.write(secret)

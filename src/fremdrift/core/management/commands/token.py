"""``fremdrift token USERNAME [--new]``: print a user's API token, making one if needed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from fremdrift.core.commands import FremdriftCommand
from fremdrift.core.views import issue_token


class Command(FremdriftCommand):
    help = "Print the API token of USERNAME (made if the user has none; --new replaces it)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("username")
        parser.add_argument(
            "--new", action="store_true", help="Replace the token; the old one stops working."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        if not user.is_active:
            raise CommandError(f"The user {user.username!r} is deactivated.")
        token = Token.objects.filter(user=user).first()
        if token is None or options["new"]:
            token = issue_token(user, by=self.actor(options))
        self.stdout.write(token.key)

"""Base class of Fremdrift's management commands.

User errors end the command with exit code 1 and one line on stderr; changes are audited
with the command-line channel and the operating-system user's name.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fremdrift.core import audit
from fremdrift.core.choices import Channel


class FremdriftCommand(BaseCommand):
    """A command whose errors are one clear line and whose changes are audited as CLI."""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--as-user",
            dest="as_user",
            default=None,
            help="Record changes as this Fremdrift user (default: the operating-system user).",
        )

    def actor(self, options: dict[str, Any]) -> Any:
        name = options.get("as_user")
        if name:
            user = get_user_model().objects.filter(username=name).first()
            if user is None:
                raise CommandError(f"No user named {name!r}.")
            return user
        try:
            return f"cli:{getpass.getuser()}"
        except (KeyError, OSError):
            return "cli"

    def execute(self, *args: Any, **options: Any) -> Any:
        with audit.channel(Channel.CLI):
            return super().execute(*args, **options)

    def run_from_argv(self, argv: list[str]) -> None:
        """Like Django's, but print just the message of a user error, not its class name."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        try:
            self.execute(*args, **cmd_options)
        except CommandError as exc:
            sys.stderr.write(f"{exc}\n")
            sys.exit(exc.returncode)

"""Base class of Fremdrift's management commands.

User errors end the command with exit code 1 and one line on stderr; changes are audited
with the command-line channel and the operating-system user's name.

A command runs with the operator's full rights unless ``--as-user NAME`` is given: then it
acts as that Fremdrift user, and the access policy decides what it may read and change,
exactly as on the web.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from fremdrift.core import access, audit
from fremdrift.core.choices import Channel


def no_such_user(name: str) -> CommandError:
    """The one-line error for a user name that names nobody."""
    return CommandError(gettext("No user named “%(name)s”.") % {"name": name})


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
                raise no_such_user(name)
            return user
        try:
            return f"cli:{getpass.getuser()}"
        except (KeyError, OSError):
            return "cli"

    def as_user(self, options: dict[str, Any]) -> Any | None:
        """The ``--as-user`` user, or None when the operator acts with full rights."""
        actor = self.actor(options)
        return None if isinstance(actor, str) else actor

    def restrict(self, options: dict[str, Any], queryset: Any, action: str = "view") -> Any:
        """``queryset`` as the ``--as-user`` user may ``action`` it (all of it for the operator)."""
        user = self.as_user(options)
        return queryset if user is None else access.restrict(queryset, user, action)

    def plan(self, options: dict[str, Any], slug: str, action: str = "view") -> Any:
        """The plan ``slug``, if the command may ``action`` it; a plan the ``--as-user`` user
        may not see is reported as missing."""
        from fremdrift.portfolio.models import Plan

        plan = self.restrict(options, Plan.objects.all()).filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"No plan with the short name {slug!r} (see `fremdrift plans`).")
        user = self.as_user(options)
        if user is not None and not access.may(user, action, plan):
            raise CommandError(f"{user.get_username()} may not {action} the plan {slug!r}.")
        return plan

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

"""``fremdrift link-identity USERNAME --subject S [--issuer I]``: link an account for SSO.

Single sign-on finds users by the provider's issuer and subject only (docs/security.md).
An existing local account is linked to its identity explicitly, by an administrator, with
this command or in the admin. ``--unlink`` removes the link.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from fremdrift.core import actions
from fremdrift.core.commands import FremdriftCommand, no_such_user
from fremdrift.core.models import Identity


def _one_line(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


class Command(FremdriftCommand):
    help = (
        "Link USERNAME to the single sign-on identity with this subject (the provider's `sub`, "
        "or `oid` for Entra ID) and issuer (default OIDC_OP_ISSUER); --unlink removes the link."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("username")
        parser.add_argument("--subject", help="The provider's stable id of the user.")
        parser.add_argument("--issuer", help="The provider's issuer (default: OIDC_OP_ISSUER).")
        parser.add_argument("--unlink", action="store_true", help="Remove the user's link.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise no_such_user(options["username"])
        if options["unlink"]:
            identity = Identity.objects.filter(user=user).first()
            if identity is None:
                raise CommandError(f"{user.username!r} is not linked to any identity.")
            actions.unlink_identity(identity, by=self.actor(options))
            self.stdout.write(f"{user.username}: unlinked from {identity.subject}")
            return
        if not options["subject"]:
            raise CommandError("Give --subject (the provider's `sub`, or `oid` for Entra ID).")
        issuer = options["issuer"] or getattr(settings, "OIDC_OP_ISSUER", "")
        if not issuer:
            raise CommandError("Give --issuer, or set OIDC_OP_ISSUER.")
        try:
            identity = actions.link_identity(
                user, by=self.actor(options), issuer=issuer, subject=options["subject"]
            )
        except ValidationError as exc:
            raise CommandError(_one_line(exc)) from exc
        self.stdout.write(f"{user.username}: linked to {identity.subject} ({identity.issuer})")

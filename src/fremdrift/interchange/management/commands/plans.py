"""``fremdrift plans``: one line per plan (slug, title, number of initiatives)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from fremdrift.core.commands import FremdriftCommand
from fremdrift.portfolio.models import Plan


class Command(FremdriftCommand):
    help = "List the plans: slug, title and number of initiatives, separated by tabs."

    def handle(self, *args: Any, **options: Any) -> None:
        plans = (
            self.restrict(options, Plan.objects.all())
            .annotate(
                n=Count(
                    "areas__memberships__initiative",
                    filter=Q(areas__memberships__valid_to__isnull=True),
                    distinct=True,
                )
            )
            .order_by("slug")
        )
        for plan in plans:
            self.stdout.write(f"{plan.slug}\t{plan.title}\t{plan.n}")

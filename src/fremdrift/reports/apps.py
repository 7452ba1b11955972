from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fremdrift.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from fremdrift.core import extensions

        extensions.PLAN_ACTIONS.append(_plan_links)


def _plan_links(request, plan):  # noqa: ANN001, ANN202
    from django.urls import reverse

    from fremdrift.core.extensions import Link

    return [
        Link(str(_("Status report")), reverse("reports:page", args=[plan.slug]), primary=True),
        Link(str(_("Changes since last meeting")), reverse("reports:changes", args=[plan.slug])),
    ]

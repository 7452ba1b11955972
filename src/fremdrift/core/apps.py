from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fremdrift.core"
    label = "core"
    verbose_name = _("Organisation and access")

    def ready(self) -> None:
        from fremdrift.core import signals  # noqa: F401 - connects the user audit signals
        from fremdrift.core.access import may_read_audit
        from fremdrift.core.access.policy import load_rules
        from fremdrift.core.extensions import NAV_ITEMS

        load_rules()
        NAV_ITEMS.append((_("Audit trail"), "audit-list", may_read_audit))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fremdrift.core"
    label = "core"
    verbose_name = _("Organisation and access")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from fremdrift.core import signals  # noqa: F401 - connects the user audit signals
        from fremdrift.core.access import may_read_audit
        from fremdrift.core.access.policy import load_rules
        from fremdrift.core.database import on_connection_created, register_danish_transform
        from fremdrift.core.extensions import NAV_ITEMS

        # SQLite's LIKE ignores case for every letter, not only A-Z, and SQLite knows the
        # Danish collation "da"; text fields know ``__danish`` (core/database.py).
        connection_created.connect(on_connection_created, dispatch_uid="fremdrift_database_setup")
        register_danish_transform()
        load_rules()
        NAV_ITEMS.append((_("Audit trail"), "audit-list", may_read_audit))

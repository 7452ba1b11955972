from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "fremdrift.demo"
    label = "demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        from fremdrift.core import audit_display
        from fremdrift.demo import loader

        # The audit event that records a load of the demo (loader.load_demo), named on the
        # audit trail's page like every other event.
        audit_display.OBJECT_LABELS.setdefault(loader.RECORD_TYPE, self.verbose_name)
        audit_display.KEY_LABELS.setdefault("demo_version", _("demo data version"))
        audit_display.KEY_LABELS.setdefault("beside_other_data", _("loaded beside other data"))

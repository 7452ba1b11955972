from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "fremdrift.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from fremdrift.demo import loader
        from fremdrift.governance import hooks
        from fremdrift.governance.demo import load_governance
        from fremdrift.governance.demo_cycle import load_action_items

        hooks.register()
        if load_governance not in loader.EXTRA_STEPS:
            loader.EXTRA_STEPS.append(load_governance)
        if load_action_items not in loader.EXTRA_STEPS:
            loader.EXTRA_STEPS.append(load_action_items)

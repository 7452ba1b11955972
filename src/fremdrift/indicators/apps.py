from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The indicator engine, its command and (later) run records and the dashboard."""

    name = "fremdrift.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from fremdrift.core import extensions
        from fremdrift.demo import loader
        from fremdrift.indicators import demo, hooks

        if hooks.initiative_panels in extensions.INITIATIVE_PANELS:
            return  # ready() ran before (test runners may call it twice)
        extensions.NAV_ITEMS.append((_("Indicators"), "indicators:dashboard", hooks.nav_allowed))
        extensions.INITIATIVE_PANELS.append(hooks.initiative_panels)
        extensions.INITIATIVE_ACTIONS.append(hooks.initiative_actions)
        loader.EXTRA_STEPS.append(demo.load_indicators_demo)

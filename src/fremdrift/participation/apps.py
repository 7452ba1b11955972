from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "fremdrift.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from fremdrift.demo import loader
        from fremdrift.participation import hooks
        from fremdrift.participation.demo import load_participation

        hooks.register()
        if load_participation not in loader.EXTRA_STEPS:
            loader.EXTRA_STEPS.append(load_participation)

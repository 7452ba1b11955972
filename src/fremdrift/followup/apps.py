from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "fremdrift.followup"
    label = "followup"
    verbose_name = _("Update rounds and local implementation")

    def ready(self) -> None:
        from fremdrift.core import extensions
        from fremdrift.demo import loader
        from fremdrift.followup import demo, hooks
        from fremdrift.reports import asof

        if hooks.plan_actions in extensions.PLAN_ACTIONS:
            return  # ready() ran before (test runners may call it twice)
        extensions.NAV_ITEMS.append((_("My updates"), "followup:mine", hooks.shows_my_updates))
        extensions.PLAN_ACTIONS.append(hooks.plan_actions)
        extensions.PLAN_ROW_NOTES.append(hooks.plan_row_notes)
        extensions.INITIATIVE_PANELS.append(hooks.initiative_panels)
        asof.SNAPSHOT_FLAGS.append(hooks.snapshot_flags)
        loader.EXTRA_STEPS.append(demo.load_followup_demo)
        from fremdrift.portfolio import views as portfolio_views

        portfolio_views.STATUS_ANSWERERS.append(hooks.answer_from_initiative_page)

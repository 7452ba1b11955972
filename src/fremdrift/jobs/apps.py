from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs on Django's tasks API: records, worker, progress pages, health."""

    name = "fremdrift.jobs"
    label = "jobs"
    verbose_name = _("Background tasks")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from fremdrift.core import extensions
        from fremdrift.jobs.views import nav_allowed

        # Every app declares its tasks in ``<app>/tasks.py``; importing them registers the
        # kinds (a worker must know them all to recover any job).
        autodiscover_modules("tasks")
        item = (_("Background tasks"), "jobs:list", nav_allowed)
        if item not in extensions.NAV_ITEMS:
            extensions.NAV_ITEMS.append(item)

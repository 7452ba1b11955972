from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs on Django's tasks API: records, worker, progress pages, health."""

    name = "fremdrift.jobs"
    label = "jobs"
    verbose_name = _("Background tasks")

    def ready(self) -> None:
        from fremdrift.core import extensions
        from fremdrift.jobs.views import nav_allowed

        # Every app declares its tasks in ``<app>/tasks.py``; importing them registers the
        # kinds. That happens at the first look into ``registry.TYPES`` (registry.discover),
        # not here: the tasks import what they need (readers of every file type, PDF …),
        # which a command such as ``fremdrift indicators run`` never uses.
        item = (_("Background tasks"), "jobs:list", nav_allowed)
        if item not in extensions.NAV_ITEMS:
            extensions.NAV_ITEMS.append(item)

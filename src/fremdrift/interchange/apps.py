from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    name = "fremdrift.interchange"
    label = "interchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from fremdrift.core import extensions

        extensions.NAV_ITEMS.append((_("Import"), "interchange:upload", _may_upload))


def _may_upload(user):  # noqa: ANN001, ANN202
    from fremdrift.core import access
    from fremdrift.interchange.models import ImportJob

    return access.may(user, access.Action.ADD, ImportJob)

"""User-facing labels of the engine's validation keys (the engine itself stays Django-free;
the texts are marked for translation in :mod:`fremdrift.indicators.messages`)."""

from django.utils.translation import gettext_lazy

from fremdrift.indicators.messages import SECTION_MSGIDS, VALIDATION_MSGIDS

SECTION_LABELS = {key: gettext_lazy(text) for key, text in SECTION_MSGIDS.items()}
VALIDATION_LABELS = {key: gettext_lazy(text) for key, text in VALIDATION_MSGIDS.items()}

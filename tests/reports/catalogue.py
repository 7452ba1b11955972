"""A catalogue-checking gettext: which messages were asked for in Danish but have no translation.

While :func:`untranslated` is active, every lookup in the Danish catalogue is checked, also
inside ``translation.override("da")`` blocks of the code under test (e-mails, commands).
Looking up a text that is itself a Danish translation is not counted: Django does that with
the names of the languages (``get_available_languages`` translates the translated name).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.utils.translation import trans_real

CONTEXT_SEPARATOR = "\x04"


def _readable(msgid: str) -> str:
    context, _, message = msgid.rpartition(CONTEXT_SEPARATOR)
    return f"{message!r} (context {context!r})" if context else repr(message)


@contextlib.contextmanager
def untranslated(language: str = "da") -> Iterator[set[str]]:
    """Yield the set that collects the msgids looked up without a ``language`` translation."""
    missing: set[str] = set()
    danish_texts: dict[int, set[str]] = {}
    cls = trans_real.DjangoTranslation

    def is_translation(self: trans_real.DjangoTranslation, message: str) -> bool:
        if id(self) not in danish_texts:
            danish_texts[id(self)] = {str(v) for _k, v in self._catalog.items()}
        return message in danish_texts[id(self)]

    original_gettext, original_ngettext = cls.gettext, cls.ngettext

    def checking_gettext(self: trans_real.DjangoTranslation, message: str) -> str:
        catalogue = self._catalog
        known = message in catalogue or (message, 0) in catalogue
        ours = self.language() == language and bool(message)
        if ours and not known and not is_translation(self, message):
            missing.add(_readable(message))
        return original_gettext(self, message)

    def checking_ngettext(
        self: trans_real.DjangoTranslation, singular: str, plural: str, number: int
    ) -> str:
        # npgettext looks up the context form first and falls back to the plain one.
        plain = CONTEXT_SEPARATOR not in singular
        if self.language() == language and plain and (singular, 0) not in self._catalog:
            missing.add(_readable(singular))
        return original_ngettext(self, singular, plural, number)

    cls.gettext, cls.ngettext = checking_gettext, checking_ngettext
    try:
        yield missing
    finally:
        cls.gettext, cls.ngettext = original_gettext, original_ngettext

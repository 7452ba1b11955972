"""Reading YAML from files a user hands us, without letting the file blow up in memory.

PyYAML's ``safe_load`` refuses Python objects but still resolves anchors and aliases: a few
hundred bytes of nested aliases (``&a [*b, *b, …]``) become millions of references that the
importer then turns into text until memory runs out ("billion laughs"). A plan document never
needs them, so this loader refuses every anchor and alias, and caps the number of nodes, the
nesting depth and the length of one text before anything is built.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.utils.translation import gettext as _

from fremdrift.interchange.errors import ImportFailed

MAX_NODES = 500_000
MAX_DEPTH = 64
MAX_TEXT = 1_000_000


class _Refused(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases and counts what it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                _(
                    "YAML anchors and aliases (&name, *name) are not allowed; "
                    "write each value out in full"
                ),
                event.start_mark,
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(
                _("the file has more than %(limit)d YAML values") % {"limit": MAX_NODES},
                event.start_mark,
            )
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_TEXT:
            raise _Refused(
                _("a text is longer than %(limit)d characters") % {"limit": MAX_TEXT},
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    _("the file is nested more than %(limit)d levels deep") % {"limit": MAX_DEPTH},
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def where(filename: str, mark: Any) -> str:
    """``file, line N`` (in the user's language) or just the file."""
    if mark is None:
        return filename
    return _("%(file)s, line %(line)d") % {"file": filename, "line": mark.line + 1}


def load_yaml(text: str, filename: str) -> Any:
    """The one YAML document in ``text``; :class:`ImportFailed` (naming ``filename``) if refused."""
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    except _Refused as exc:
        raise ImportFailed(exc.message, where(filename, exc.mark)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ImportFailed(
            _("invalid YAML: %(msg)s") % {"msg": " ".join(str(problem).split())},
            where(filename, mark),
        ) from None
    finally:
        loader.dispose()

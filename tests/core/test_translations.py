"""Every text a user reads has its Danish translation (locale/da), and the compiled catalogue
Django loads is the one in django.po.

The strings are collected from the code the way a translator does it (``makemessages``, in a
copy of the package), so a new ``_("…")`` or ``{% translate %}`` without a Danish text fails
here instead of showing English in the Danish interface.
"""

from __future__ import annotations

import ast
import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fremdrift

PACKAGE = Path(fremdrift.__file__).resolve().parent
CATALOGUE = PACKAGE / "locale" / "da" / "LC_MESSAGES"

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgattrib", "msgfmt")),
    reason="GNU gettext is not installed (scripts/system-packages.sh installs it)",
)


def _msgids(po: Path, *flags: str) -> list[str]:
    """The msgids that ``msgattrib FLAGS`` keeps of ``po`` (the header left out)."""
    text = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    ids = [line[len('msgid "') : -1] for line in text.splitlines() if line.startswith('msgid "')]
    return [msgid for msgid in ids if msgid]


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """django.po brought up to date with the code, in a copy of the package."""
    root = tmp_path_factory.mktemp("messages")
    copy = root / "fremdrift"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "da",
            "--no-obsolete",
            "--settings=fremdrift.settings_test",
            f"--pythonpath={root}",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return copy / "locale" / "da" / "LC_MESSAGES" / "django.po"


@needs_gettext
def test_every_text_in_the_code_has_a_danish_translation(collected: Path) -> None:
    assert _msgids(collected, "--untranslated") == []


@needs_gettext
def test_no_danish_translation_is_a_fuzzy_guess(collected: Path) -> None:
    # makemessages marks a new string "fuzzy" with the translation of a similar one
    # ("Edit forum" got "Redaktør"); Django does not show fuzzy translations
    assert _msgids(collected, "--only-fuzzy") == []


@needs_gettext
def test_the_compiled_catalogue_is_django_po(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True)
    with (CATALOGUE / "django.mo").open("rb") as shipped, compiled.open("rb") as fresh:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog


# the names makemessages looks for (xgettext keywords of Django); "_" is one of them
EXTRACTED = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
EXTRACTED |= {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def test_translation_functions_keep_names_that_makemessages_reads() -> None:
    # a string marked with another name ("gettext_lazy as _lazy") is never collected, so it
    # is shown in English even though the tests above pass
    renamed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                renamed += [
                    f"{path.relative_to(PACKAGE)}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.asname and alias.asname not in EXTRACTED
                ]
    assert renamed == []

"""Vendor Det Fælles Designsystem (npm ``dkfds``) into the package, from an ``npm pack`` file.

    cd /tmp && npm pack dkfds            # at development time only
    python scripts/vendor_dkfds.py /tmp/dkfds-11.2.0.tgz

Copies the built CSS and JS, the fonts and icons the CSS refers to, and the licence into
``src/fremdrift/core/static/dkfds/``. Two mechanical changes, so the design system and the
app's own stylesheets agree on a 16 px root (DKFDS sets ``html { font-size: 62.5% }``):
every ``rem`` length is multiplied by 0.625 and the root font size is left at 100 %.
Source-map comments are removed (the maps are not vendored).
"""

from __future__ import annotations

import re
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src/fremdrift/core/static/dkfds"
REM = re.compile(r"(?<![\w.#-])(-?\d*\.?\d+)rem\b")


def rescale(css: str) -> str:
    css = re.sub(
        r"(html\{[^}]*font-size:)(\d*\.?\d+)%",
        lambda m: f"{m.group(1)}{float(m.group(2)) / 0.625:.4g}%",
        css,
    )
    return REM.sub(lambda m: f"{float(m.group(1)) * 0.625:.4g}rem", css)


def main(archive: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        package = Path(tmp) / "package"
        dist = package / "dist"
        version = re.search(r'"version":\s*"([^"]+)"', (package / "package.json").read_text())
        if TARGET.exists():
            shutil.rmtree(TARGET)
        (TARGET / "css").mkdir(parents=True)
        (TARGET / "js").mkdir()
        css = (dist / "css/dkfds.min.css").read_text()
        css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
        (TARGET / "css/dkfds.min.css").write_text(rescale(css))
        js = (dist / "js/dkfds.min.js").read_text()
        (TARGET / "js/dkfds.min.js").write_text(re.sub(r"//# sourceMappingURL=.*", "", js))
        for ref in sorted(set(re.findall(r"url\(\"?\.\./([^\")?#]+)", css))):
            (TARGET / ref).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(dist / ref, TARGET / ref)
        shutil.copy(dist / "img/all-svg-icons.svg", TARGET / "img/all-svg-icons.svg")
        shutil.copy(package / "LICENSE.md", TARGET / "LICENSE.md")
        font_licence = dist / "fonts/IBMPlexSans/complete/ttf/license.txt"
        shutil.copy(font_licence, TARGET / "fonts/IBMPlexSans/license.txt")
        (TARGET / "VERSION").write_text(
            f"dkfds {version.group(1) if version else '?'} (npm, MIT; IBM Plex Sans: SIL OFL 1.1)\n"
            "Rescaled to a 16 px root by scripts/vendor_dkfds.py.\n"
        )


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/env bash
# Install the system packages the tests drive, where they are missing and we may install:
# Debian's Chromium (browser tests), LibreOffice Impress (decks open in LibreOffice),
# poppler-utils (PDF checks), gettext, and the fonts whose metrics match Arial and Calibri.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-impress)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v msgfmt >/dev/null || need+=(gettext)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf ] || need+=(fonts-liberation2)
[ -f /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf ] || need+=(fonts-crosextra-carlito)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Not installed (tests that need them are skipped): ${need[*]}" >&2
  echo "Install with: sudo apt-get install ${need[*]}" >&2
fi

#!/usr/bin/env bash
# Install the Debian packages the portal needs, only those missing.
#   fonts-wqy-microhei  CJK font for PDFs (WeasyPrint); Chinese renders as boxes without it
#   gettext             msgfmt, for compiling the translation catalogues
#   chromium            headless browser for the end-to-end tests (Playwright drives it)
#   poppler-utils       pdftotext/pdffonts, used by the PDF tests
#   libpango-1.0-0 libpangoft2-1.0-0  WeasyPrint's text layout
#   nodejs npm          npm ci installs axe-core, the accessibility checker the browser tests run
set -euo pipefail
packages=(fonts-wqy-microhei gettext chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 nodejs npm)
missing=()
for p in "${packages[@]}"; do
  # NodeSource's nodejs bundles npm (and conflicts with Debian's npm package): a working command is enough.
  case "$p" in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Not root and no sudo: please install ${missing[*]} yourself." >&2; exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# The web checkers the tests run on the built site, pinned in tools/web/package-lock.json:
# axe-core (accessibility, injected into pages by Playwright) and the Nu HTML Checker
# (vnu.jar, run with Debian's Java: scripts/install-system.sh). No browser is downloaded:
# the tests use Debian's Chromium. Installs only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/../tools/web"
stamp=node_modules/.installed-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
echo "Устанавливаются средства проверки сайта (npm ci в tools/web)"
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's is used.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"

#!/usr/bin/env bash
# Debian packages the report needs: XeLaTeX with Cyrillic for the PDF, Chromium for the
# browser tests, poppler-utils to read the PDF in tests, Java and npm for the web checkers
# (scripts/install-web-tools.sh: the Nu HTML Checker runs on Java). Installs only what is missing.
set -euo pipefail
PACKAGES=(texlive-xetex latexmk fonts-freefont-otf texlive-fonts-recommended texlive-lang-cyrillic
          chromium poppler-utils fonts-dejavu-core make)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Java and npm may come from elsewhere (a JDK, Node's own build): Debian's only when absent.
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Устанавливаются пакеты Debian: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

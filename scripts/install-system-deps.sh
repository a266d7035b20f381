#!/usr/bin/env bash
# The Debian packages the portal needs, installed as root: WeasyPrint's Pango and
# fonts (Latin and Cyrillic), Chromium for the browser tests and screenshots,
# PostgreSQL and Redis for the production stack and CI, poppler for PDF page images,
# wrk (HTTP load on loopback) and curl for the benchmark (make bench).
set -euo pipefail

packages=(
  python3-venv make
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo
  fonts-dejavu-core fonts-noto-core
  chromium
  postgresql postgresql-client
  redis-server
  poppler-utils
  gettext
  wrk curl
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: all present."
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Run as root: sudo bash scripts/install-system-deps.sh" >&2
  exit 1
fi

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

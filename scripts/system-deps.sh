#!/usr/bin/env bash
# What the test suite needs from the system besides Python: Chromium for the browser tests,
# Pango and fonts for WeasyPrint's PDF reports. Installs what is missing when it can
# (Debian, as root); otherwise stops at once with the command to run.
set -euo pipefail

packages=(chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
elif ! command -v chromium >/dev/null 2>&1; then
  missing=("${packages[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for the tests: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "The tests need these system packages, which are missing: ${missing[*]}" >&2
echo "Install them, then run make test again:" >&2
echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
exit 1

#!/usr/bin/env bash
# Chromium for the Sightline.Storage.UiTests (Playwright drives Debian's /usr/bin/chromium; browsers are never
# downloaded by Playwright itself). Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -q
  apt-get install -y -q chromium
fi
/usr/bin/chromium --version

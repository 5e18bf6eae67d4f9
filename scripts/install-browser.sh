#!/usr/bin/env bash
# Headless Chromium for the HTML report's browser test (Debian's package); skipped when already there.
set -eu
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "install-browser: chromium not found and cannot apt-get install it; the browser test will be skipped" >&2
fi

#!/usr/bin/env bash
# A CJK font for the Chinese reports' tests (Debian's fonts-wqy-microhei, ~5 MB): the PNG must find it without a
# matplotlib cache reset and the HTML must draw real glyphs. Skipped when a Chinese font is already installed.
set -eu
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh file 2>/dev/null | head -n 1)" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei fontconfig >/dev/null
else
  echo "install-fonts: no Chinese font and cannot apt-get install one; the CJK font tests will be skipped" >&2
fi

#!/bin/sh
# deb post-remove: take the hidraw rule away again.
set -e
rm -f /etc/udev/rules.d/70-doc-scan-kiosk-hidraw.rules
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
fi

#!/bin/sh
# deb post-install: let the kiosk read USB HID document scanners (MRZ readers) through hidraw
# without running as root. Members of the plugdev group get access; add the kiosk user to it.
set -e
cat > /etc/udev/rules.d/70-doc-scan-kiosk-hidraw.rules <<'RULES'
# Doc Scan Kiosk: USB HID document scanners (MRZ readers) readable by plugdev
KERNEL=="hidraw*", SUBSYSTEM=="hidraw", MODE="0660", GROUP="plugdev"
RULES
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw || true
fi

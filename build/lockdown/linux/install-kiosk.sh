#!/usr/bin/env bash
# Turns a Debian/Ubuntu machine with Doc Scan Kiosk installed (the .deb) into a locked-down kiosk:
# an unprivileged `kiosk` user that logs in automatically into a cage session running only the
# kiosk, scanners reachable by that user alone, the kiosk's data folder private to it, and its
# settings (/etc/doc-scan-kiosk/settings.json) root-owned and read-only for it.
# Run as root: sudo ./install-kiosk.sh [--mode unattended|staff]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="unattended"
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install-kiosk: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$mode" in unattended|staff) ;; *) echo "install-kiosk: --mode must be unattended or staff" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "install-kiosk: run as root (sudo)" >&2; exit 1; }
[ -x "/opt/Doc Scan Kiosk/doc-scan-kiosk" ] || { echo "install-kiosk: install the doc-scan-kiosk .deb first" >&2; exit 1; }

apt-get install -y --no-install-recommends cage pcscd

# The kiosk user: no password, no shell login, member of the groups the devices need.
if ! id kiosk >/dev/null 2>&1; then
  useradd --system --create-home --home-dir /home/kiosk --shell /usr/sbin/nologin kiosk
fi
usermod -a -G video,input,render kiosk

# IT's settings (/etc/doc-scan-kiosk/settings.json, root-owned, read-only for the kiosk user; the
# unit names the folder) and the kiosk's own data folder, private to it.
"$here/install-settings.sh" --etc /etc/doc-scan-kiosk --data /var/lib/doc-scan-kiosk --user kiosk --mode "$mode"

install -m 0644 "$here/doc-scan-kiosk.pam" /etc/pam.d/doc-scan-kiosk
install -m 0644 "$here/71-doc-scan-kiosk-scanners.rules" /etc/udev/rules.d/71-doc-scan-kiosk-scanners.rules
install -m 0644 "$here/doc-scan-kiosk.service" /etc/systemd/system/doc-scan-kiosk.service
udevadm control --reload-rules
udevadm trigger --subsystem-match=hidraw

systemctl daemon-reload
systemctl disable getty@tty1.service || true
systemctl enable doc-scan-kiosk.service
systemctl set-default graphical.target
echo "install-kiosk: done. Reboot to start the kiosk on tty1 (mode: $mode)."

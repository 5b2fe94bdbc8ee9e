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

# IT's settings: root-owned, readable by the kiosk user, never writable by it, in a folder it cannot
# write either (so it cannot replace the file). The kiosk reads them from KIOSK_SETTINGS_DIR (the
# unit sets it) and keeps its own state (its id, its sealed keys) in its data folder.
etc=/etc/doc-scan-kiosk
data=/var/lib/doc-scan-kiosk
install -d -o root -g kiosk -m 0750 "$etc"
if [ ! -e "$etc/settings.json" ] && [ -e "$data/settings.json" ]; then
  # An earlier install kept settings.json in the data folder: IT's copy from now on. The kiosk
  # copies the sealed keys it finds there into its state file at the next start.
  mv "$data/settings.json" "$etc/settings.json"
  rm -f "$data/settings.last-good.json"
fi
if [ ! -e "$etc/settings.json" ]; then
  printf '{\n  "mode": "%s"\n}\n' "$mode" > "$etc/settings.json"
fi
chown root:kiosk "$etc/settings.json"
chmod 0640 "$etc/settings.json"

# Its data (the kiosk's state file, the local service's store, the outbox): private to it.
install -d -o kiosk -g kiosk -m 0700 "$data"
if [ -e "$data/kiosk-data/kiosk-state.json" ]; then
  chown kiosk:kiosk "$data/kiosk-data/kiosk-state.json"
  chmod 0600 "$data/kiosk-data/kiosk-state.json"
fi

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

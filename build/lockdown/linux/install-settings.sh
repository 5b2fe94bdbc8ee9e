#!/usr/bin/env bash
# The kiosk's settings and data folders with the rights a locked-down kiosk needs: settings.json
# root-owned and read-only for the kiosk user, in a folder it cannot write (so it can neither edit
# nor replace the file); the data folder (its state file, the local service's store, the outbox)
# private to it. An earlier install's settings.json in the data folder becomes IT's copy; the kiosk
# copies the sealed keys it finds there into its state file at its next start.
# Called by install-kiosk.sh. Run as root:
#   install-settings.sh [--etc DIR] [--data DIR] [--user NAME] [--mode unattended|staff]
set -euo pipefail

etc=/etc/doc-scan-kiosk
data=/var/lib/doc-scan-kiosk
user=kiosk
mode=unattended
while [ $# -gt 0 ]; do
  case "$1" in
    --etc) etc="${2:-}"; shift 2 ;;
    --data) data="${2:-}"; shift 2 ;;
    --user) user="${2:-}"; shift 2 ;;
    --mode) mode="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install-settings: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$mode" in unattended|staff) ;; *) echo "install-settings: --mode must be unattended or staff" >&2; exit 2 ;; esac
if [ -z "$etc" ] || [ -z "$data" ]; then echo "install-settings: --etc and --data need a folder" >&2; exit 2; fi
id "$user" >/dev/null 2>&1 || { echo "install-settings: there is no user $user" >&2; exit 1; }
group="$(id -gn "$user")"

install -d -o root -g "$group" -m 0750 "$etc"
if [ ! -e "$etc/settings.json" ] && [ -e "$data/settings.json" ]; then
  mv "$data/settings.json" "$etc/settings.json"
  # Its last good copy is the kiosk's no more (a managed file is never copied beside the data).
  rm -f "$data/settings.last-good.json"
fi
if [ ! -e "$etc/settings.json" ]; then
  printf '{\n  "mode": "%s"\n}\n' "$mode" > "$etc/settings.json"
fi
chown "root:$group" "$etc/settings.json"
chmod 0640 "$etc/settings.json"

install -d -o "$user" -g "$group" -m 0700 "$data"
if [ -e "$data/kiosk-data/kiosk-state.json" ]; then
  chown "$user:$group" "$data/kiosk-data/kiosk-state.json"
  chmod 0600 "$data/kiosk-data/kiosk-state.json"
fi

#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the end-to-end suite, ffmpeg to turn document
# images into a fake camera feed, the OCR-B font for generated MRZ documents, libusb for node-hid,
# Xvfb and ImageMagick's `import` for the first-run test (npm start on a virtual display, and a
# picture of the whole screen).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
[ -e /usr/share/fonts/opentype/ocr-b/OCRB.otf ] || need+=(fonts-ocr-b)
ls /usr/lib/*/libusb-1.0.so.0 >/dev/null 2>&1 || need+=(libusb-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
# Generated MRZ cases in fonts the reader's templates were not drawn from (Noto Mono, Noto Sans Mono).
fc-list 2>/dev/null | grep -qi 'Noto Sans Mono' || need+=(fonts-noto-mono)
# ... and a Courier-like one (Nimbus Mono PS: the MRZ faint-zone test and calibration sets).
fc-list 2>/dev/null | grep -qi 'Nimbus Mono PS' || need+=(fonts-urw-base35)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v import >/dev/null 2>&1 || need+=(imagemagick)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# The shipped lockdown scripts are checked: shellcheck for the shell, systemd-analyze for the unit
# (which wants the cage binary it starts to exist).
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v cage >/dev/null 2>&1 || need+=(cage)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
# Spoken guidance: espeak-ng renders every language's prompts to WAV in the speech tests (and is
# the voice speech-dispatcher gives Chromium's speechSynthesis on a Linux kiosk).
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# The chip (ICAO 9303) over PC/SC: pcscd with vsmartcard's virtual reader (vpcd) and card (vicc,
# with its Python package), and libpcsclite's headers to build the `smartcard` binding.
need=()
command -v pcscd >/dev/null 2>&1 || need+=(pcscd)
[ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || need+=(vsmartcard-vpcd)
command -v vicc >/dev/null 2>&1 || need+=(vsmartcard-vpicc)
[ -e /usr/include/PCSC/winscard.h ] || need+=(libpcsclite-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

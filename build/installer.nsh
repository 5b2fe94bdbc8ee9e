; NSIS additions for the Windows installer (included by electron-builder).
; An unattended kiosk should come back by itself after a reboot: offer a per-machine autostart
; entry, and remove it again on uninstall. The kiosk's data (settings, encrypted outbox, embedded
; service store) lives in the user's AppData and is kept on uninstall unless the user removes it.
!macro customInstall
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "DocScanKiosk" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
!macroend

!macro customUnInstall
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "DocScanKiosk"
!macroend

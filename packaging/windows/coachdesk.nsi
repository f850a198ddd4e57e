; NSIS script for the coachdesk installer: per-user install without admin rights into
; %LOCALAPPDATA%\Programs\coachdesk, Start-menu shortcut, uninstaller registered under HKCU.
; Built by build-windows.sh: makensis "-XTarget amd64-unicode" -DEXE=... -DVERSION=x.y.z -DOUTFILE=... coachdesk.nsi
; 64-bit only: a 32-bit (x86) installer of a 64-bit program installs nothing under a 64-bit-only
; Windows layer (Wine without wine32) and reads the 32-bit registry view on real Windows.
!if ${NSIS_PTR_SIZE} <> 8
  !error "Build the 64-bit installer: makensis -XTarget amd64-unicode (see build-windows.sh)"
!endif
Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef EXE
  !define EXE "coachdesk.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "coachdesk-${VERSION}-setup.exe"
!endif
!ifndef README
  !define README "..\..\README.md"
!endif
!define APP "coachdesk"
!define PUBLISHER "coachdesk developers"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

Name "${APP}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!define MUI_ICON "coachdesk.ico"
!define MUI_UNICON "coachdesk.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\coachdesk.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; Windows' UI language picks Dutch or English automatically.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Dutch"

LangString SHORTCUT_DESC ${LANG_ENGLISH} "Browse changes in Coachview and enrol participants"
LangString SHORTCUT_DESC ${LANG_DUTCH} "Wijzigingen in Coachview bekijken en deelnemers inschrijven"

Section "coachdesk" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=coachdesk.exe" "${EXE}"
  File "coachdesk.ico"
  File "/oname=README.md" "${README}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\coachdesk.lnk" "$INSTDIR\coachdesk.exe" "" \
      "$INSTDIR\coachdesk.ico" 0 SW_SHOWNORMAL "" "$(SHORTCUT_DESC)"

  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\coachdesk.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ; Size in KiB for "Apps & features".
  SectionGetSize ${SecMain} $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

; Removes the program only: settings, data, logs (%APPDATA%\coachdesk) and the keyring entries stay,
; so a reinstall or an update keeps the connection profiles.
Section "Uninstall"
  Delete "$SMPROGRAMS\coachdesk.lnk"
  Delete "$INSTDIR\coachdesk.exe"
  Delete "$INSTDIR\coachdesk.ico"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
SectionEnd

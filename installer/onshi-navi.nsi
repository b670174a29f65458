; オン資ナビ — the Windows installer (per user: no administrator rights on a clinic PC).
;
; Built by scripts/package-windows.sh with Debian's makensis 3.08 (Tauri's own NSIS bundler
; cannot run offline here; see README "Windows"). Defines passed in:
;   VERSION  0.1.0        PUBLISHER  the publisher's name
;   SRC      folder holding onshi-navi.exe, WebView2Loader.dll, onshi.exe, README-ja.txt, licenses\
;   ICON     the app icon (.ico)          OUT  the installer to write
;
; What it does: installs into %LOCALAPPDATA%\Programs\OnshiNavi, makes the Start-menu and
; desktop shortcuts オン資ナビ, registers with 「アプリと機能」 (version, publisher, size), and
; writes an uninstaller that keeps the clinic data unless its box is ticked. Installing again
; over an older version replaces the program and never touches the data folder. Before anything,
; it checks that the Microsoft Edge WebView2 runtime is there and says what to install if not.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!macro REQUIRE NAME
  !ifndef ${NAME}
    !error "missing -D${NAME}: makensis -DVERSION=… -DPUBLISHER=… -DSRC=… -DICON=… -DOUT=… installer/onshi-navi.nsi"
  !endif
!macroend
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE VI_VERSION
!insertmacro REQUIRE PUBLISHER
!insertmacro REQUIRE SRC
!insertmacro REQUIRE ICON
!insertmacro REQUIRE OUT

!define APP_NAME "オン資ナビ"
!define APP_EXE "onshi-navi.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\OnshiNavi"
; The app's data folder: Tauri's app data directory for the identifier jp.onshinavi.desktop.
!define DATA_DIR "$APPDATA\jp.onshinavi.desktop"
!define LOG_DIR "$LOCALAPPDATA\jp.onshinavi.desktop"
; The WebView2 Evergreen runtime's client id (Microsoft's documented registry check).
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APP_NAME}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\OnshiNavi"
InstallDirRegKey HKCU "Software\OnshiNavi" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

; Four numbers only (a pre-release suffix of VERSION is dropped by the packing script).
VIProductVersion "${VI_VERSION}"
VIAddVersionKey /LANG=1041 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1041 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1041 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1041 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1041 "FileDescription" "${APP_NAME} インストーラー"
VIAddVersionKey /LANG=1041 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "${APP_NAME} を起動する"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
; MUI2 reads the components page's text from this name for the uninstaller's page too.
!define MUI_COMPONENTSPAGE_TEXT_TOP "アンインストールするものを選んでください。医療機関のデータは、チェックしなければ残ります（もう一度インストールすると、そのまま使えます）。"
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Japanese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} は 64 ビット版の Windows 10 / 11 で動きます。このパソコンの Windows は 32 ビット版のため、インストールできません。" /SD IDOK
    SetErrorLevel 4
    Quit
  ${EndIf}
  Call CheckWebView2
FunctionEnd

; A running app holds its .exe open (Windows refuses to overwrite or delete it) and may be
; writing its data: ask to close it, and check again.
!macro WAIT_UNTIL_CLOSED UN
Function ${UN}WaitUntilClosed
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    retry:
    ClearErrors
    FileOpen $0 "$INSTDIR\${APP_EXE}" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} が起動しています。${APP_NAME} を閉じてから「再試行」を押してください。" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 5
      Quit
    ${EndIf}
    FileClose $0
  ${EndIf}
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_CLOSED ""
!insertmacro WAIT_UNTIL_CLOSED "un."

Function un.onInit
  Call un.WaitUntilClosed
FunctionEnd

; The app shows nothing without WebView2. It is preinstalled on current Windows 10/11; a clinic
; PC built from an old LTSC image may lack it, and this installer downloads nothing.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONEXCLAMATION "${APP_NAME} には「Microsoft Edge WebView2 ランタイム」が必要ですが、このパソコンに見つかりません。$\r$\n$\r$\nマイクロソフトの「WebView2 ランタイム」のページから「Evergreen Standalone Installer（x64）」を入手し（インターネットにつながったパソコンで USB メモリーなどに保存できます）、インストールしてから、もう一度このインストーラーを実行してください。$\r$\n$\r$\n何もインストールせずに終わります。" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
FunctionEnd

Section "${APP_NAME}" SecProgram
  SectionIn RO
  Call WaitUntilClosed
  SetOutPath "$INSTDIR"
  ; An upgrade overwrites the program files in place; the data folder is elsewhere and untouched.
  File "${SRC}\${APP_EXE}"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\onshi.exe"
  File "${SRC}\README-ja.txt"
  SetOutPath "$INSTDIR\licenses"
  File /r "${SRC}\licenses\*.*"
  SetOutPath "$INSTDIR"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "Software\OnshiNavi" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.${APP_NAME}（プログラム）" SecUnProgram
  SectionIn RO
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\onshi.exe"
  Delete "$INSTDIR\README-ja.txt"
  RMDir /r "$INSTDIR\licenses"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\OnshiNavi"
SectionEnd

; Off unless ticked, also in a silent uninstall (/S): the clinics' records cannot be recreated.
Section /o "un.医療機関のデータも削除する" SecUnData
  RMDir /r "${DATA_DIR}"
  RMDir /r "${LOG_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnProgram} "プログラムとショートカットを削除します。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnData} "医療機関・手続きの記録・バックアップ（${DATA_DIR}）と記録ファイル（${LOG_DIR}）を削除します。元に戻せません。パスワードなどの秘密情報は Windows の資格情報マネージャーに残ります。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

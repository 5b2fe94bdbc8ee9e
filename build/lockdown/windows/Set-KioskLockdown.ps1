<#
.SYNOPSIS
  Locks a Windows 10/11 Enterprise or Education machine down to Doc Scan Kiosk: a local `kiosk`
  account that signs in automatically and gets Doc Scan Kiosk as its shell (Shell Launcher v2:
  no Explorer, no Start menu, no taskbar, no Alt-Tab to anything else), restarted if it exits, and
  AppLocker rules so that this account can run nothing but the kiosk, and the kiosk's settings
  (%ProgramData%\Doc Scan Kiosk\Settings\settings.json) read-only for this account.

.DESCRIPTION
  Run once as Administrator after installing Doc Scan Kiosk (the NSIS installer, per machine).
  Shell Launcher needs the "Shell Launcher" Windows feature (Enterprise/Education/IoT). Other
  accounts (administrators) keep Explorer. Undo with -Remove.

.EXAMPLE
  .\Set-KioskLockdown.ps1 -KioskPassword (Read-Host -AsSecureString "kiosk password")
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
  [string] $KioskUser = 'kiosk',
  [Parameter(Mandatory = $true, ParameterSetName = 'Apply')] [SecureString] $KioskPassword,
  [string] $KioskExe = "$env:ProgramFiles\Doc Scan Kiosk\Doc Scan Kiosk.exe",
  [Parameter(Mandatory = $true, ParameterSetName = 'Remove')] [switch] $Remove
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw 'Run this script as Administrator.'
}

# Shell Launcher v2 WMI classes (root\standardcimv2\embedded). Exit code actions: 0 = restart the shell.
$ns = 'root\standardcimv2\embedded'
$RestartShell = 0

function Get-ShellLauncher {
  $launcher = Get-CimClass -Namespace $ns -ClassName 'WESL_UserSetting' -ErrorAction SilentlyContinue
  if (-not $launcher) {
    throw 'Shell Launcher is not available: enable the Windows feature "Shell Launcher" (Enterprise/Education) first.'
  }
  return $launcher
}

function Get-AccountSid([string] $Name) {
  return (New-Object Security.Principal.NTAccount($Name)).Translate([Security.Principal.SecurityIdentifier]).Value
}

if ($Remove) {
  $launcher = Get-ShellLauncher
  $sid = Get-AccountSid $KioskUser
  if ($PSCmdlet.ShouldProcess($KioskUser, 'remove the kiosk shell')) {
    Invoke-CimMethod -Namespace $ns -ClassName 'WESL_UserSetting' -MethodName 'RemoveCustomShell' -Arguments @{ Sid = $sid } | Out-Null
    Remove-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon' -Name 'AutoAdminLogon', 'DefaultUserName', 'DefaultPassword' -ErrorAction SilentlyContinue
  }
  Write-Output "Kiosk lockdown removed for $KioskUser (AppLocker rules are left; remove them in secpol.msc)."
  return
}

if (-not (Test-Path -LiteralPath $KioskExe)) { throw "Doc Scan Kiosk is not installed at $KioskExe." }
$launcher = Get-ShellLauncher

# 1. The kiosk account: a standard local user, never an administrator.
if (-not (Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue)) {
  New-LocalUser -Name $KioskUser -Password $KioskPassword -PasswordNeverExpires -UserMayNotChangePassword -Description 'Doc Scan Kiosk' | Out-Null
}
Add-LocalGroupMember -Group 'Users' -Member $KioskUser -ErrorAction SilentlyContinue
$sid = Get-AccountSid $KioskUser

# 2. Its shell is the kiosk, restarted whenever it exits; everyone else keeps Explorer.
Invoke-CimMethod -Namespace $ns -ClassName 'WESL_UserSetting' -MethodName 'SetEnabled' -Arguments @{ Enabled = $true } | Out-Null
Invoke-CimMethod -Namespace $ns -ClassName 'WESL_UserSetting' -MethodName 'SetDefaultShell' -Arguments @{ Shell = 'explorer.exe'; DefaultAction = $RestartShell } | Out-Null
Invoke-CimMethod -Namespace $ns -ClassName 'WESL_UserSetting' -MethodName 'SetCustomShell' -Arguments @{
  Sid = $sid; Shell = "`"$KioskExe`""; DefaultAction = $RestartShell
} | Out-Null

# 3. Automatic sign-in as the kiosk user (the password is kept by Winlogon, as Windows requires).
$plain = [Runtime.InteropServices.Marshal]::PtrToStringAuto([Runtime.InteropServices.Marshal]::SecureStringToBSTR($KioskPassword))
$winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
Set-ItemProperty -Path $winlogon -Name 'AutoAdminLogon' -Value '1'
Set-ItemProperty -Path $winlogon -Name 'DefaultUserName' -Value $KioskUser
Set-ItemProperty -Path $winlogon -Name 'DefaultPassword' -Value $plain
$plain = $null

# 4. AppLocker: the kiosk account may run the kiosk's own folder and Windows only; the Application
#    Identity service enforces it.
$rules = @"
<AppLockerPolicy Version="1">
  <RuleCollection Type="Exe" EnforcementMode="Enabled">
    <FilePathRule Id="$([guid]::NewGuid())" Name="Doc Scan Kiosk" Description="The kiosk itself" UserOrGroupSid="$sid" Action="Allow">
      <Conditions><FilePathCondition Path="$(Split-Path -Parent $KioskExe)\*" /></Conditions>
    </FilePathRule>
    <FilePathRule Id="$([guid]::NewGuid())" Name="Windows" Description="Windows itself" UserOrGroupSid="S-1-1-0" Action="Allow">
      <Conditions><FilePathCondition Path="%WINDIR%\*" /></Conditions>
    </FilePathRule>
    <FilePathRule Id="$([guid]::NewGuid())" Name="Administrators" Description="Administrators run anything" UserOrGroupSid="S-1-5-32-544" Action="Allow">
      <Conditions><FilePathCondition Path="*" /></Conditions>
    </FilePathRule>
  </RuleCollection>
</AppLockerPolicy>
"@
$policyFile = Join-Path $env:TEMP 'doc-scan-kiosk-applocker.xml'
Set-Content -LiteralPath $policyFile -Value $rules -Encoding UTF8
Set-AppLockerPolicy -XmlPolicy $policyFile -Merge
Remove-Item -LiteralPath $policyFile
# The Application Identity service is protected: Set-Service cannot change its start type.
& sc.exe config AppIDSvc start= auto | Out-Null
Start-Service -Name AppIDSvc

# 5. The settings read-only for the kiosk account: settings.json in a folder owned by the
#    Administrators, which the kiosk account may read but not change (no inherited rules), named
#    machine-wide by KIOSK_SETTINGS_DIR. The kiosk keeps its own state (its id, its sealed keys)
#    in its profile, and shows these settings read-only on its admin screen.
$settingsDir = Join-Path $env:ProgramData 'Doc Scan Kiosk\Settings'
$settingsFile = Join-Path $settingsDir 'settings.json'
New-Item -ItemType Directory -Force -Path $settingsDir | Out-Null
if (-not (Test-Path -LiteralPath $settingsFile)) {
  # UTF-8 without a byte order mark: the kiosk reads it as JSON.
  [IO.File]::WriteAllText($settingsFile, "{`n  `"mode`": `"unattended`"`n}`n")
}
& icacls.exe $settingsDir /setowner '*S-1-5-32-544' /T /Q | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not make the Administrators own $settingsDir." }
& icacls.exe $settingsDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' "*${sid}:(OI)(CI)RX" /Q | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not make $settingsDir read-only for $KioskUser." }
# The file keeps only what it inherits from the folder.
& icacls.exe $settingsFile /reset /Q | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not reset the rules of $settingsFile." }
[Environment]::SetEnvironmentVariable('KIOSK_SETTINGS_DIR', $settingsDir, 'Machine')

Write-Output "Kiosk lockdown applied for $KioskUser (settings: $settingsFile, read-only for it). Sign out or restart to start the kiosk."

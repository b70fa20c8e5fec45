<#
.SYNOPSIS
  Cài Làng Số trên máy Windows của nhà văn hóa: máy chủ tự chạy khi bật máy (Task Scheduler,
  tự chạy lại khi hỏng), Edge mở toàn màn hình khi tài khoản kiosk đăng nhập.
  Install Làng Số on a Windows PC: the server starts at boot, Edge in kiosk mode at logon.
.DESCRIPTION
  Chạy lại bao nhiêu lần cũng được: chỉ đổi những gì khác, và nói rõ; máy chủ chỉ khởi động lại
  khi chương trình hay các gói thay đổi. Cần Python 3.11+ từ python.org cài "Install for all
  users" (máy chủ chạy bằng tài khoản LOCAL SERVICE, không đọc được Python cài riêng trong thư
  mục người dùng; Python của Microsoft Store bị từ chối). Các gói Python đúng phiên bản và mã
  băm trong deploy\requirements.lock; có thư mục wheelhouse cạnh chương trình thì không cần Internet.
  Đặt thêm: tự đăng nhập tài khoản kiosk (mật khẩu cất làm bí mật LSA, không để chữ rõ trong
  registry), không ngủ / không tắt màn hình khi cắm điện, tắt vuốt cạnh màn hình.
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File deploy\windows\install.ps1 -KioskUser NhaVanHoa
.EXAMPLE
  ... -KioskUser NhaVanHoa -NoAutoLogon     không đặt tự đăng nhập (đăng nhập bằng tay)
#>
[CmdletBinding()]
param(
    [string]$AppDir = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path,
    [string]$DataDir = (Join-Path $env:ProgramData 'LangSo'),
    [ValidateRange(1, 65535)][int]$Port = 8080,
    [string]$KioskUser = "$env:USERDOMAIN\$env:USERNAME",
    [switch]$NoAutoLogon
)
$ErrorActionPreference = 'Stop'
$script:Changed = 0
$TaskPath = '\LangSo\'

function Say([string]$Text) { Write-Host $Text }
function Fail([string]$Text) { Write-Host "Lỗi: $Text" -ForegroundColor Red; exit 1 }

$admin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
         ).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
if (-not $admin) { Fail 'cần chạy PowerShell bằng "Run as administrator".' }
if (-not (Test-Path (Join-Path $AppDir 'run_kiosk.py'))) { Fail "$AppDir không phải thư mục Làng Số." }

# LOCAL SERVICE by its SID: account names are translated on some Windows languages.
$LocalService = (New-Object Security.Principal.SecurityIdentifier 'S-1-5-19').Translate(
    [Security.Principal.NTAccount]).Value

Say 'Môi trường Python (.venv):'
$venvPython = Join-Path $AppDir '.venv\Scripts\python.exe'
if (-not (Test-Path $venvPython)) {
    $py = Get-Command py -ErrorAction SilentlyContinue
    if ($py) { & py -3 -m venv (Join-Path $AppDir '.venv') }
    else { & python -m venv (Join-Path $AppDir '.venv') }
    if ($LASTEXITCODE -ne 0) { Fail 'không tạo được .venv: cài Python 3.11+ từ python.org, chọn "Install for all users".' }
}
$version = & $venvPython -c 'import sys; print(sys.version_info >= (3, 11))'
if ($version -ne 'True') { Fail 'cần Python 3.11 trở lên.' }
$base = & $venvPython -c 'import sys; print(sys.base_prefix)'
# Microsoft Store Python runs for the signed-in user only (and passes the version check).
if ($base -match '\\WindowsApps\\' -or $base -match 'PythonSoftwareFoundation\.Python') {
    Fail "đây là Python của Microsoft Store ($base): gỡ nó, cài Python từ python.org với `"Install for all users`", xóa .venv rồi chạy lại."
}
# python.org installs per user by default now (C:\Users\...\AppData\Local\Programs\Python).
if ($base.StartsWith($env:SystemDrive + '\Users', 'OrdinalIgnoreCase')) {
    Fail "Python đang cài riêng cho một người dùng ($base); cài lại Python từ python.org, chọn Customize installation › `"Install for all users`", xóa .venv rồi chạy lại."
}
$lock = Join-Path $AppDir 'deploy\requirements.lock'
$stamp = Join-Path $AppDir '.venv\.langso-installed'
$want = (Get-FileHash $lock -Algorithm SHA256).Hash
$packagesChanged = $false
if ((Test-Path $stamp) -and ((Get-Content $stamp -Raw).Trim() -eq $want)) {
    Say '  giữ nguyên'
} else {
    # Exactly the locked versions, each checked against its hash; from the wheelhouse folder
    # (USB stick) when there is one, so no Internet is needed.
    $wheels = Join-Path $AppDir 'wheelhouse'
    $from = @()
    if (Test-Path $wheels) { $from = @('--no-index', '--find-links', $wheels); Say "  cài từ $wheels (không cần Internet)" }
    & $venvPython -m pip install --quiet --require-hashes --only-binary=:all: @from -r $lock
    if ($LASTEXITCODE -ne 0) { Fail 'pip install không xong (cần Internet, hoặc thư mục wheelhouse: xem docs\deploy.md).' }
    Set-Content -Path $stamp -Value $want -Encoding ASCII
    Say '  đã cài các gói Python'
    $script:Changed++
    $packagesChanged = $true
}
# The app is not pip-installed (that would need the Internet for setuptools): the venv finds it
# through a .pth file, and `langso` is a small .cmd.
$site = & $venvPython -c 'import sysconfig; print(sysconfig.get_path("purelib"))'
Set-Content -Path (Join-Path $site 'langso-app.pth') -Value $AppDir -Encoding UTF8
Set-Content -Path (Join-Path $AppDir '.venv\Scripts\langso.cmd') -Encoding ASCII -Value `
    '@"%~dp0python.exe" -c "import sys; sys.argv[0] = ''langso''; from kiosk.cli import main; sys.exit(main())" %*'
& $venvPython -m compileall -q (Join-Path $AppDir 'kiosk') (Join-Path $AppDir 'printables') (Join-Path $AppDir 'qr') | Out-Null

# A fingerprint of the program's files: a re-run restarts the server only when they changed.
$appFiles = @('run_kiosk.py', 'pyproject.toml', 'kiosk', 'printables', 'qr', 'static', 'content') |
    ForEach-Object { Join-Path $AppDir $_ } | Where-Object { Test-Path $_ } |
    ForEach-Object { Get-ChildItem $_ -Recurse -File } |
    Where-Object { $_.FullName -notmatch '\\__pycache__\\' } | Sort-Object FullName
$listing = ($appFiles | Get-FileHash -Algorithm SHA256 | ForEach-Object { "$($_.Hash) $($_.Path)" }) -join "`n"
$appPrint = (Get-FileHash -Algorithm SHA256 -InputStream ([IO.MemoryStream]::new(
    [Text.Encoding]::UTF8.GetBytes($listing)))).Hash
$appStamp = Join-Path $AppDir '.venv\.langso-app'
$appChanged = -not ((Test-Path $appStamp) -and ((Get-Content $appStamp -Raw).Trim() -eq $appPrint))

Say "Thư mục dữ liệu $DataDir"
if (-not (Test-Path $DataDir)) {
    New-Item -ItemType Directory -Path $DataDir | Out-Null
    $script:Changed++
    Say '  đã tạo'
}
# Only SYSTEM, Administrators and the server account (LOCAL SERVICE) may open the data: the kiosk
# account and any other user cannot read secret_key, the database or the backups.
& icacls $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' `
    '*S-1-5-19:(OI)(CI)M' /Q | Out-Null
if ($LASTEXITCODE -ne 0) { Fail "không đặt được quyền cho $DataDir." }
& icacls $AppDir /grant '*S-1-5-19:(OI)(CI)RX' /Q | Out-Null

function Set-Task([string]$Name, $Action, $Trigger, $Principal) {
    # Restart on failure needs both count and interval; PT0S = no time limit (it runs for months);
    # priority 5 is "normal" (a registered task gets 7, below normal, and a slow kiosk).
    $settings = New-ScheduledTaskSettingsSet -RestartCount 255 -RestartInterval (New-TimeSpan -Minutes 1) `
        -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
        -StartWhenAvailable -MultipleInstances IgnoreNew -Priority 5
    $old = Get-ScheduledTask -TaskPath $TaskPath -TaskName $Name -ErrorAction SilentlyContinue
    if ($old -and $old.Actions[0].Execute -eq $Action.Execute -and
        $old.Actions[0].Arguments -eq $Action.Arguments -and
        $old.Principal.UserId -eq $Principal.UserId -and
        $old.Settings.ExecutionTimeLimit -eq 'PT0S' -and $old.Settings.RestartCount -eq 255 -and
        $old.Settings.Priority -eq 5) {
        Say "  giữ nguyên tác vụ $Name"
        return $false
    }
    Register-ScheduledTask -TaskPath $TaskPath -TaskName $Name -Action $Action -Trigger $Trigger `
        -Principal $Principal -Settings $settings -Force | Out-Null
    Say "  ghi tác vụ $Name"
    $script:Changed++
    return $true
}

Say 'Task Scheduler:'
$serverCmd = Join-Path $AppDir 'deploy\windows\start-server.cmd'
$serverAction = New-ScheduledTaskAction -Execute 'cmd.exe' -WorkingDirectory $AppDir `
    -Argument "/c `"`"$serverCmd`" `"$DataDir`" $Port`""
$serverChanged = Set-Task 'LangSo Server' $serverAction (New-ScheduledTaskTrigger -AtStartup) `
    (New-ScheduledTaskPrincipal -UserId $LocalService -LogonType ServiceAccount -RunLevel Limited)

$kioskScript = Join-Path $AppDir 'deploy\windows\start-kiosk.ps1'
$kioskAction = New-ScheduledTaskAction -Execute 'powershell.exe' `
    -Argument "-NoProfile -ExecutionPolicy Bypass -WindowStyle Hidden -File `"$kioskScript`" -Port $Port"
$null = Set-Task 'LangSo Kiosk' $kioskAction (New-ScheduledTaskTrigger -AtLogOn -User $KioskUser) `
    (New-ScheduledTaskPrincipal -UserId $KioskUser -LogonType Interactive -RunLevel Limited)

Say 'Điện năng (cắm điện: không ngủ, không tắt màn hình):'
foreach ($setting in 'standby-timeout-ac', 'monitor-timeout-ac', 'hibernate-timeout-ac') {
    & powercfg /change $setting 0
    if ($LASTEXITCODE -ne 0) { Fail "powercfg /change $setting 0 không chạy được." }
}
Say '  đã đặt (BIOS: bật "Power on after AC loss" / "Restore on AC power loss", xem docs\deploy.md)'

Say 'Vuốt từ cạnh màn hình (không cho thoát khỏi Edge toàn màn hình):'
$edgeUi = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI'
if ((Get-ItemProperty -Path $edgeUi -Name AllowEdgeSwipe -ErrorAction SilentlyContinue).AllowEdgeSwipe -eq 0) {
    Say '  giữ nguyên'
} else {
    New-Item -Path $edgeUi -Force | Out-Null
    New-ItemProperty -Path $edgeUi -Name AllowEdgeSwipe -PropertyType DWord -Value 0 -Force | Out-Null
    Say '  đã tắt (AllowEdgeSwipe=0)'
    $script:Changed++
}

Say "Tự đăng nhập tài khoản kiosk ${KioskUser}:"
if ($NoAutoLogon) {
    Say '  bỏ qua (-NoAutoLogon): sau khi mất điện máy chờ ở màn hình đăng nhập'
} else {
    # After a power cut or an update restart the PC must reach the kiosk account's desktop on its
    # own. The Winlogon values name the account; the password goes into the LSA secret
    # "DefaultPassword" (what Sysinternals Autologon does), encrypted, never in clear in the
    # registry. Risk: anyone at the PC gets this account's desktop; give it no admin rights.
    $winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
    $parts = $KioskUser.Split('\', 2)
    if ($parts.Count -eq 2) { $domain, $user = $parts } else { $domain, $user = $env:COMPUTERNAME, $KioskUser }
    $current = Get-ItemProperty -Path $winlogon -ErrorAction SilentlyContinue
    if ($current.AutoAdminLogon -eq '1' -and $current.DefaultUserName -eq $user -and
        $current.DefaultDomainName -eq $domain -and $null -eq $current.DefaultPassword) {
        Say '  giữ nguyên'
    } else {
        $secure = Read-Host "  Mật khẩu của $KioskUser (để tự đăng nhập)" -AsSecureString
        $plain = [Runtime.InteropServices.Marshal]::PtrToStringUni(
            [Runtime.InteropServices.Marshal]::SecureStringToGlobalAllocUnicode($secure))
        Add-Type -Namespace LangSo -Name Lsa -MemberDefinition @'
[StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
public struct LSA_UNICODE_STRING { public ushort Length; public ushort MaximumLength; public IntPtr Buffer; }
[StructLayout(LayoutKind.Sequential)]
public struct LSA_OBJECT_ATTRIBUTES { public int Length; public IntPtr RootDirectory; public IntPtr ObjectName;
    public uint Attributes; public IntPtr SecurityDescriptor; public IntPtr SecurityQualityOfService; }
[DllImport("advapi32.dll")] public static extern uint LsaOpenPolicy(IntPtr system, ref LSA_OBJECT_ATTRIBUTES attributes, uint access, out IntPtr handle);
[DllImport("advapi32.dll")] public static extern uint LsaStorePrivateData(IntPtr handle, ref LSA_UNICODE_STRING key, ref LSA_UNICODE_STRING data);
[DllImport("advapi32.dll")] public static extern uint LsaClose(IntPtr handle);
public static LSA_UNICODE_STRING Text(string s) {
    var u = new LSA_UNICODE_STRING(); u.Buffer = Marshal.StringToHGlobalUni(s);
    u.Length = (ushort)(s.Length * 2); u.MaximumLength = (ushort)(s.Length * 2 + 2); return u; }
public static uint StoreSecret(string name, string value) {
    var attributes = new LSA_OBJECT_ATTRIBUTES(); IntPtr policy;
    uint status = LsaOpenPolicy(IntPtr.Zero, ref attributes, 0x00000020 /* POLICY_CREATE_SECRET */, out policy);
    if (status != 0) return status;
    var key = Text(name); var data = Text(value);
    status = LsaStorePrivateData(policy, ref key, ref data);
    LsaClose(policy); return status; }
'@
        $status = [LangSo.Lsa]::StoreSecret('DefaultPassword', $plain)
        $plain = $null
        if ($status -ne 0) { Fail "không cất được mật khẩu tự đăng nhập (mã LSA $status)." }
        Set-ItemProperty -Path $winlogon -Name AutoAdminLogon -Value '1'
        Set-ItemProperty -Path $winlogon -Name DefaultUserName -Value $user
        Set-ItemProperty -Path $winlogon -Name DefaultDomainName -Value $domain
        # A clear-text password some older tool left behind.
        Remove-ItemProperty -Path $winlogon -Name DefaultPassword -ErrorAction SilentlyContinue
        Say '  đã đặt (mật khẩu cất làm bí mật LSA, không để chữ rõ trong registry)'
        $script:Changed++
    }
}

Say 'Tường lửa (điện thoại trong Wi-Fi mở được trang di tích, cửa hàng):'
$ruleName = "LangSo $Port"
if (Get-NetFirewallRule -DisplayName $ruleName -ErrorAction SilentlyContinue) {
    Say '  giữ nguyên'
} else {
    New-NetFirewallRule -DisplayName $ruleName -Direction Inbound -Protocol TCP -LocalPort $Port `
        -Action Allow -Profile Private | Out-Null
    Say "  mở cổng $Port cho mạng Private (đặt Wi-Fi của nhà văn hóa là Private network)"
    $script:Changed++
}

Say 'Máy chủ:'
$running = (Get-ScheduledTask -TaskPath $TaskPath -TaskName 'LangSo Server').State -eq 'Running'
if ($running -and ($serverChanged -or $packagesChanged -or $appChanged)) {
    Stop-ScheduledTask -TaskPath $TaskPath -TaskName 'LangSo Server'
    # Stopping the task ends cmd.exe, not the python.exe it started: end that one by its id.
    Get-CimInstance Win32_Process -Filter "Name = 'python.exe'" |
        Where-Object { $_.CommandLine -like "*$AppDir*run_kiosk.py*" } |
        ForEach-Object { Stop-Process -Id $_.ProcessId -Force }
    $running = $false
    Say '  khởi động lại (chương trình, gói Python hay tác vụ đã thay đổi)'
}
if (-not $running) { Start-ScheduledTask -TaskPath $TaskPath -TaskName 'LangSo Server' }
else { Say '  giữ nguyên (không khởi động lại)' }
Set-Content -Path $appStamp -Value $appPrint -Encoding ASCII
$answered = $false
foreach ($i in 1..30) {
    try {
        $r = Invoke-WebRequest -UseBasicParsing -TimeoutSec 2 "http://127.0.0.1:$Port/healthz"
        if ($r.StatusCode -eq 200) { $answered = $true; break }
    } catch { Start-Sleep -Seconds 1 }
}
if ($answered) { Say '  đang chạy' } else { Say "  chưa trả lời; xem $DataDir\server.log" }

Say ''
if ($script:Changed -eq 0) { Say 'Không có gì thay đổi: máy đã được cài đặt như thế này.' }
else { Say "Xong: $($script:Changed) mục đã thay đổi." }
Say "Mở trên màn hình: http://127.0.0.1:$Port/attract"
Get-NetIPAddress -AddressFamily IPv4 -ErrorAction SilentlyContinue |
    Where-Object { $_.IPAddress -notlike '127.*' -and $_.IPAddress -notlike '169.254.*' } |
    ForEach-Object { Say "Điện thoại trong Wi-Fi: http://$($_.IPAddress):$Port/" }
Say ''
Say 'Bước tiếp theo:'
Say "  1. Tạo tài khoản quản trị:  $AppDir\.venv\Scripts\langso --data $DataDir create-user chu-tich --role admin"
Say "  2. Đăng nhập http://<địa chỉ trên>:$Port/login, đặt Địa chỉ công khai (Quản trị › Thiết lập)"
Say "  3. Kiểm tra:                 $AppDir\.venv\Scripts\langso --data $DataDir doctor"
Say "  4. Đăng xuất rồi đăng nhập bằng $KioskUser để thấy Edge mở toàn màn hình."

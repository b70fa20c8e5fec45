<#
.SYNOPSIS
  Cài Làng Số trên máy Windows của nhà văn hóa: máy chủ tự chạy khi bật máy (Task Scheduler,
  tự chạy lại khi hỏng), Edge mở toàn màn hình khi tài khoản kiosk đăng nhập.
  Install Làng Số on a Windows PC: the server starts at boot, Edge in kiosk mode at logon.
.DESCRIPTION
  Chạy lại bao nhiêu lần cũng được: chỉ đổi những gì khác, và nói rõ. Chỉ lần đầu cần Internet
  (các gói Python). Cần Python 3.11+ cài "for all users" (máy chủ chạy bằng tài khoản LOCAL
  SERVICE, không đọc được Python cài riêng trong thư mục người dùng).
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File deploy\windows\install.ps1 -KioskUser NhaVanHoa
#>
[CmdletBinding()]
param(
    [string]$AppDir = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path,
    [string]$DataDir = (Join-Path $env:ProgramData 'LangSo'),
    [ValidateRange(1, 65535)][int]$Port = 8080,
    [string]$KioskUser = "$env:USERDOMAIN\$env:USERNAME"
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
    if ($LASTEXITCODE -ne 0) { Fail 'không tạo được .venv: cài Python 3.11+ từ python.org (tick "Add to PATH").' }
}
$version = & $venvPython -c 'import sys; print(sys.version_info >= (3, 11))'
if ($version -ne 'True') { Fail 'cần Python 3.11 trở lên.' }
$base = & $venvPython -c 'import sys; print(sys.base_prefix)'
if ($base.StartsWith($env:SystemDrive + '\Users', 'OrdinalIgnoreCase')) {
    Fail "Python đang cài riêng cho một người dùng ($base); cài lại Python với tùy chọn `"Install for all users`", xóa .venv rồi chạy lại."
}
$stamp = Join-Path $AppDir '.venv\.langso-installed'
$want = (Get-FileHash (Join-Path $AppDir 'pyproject.toml') -Algorithm SHA256).Hash
if ((Test-Path $stamp) -and ((Get-Content $stamp -Raw).Trim() -eq $want)) {
    Say '  giữ nguyên'
} else {
    & $venvPython -m pip install --quiet -e $AppDir
    if ($LASTEXITCODE -ne 0) { Fail 'pip install không xong (lần đầu cần Internet).' }
    Set-Content -Path $stamp -Value $want -Encoding ASCII
    & $venvPython -m compileall -q (Join-Path $AppDir 'kiosk') (Join-Path $AppDir 'printables') (Join-Path $AppDir 'qr') | Out-Null
    Say '  đã cài các gói Python'
    $script:Changed++
}

Say "Thư mục dữ liệu $DataDir"
if (-not (Test-Path $DataDir)) {
    New-Item -ItemType Directory -Path $DataDir | Out-Null
    $script:Changed++
    Say '  đã tạo'
}
# The server account writes only here, and reads the program folder.
& icacls $DataDir /grant '*S-1-5-19:(OI)(CI)M' /Q | Out-Null
& icacls $AppDir /grant '*S-1-5-19:(OI)(CI)RX' /Q | Out-Null

function Set-Task([string]$Name, $Action, $Trigger, $Principal) {
    # Restart on failure needs both count and interval; PT0S = no time limit (it runs for months).
    $settings = New-ScheduledTaskSettingsSet -RestartCount 255 -RestartInterval (New-TimeSpan -Minutes 1) `
        -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
        -StartWhenAvailable -MultipleInstances IgnoreNew
    $old = Get-ScheduledTask -TaskPath $TaskPath -TaskName $Name -ErrorAction SilentlyContinue
    if ($old -and $old.Actions[0].Execute -eq $Action.Execute -and
        $old.Actions[0].Arguments -eq $Action.Arguments -and
        $old.Principal.UserId -eq $Principal.UserId -and
        $old.Settings.ExecutionTimeLimit -eq 'PT0S' -and $old.Settings.RestartCount -eq 255) {
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
if ($serverChanged) {
    Stop-ScheduledTask -TaskPath $TaskPath -TaskName 'LangSo Server'
    # Stopping the task ends cmd.exe, not the python.exe it started: end that one by its id.
    Get-CimInstance Win32_Process -Filter "Name = 'python.exe'" |
        Where-Object { $_.CommandLine -like "*$AppDir*run_kiosk.py*" } |
        ForEach-Object { Stop-Process -Id $_.ProcessId -Force }
}
Start-ScheduledTask -TaskPath $TaskPath -TaskName 'LangSo Server'
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

<#
.SYNOPSIS
  Màn hình kiosk trên Windows: chờ máy chủ trả lời rồi mở Edge toàn màn hình ở /attract, với hồ
  sơ trình duyệt mới mỗi lần, và mở lại nếu Edge bị đóng. Task "LangSo Kiosk" chạy nó khi đăng nhập.
#>
param(
    [ValidateRange(1, 65535)][int]$Port = 8080,
    [string]$Page = '/attract',
    [switch]$PrintFlags
)
$base = "http://127.0.0.1:$Port"
# A profile of our own: with the user's normal profile, msedge would hand the URL to an Edge
# already running and exit at once, and the loop below would spin.
$profileDir = Join-Path $env:LOCALAPPDATA 'LangSo\kiosk-profile'
$flags = @(
    '--kiosk', "$base$Page",
    '--edge-kiosk-type=fullscreen',
    '--no-first-run',
    "--user-data-dir=`"$profileDir`"",
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-features=Translate',
    '--lang=vi'
)
if ($PrintFlags) { $flags; exit 0 }

$edge = @(
    (Join-Path ${env:ProgramFiles(x86)} 'Microsoft\Edge\Application\msedge.exe'),
    (Join-Path $env:ProgramFiles 'Microsoft\Edge\Application\msedge.exe')
) | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $edge) { Write-Error 'Không thấy Microsoft Edge.'; exit 1 }

function Test-Server {
    try {
        return (Invoke-WebRequest -UseBasicParsing -TimeoutSec 3 "$base/healthz").StatusCode -eq 200
    } catch {
        return $false
    }
}

while ($true) {
    while (-not (Test-Server)) { Start-Sleep -Seconds 1 }
    Remove-Item -Recurse -Force $profileDir -ErrorAction SilentlyContinue
    Start-Process -FilePath $edge -ArgumentList $flags -Wait
    # Closed (Alt+F4) or crashed: open it again once the server answers.
    Start-Sleep -Seconds 2
}

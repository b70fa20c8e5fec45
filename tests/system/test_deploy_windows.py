"""deploy/windows/install.ps1 after a power cut or an update restart (issue 19, Breaks 2 and 14).

PowerShell cannot run on this Linux test machine, so these are static checks: the script is read
as text (UTF-8 with BOM), comments dropped, and each setting is looked for as the command that
makes it. What they cannot show is that Windows accepts the commands; docs/deploy.md says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "windows" / "install.ps1"


def code() -> str:
    """The script without comments (# lines, and the <# … #> help block)."""
    text = SCRIPT.read_text(encoding="utf-8-sig")
    text = re.sub(r"(?s)^<#.*?#>", "", text)
    lines = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        lines.append(line)
    return "\n".join(lines)


CODE = code()


def test_the_tasks_run_at_normal_priority():
    settings = re.search(r"New-ScheduledTaskSettingsSet(.*?)\n\s*\$old", CODE, re.S).group(1)
    assert re.search(r"-Priority 5\b", settings)
    # A re-run notices a task registered with another priority and registers it again.
    assert "$old.Settings.Priority -eq 5" in CODE


def test_the_pc_never_sleeps_or_turns_the_screen_off_on_mains_power():
    loop = re.search(r"foreach \(\$setting in ([^)]*)\)\s*\{\s*& powercfg /change \$setting 0", CODE)
    assert loop, "powercfg /change … 0 for each setting"
    settings = re.findall(r"'([a-z-]+)'", loop.group(1))
    assert {"standby-timeout-ac", "monitor-timeout-ac", "hibernate-timeout-ac"} <= set(settings)
    assert "$LASTEXITCODE" in CODE[loop.end():loop.end() + 200]


def test_edge_swipes_are_off():
    assert r"$edgeUi = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI'" in CODE
    assert re.search(r"New-ItemProperty -Path \$edgeUi -Name AllowEdgeSwipe -PropertyType DWord "
                     r"-Value 0\b", CODE)


def test_automatic_sign_in_keeps_the_password_out_of_the_registry():
    assert r"'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'" in CODE
    for name, value in (("AutoAdminLogon", "'1'"), ("DefaultUserName", "$user"),
                        ("DefaultDomainName", "$domain")):
        assert f"Set-ItemProperty -Path $winlogon -Name {name} -Value {value}" in CODE
    # The password: an LSA secret (as Sysinternals Autologon stores it), never a registry value.
    assert "LsaStorePrivateData" in CODE
    assert "[LangSo.Lsa]::StoreSecret('DefaultPassword', $plain)" in CODE
    assert not re.search(r"(Set|New)-ItemProperty[^\n]*DefaultPassword", CODE)
    assert "Remove-ItemProperty -Path $winlogon -Name DefaultPassword" in CODE
    assert "-AsSecureString" in CODE
    assert re.search(r"\[switch\]\$NoAutoLogon", CODE)


def test_store_python_and_per_user_python_are_refused():
    assert re.search(r"if \(\$base -match '\\\\WindowsApps\\\\' -or \$base -match "
                     r"'PythonSoftwareFoundation\\.Python'\) \{\s*Fail", CODE)
    assert re.search(r"if \(\$base\.StartsWith\(\$env:SystemDrive \+ '\\Users', 'OrdinalIgnoreCase'\)\)"
                     r" \{\s*Fail", CODE)


def test_packages_come_from_the_lock_with_hashes():
    assert "$lock = Join-Path $AppDir 'deploy\\requirements.lock'" in CODE
    assert re.search(r"pip install --quiet --require-hashes --only-binary=:all: @from -r \$lock", CODE)
    assert "pip install --quiet -e" not in CODE


def test_the_kiosk_account_cannot_read_the_data_folder():
    grant = re.search(r"& icacls \$DataDir (.*?)\| Out-Null", CODE, re.S).group(1)
    assert "/inheritance:r" in grant and "/grant:r" in grant
    sids = re.findall(r"'\*(S-[\d-]+):", grant)
    # SYSTEM, Administrators, LOCAL SERVICE; not Users (S-1-5-32-545), Everyone or the kiosk user.
    assert sids == ["S-1-5-18", "S-1-5-32-544", "S-1-5-19"]


def test_a_rerun_restarts_the_server_only_when_something_changed():
    block = CODE[CODE.index("Say 'Máy chủ:'"):CODE.index("$answered = $false")]
    condition = re.search(r"if \(\$running -and \((.*?)\)\) \{(.*?)\n\}", block, re.S)
    assert condition, block
    assert set(re.findall(r"\$(\w+)", condition.group(1))) == {
        "serverChanged", "packagesChanged", "appChanged"}
    assert "Stop-ScheduledTask" in condition.group(2)
    assert block.count("Stop-ScheduledTask") == 1
    assert re.search(r"if \(-not \$running\) \{ Start-ScheduledTask", block)


@pytest.mark.parametrize("needle", ["Power on after AC loss", "Autologon", "AllowEdgeSwipe",
                                    "powercfg", "Install for all users", "PowerShell"])
def test_the_windows_docs_tell_the_technician(needle):
    docs = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    windows = docs[docs.index("## Windows"):]
    assert needle in windows

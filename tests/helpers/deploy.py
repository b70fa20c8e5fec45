"""Deployment-script test helpers: paths, systemd unit parsing, rendering a unit as install.sh
does, and running install.sh into a fake root."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PI = ROOT / "deploy" / "pi"
posix_only = pytest.mark.skipif(os.name == "nt", reason="Raspberry Pi scripts need a POSIX shell")


def parse_unit(text: str) -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("["):
            current = sections.setdefault(stripped.strip("[]"), [])
            continue
        key, _, value = stripped.partition("=")
        assert current is not None, line
        current.append((key, value))
    return sections


def directive(sections, section: str, key: str) -> str:
    values = [v for k, v in sections[section] if k == key]
    assert len(values) == 1, (section, key, values)
    return values[0]


def render_unit(tmp_path: Path, name: str = "langso.service", systemd: int = 252) -> Path:
    """The unit as install.sh writes it for a systemd of that version, for paths under tmp_path."""
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True, exist_ok=True)
    for program in (python, tmp_path / "langso-set-clock", tmp_path / "langso-healthz"):
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    (tmp_path / "data").mkdir(exist_ok=True)
    text = (PI / name).read_text(encoding="utf-8")
    for key, value in {"@APP_DIR@": tmp_path / "app", "@DATA_DIR@": tmp_path / "data",
                       "@PORT@": "8080", "@USER@": "langso", "@VENV@": tmp_path / "venv",
                       "/usr/local/sbin/": f"{tmp_path}/"}.items():
        text = text.replace(key, str(value))
    if systemd < 254:  # what install.sh's unit_for_this_systemd does
        text = re.sub(r"(?m)^Restart(Steps|MaxDelaySec)=.*\n", "", text)
        text = re.sub(r"(?m)^RestartSec=.*$", "RestartSec=15", text)
    unit = tmp_path / name
    unit.write_text(text, encoding="utf-8")
    return unit


def install(checkout: Path, root: Path, *args: str, env: dict | None = None):
    return subprocess.run(["bash", str(checkout / "deploy" / "pi" / "install.sh"), "--root", str(root),
                           "--user", "pi", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})

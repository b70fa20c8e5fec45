"""Fixtures for the deploy/ tests: a stand-in checkout and a fake root to install into."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A small stand-in for this repository: the real deploy/ beside a tiny app."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "deploy", src / "deploy")
    (src / "kiosk").mkdir()
    (src / "kiosk" / "__init__.py").write_text("# app\n")
    (src / "kiosk" / "old.py").write_text("# to be removed later\n")
    (src / "run_kiosk.py").write_text("print('server')\n")
    (src / "pyproject.toml").write_text("[project]\nname = 'langso'\n")
    return src


@pytest.fixture
def target(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "home" / "pi" / ".config" / "labwc").mkdir(parents=True)
    (root / "home" / "pi" / ".config" / "labwc" / "autostart").write_text("swayidle -w &\n")
    (root / "home" / "pi" / ".config" / "wayfire.ini").write_text(
        "[core]\nplugins = autostart\n\n[autostart]\npanel = wf-panel-pi\n\n[idle]\ndpms_timeout = 0\n")
    return root

"""The wheel alone runs the demo: built with `python -m build`, installed into a fresh venv.

The fresh venv sees no checkout: it is made outside the repository, our wheel is installed into
it with `pip --no-deps`, and the dependencies (flask, waitress…) come from the test's own venv
through a .pth line (installing them would need the Internet; their own .pth files, such as an
editable install of this checkout, are not run from a .pth line). The server then runs from the
installed `langso` entry point with the working directory outside the repository.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest
import yaml

from bench.server import ROOT, start

pytestmark = pytest.mark.skipif(importlib.util.find_spec("build") is None,
                                reason="the `build` package is missing (pip install -e '.[test]')")

TOP_NOT_COPIED = {".git", ".venv", "data", "build", "dist", "out", "tests", "bench", "docs"}


def not_copied(folder: str, names: list[str]) -> set[str]:
    """What the copy of the checkout leaves out: local state at the top, caches anywhere."""
    top = TOP_NOT_COPIED if Path(folder) == ROOT else set()
    return {n for n in names if n in top or n == "__pycache__" or n.endswith(".egg-info")
            or n.startswith((".pytest", ".ruff", ".hypothesis"))}


def offline_backend() -> bool:
    """Whether this venv can build without fetching setuptools (bdist_wheel in setuptools 70.1+)."""
    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Our wheel, built from a copy of the checkout (a stale build/ folder cannot leak into it)."""
    source = tmp_path_factory.mktemp("src") / "langso"
    shutil.copytree(ROOT, source, ignore=not_copied)
    out = tmp_path_factory.mktemp("dist")
    offline = offline_backend()
    command = [sys.executable, "-m", "build", "--wheel", *(["--no-isolation"] if offline else []),
               "--outdir", str(out), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and not offline:
        pytest.skip("this venv's setuptools cannot build a wheel and an isolated build could not "
                    f"fetch one (no network?): {result.stderr.strip()[-300:]}")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (found,) = out.glob("langso-*.whl")
    return found


def test_wheel_carries_templates_static_migrations_and_the_demo_pack(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())

    def files(folder: str, pattern: str = "*") -> set[str]:
        return {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob(pattern)
                if p.is_file() and "__pycache__" not in p.parts}

    assert files("kiosk/templates") and files("kiosk/migrations", "*.sql")
    in_place = (files("kiosk/templates") | files("kiosk/migrations", "*.sql") | files("kiosk/data")
                | files("qr/data") | files("kiosk/translations"))
    assert in_place <= names
    shipped = files("static") | files("content")
    assert "content/pack.yaml" in shipped and "static/css/kiosk.css" in shipped
    assert {f"kiosk/_shipped/{n}" for n in shipped} <= names
    assert not any(n.startswith(("tests/", "bench/", "static/", "content/")) for n in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the checkout with only our wheel installed in it."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_path("purelib"), *site.getsitepackages()}
    Path(purelib, "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--no-index", "--quiet", str(wheel)], check=True, timeout=300)
    return bindir


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "LANGSO_DATA"}}


def test_installed_code_and_files_come_from_the_wheel(installed, tmp_path):
    python = installed / ("python.exe" if os.name == "nt" else "python")
    probe = ("import kiosk, kiosk.config as c; "
             "print(kiosk.__file__, c.STATIC_DIR, c.DEFAULT_PACK_DIR, kiosk.__version__, sep='\\n')")
    found = ("import kiosk.config as c; "
             "print((c.STATIC_DIR / 'css/kiosk.css').is_file(), "
             "(c.DEFAULT_PACK_DIR / 'pack.yaml').is_file())")
    lines = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True,
                           cwd=tmp_path, env=clean_env()).stdout.splitlines()
    venv = installed.parent.resolve()
    assert all(Path(line).resolve().is_relative_to(venv) for line in lines[:3]), lines
    assert lines[3] != "0+unknown"
    both = subprocess.run([str(python), "-c", found], capture_output=True, text=True, check=True,
                          cwd=tmp_path, env=clean_env()).stdout.split()
    assert both == ["True", "True"]


def test_langso_serve_from_the_wheel_runs_the_demo(installed, tmp_path):
    langso = installed / ("langso.exe" if os.name == "nt" else "langso")
    server = start(tmp_path / "data", None, command=[str(langso), "serve"], cwd=tmp_path,
                   env=clean_env(), timeout=60)
    try:
        with urllib.request.urlopen(f"{server.url}/healthz") as response:
            health = json.load(response)
        guide = sorted((ROOT / "content/guides").glob("*/guide.yaml"))[0]
        title = yaml.safe_load(guide.read_text(encoding="utf-8"))["title"]["vi"]
        slug = guide.parent.name
        with urllib.request.urlopen(f"{server.url}/guides/{slug}") as response:
            page = response.read().decode()
            status = response.status
        with urllib.request.urlopen(f"{server.url}/static/css/kiosk.css") as response:
            css_status = response.status
    finally:
        server.stop()
    assert health["status"] == "ok" and health["counts"]["guides"] >= 8
    assert status == 200 and title in page
    assert css_status == 200
    assert "đã nạp nội dung mẫu" in server.output()

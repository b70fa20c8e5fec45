"""Start run_kiosk.py as a real process on a free loopback port (used by benchmarks and tests)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    cold_start: float  # seconds from spawn to the first 200 from /healthz
    log: Path  # the server's stdout and stderr (a file: a full pipe would stall the server)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(data_dir: Path, port: int | None = None, *args: str, timeout: float = 30.0,
          command: list[str] | None = None, cwd: Path = ROOT,
          env: dict[str, str] | None = None) -> Server:
    """Spawn the server and wait until /healthz answers 200.

    `command` replaces `python run_kiosk.py` (e.g. an installed `langso serve`); the port and
    data flags follow it.

    Raises:
        RuntimeError: it exited or did not answer in time (its output is in the message).
    """
    port = port or free_port()
    data_dir = Path(data_dir)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"server-{port}.log"
    started = time.perf_counter()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [*(command or [sys.executable, str(ROOT / "run_kiosk.py")]), "--port", str(port),
             "--data", str(data_dir), *args],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
        )
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return Server(process, url, time.perf_counter() - started, log)
        except OSError:
            time.sleep(0.02)
    process.kill()
    raise RuntimeError(f"server did not answer within {timeout} s: {log.read_text()}")

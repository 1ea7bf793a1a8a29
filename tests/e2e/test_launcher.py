"""`python -m bot run`: clear failures, a healthy start, and a clean Ctrl-C."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.launcher import port_is_free
from bot.settings import PROJECT_ROOT
from tests.e2e.stack import env_for

PORTS = {"gateway_port": 18600, "rasa_port": 18601, "actions_port": 18602, "mock_port": 18603}


def launch(tmp_path: Path, **overrides: object) -> subprocess.Popen:
    env = env_for(data_dir=tmp_path, log_dir=tmp_path / "log", **{**PORTS, **overrides})
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=PROJECT_ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def read_until(process: subprocess.Popen, marker: str, timeout: float) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"never printed {marker!r}; output:\n{''.join(seen)}")


def test_taken_port_ends_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", PORTS["gateway_port"]))
        squatter.listen()
        process = launch(tmp_path)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "端口 18600 已被占用" in output and "ISZ_GATEWAY_PORT" in output


def test_crashing_child_ends_the_launcher(tmp_path: Path) -> None:
    process = launch(tmp_path, mock_db_url="postgresql://nobody@127.0.0.1:1/none")
    output, _ = process.communicate(timeout=400)
    assert process.returncode == 1
    assert "模拟政务服务接口 意外退出" in output
    assert all(port_is_free("127.0.0.1", port) for port in PORTS.values())


def test_run_serves_everything_and_ctrl_c_stops_every_child(tmp_path: Path) -> None:
    process = launch(tmp_path)
    try:
        output = read_until(process, "全部就绪", timeout=600)
        assert "http://127.0.0.1:18600/" in output
        health = requests.get("http://127.0.0.1:18600/healthz", timeout=10)
        assert health.status_code == 200
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "已停止" in rest
    assert all(port_is_free("127.0.0.1", port) for port in PORTS.values())


@pytest.fixture(autouse=True)
def _ports_start_free() -> None:
    busy = [port for port in PORTS.values() if not port_is_free("127.0.0.1", port)]
    assert not busy, f"test ports already in use: {busy}"

"""``python -m bot run``: set up, start, health-check and supervise every process.

A taken port or a child that dies ends the launcher with a clear message and a
non-zero exit; Ctrl-C stops every child.  Output is Chinese, like the product.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

from bot import rasa_endpoints
from bot.components import Component, components
from bot.rasa_env import rasa_environment
from bot.settings import PROJECT_ROOT, settings


class LaunchError(Exception):
    """A failure the operator can fix; the message says how."""


def say(message: str) -> None:
    print(f"[i深圳助手] {message}", flush=True)


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def check_ports(parts: list[Component]) -> None:
    for part in parts:
        if not port_is_free(part.host, part.port):
            raise LaunchError(f"端口 {part.port} 已被占用（{part.label}）。请关闭占用它的程序，"
                              f"或设置环境变量 {part.port_setting} 换一个端口后重试。")


def is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def prepare(progress=say) -> Path:  # noqa: ANN001 - a print-like callable
    """Everything before the processes start: knowledge base, model, endpoints."""
    from bot.training import ensure_model
    from services_db.cli import main as kb_cli

    log_dir = settings.path(settings.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    progress("准备知识库数据库…")
    if kb_cli(["--url", settings.kb_database_url, "setup"]) != 0:
        raise RuntimeError("知识库准备失败，请查看上面的提示")
    model = ensure_model(progress, log_file=log_dir / "train.log")
    rasa_endpoints.write(settings)
    return model


class Supervisor:
    def __init__(self, parts: list[Component]) -> None:
        self.parts = parts
        self.children: dict[str, subprocess.Popen] = {}
        self.log_dir = settings.path(settings.log_dir)

    def log_of(self, part: Component) -> Path:
        return self.log_dir / f"{part.name}.log"

    def start(self, part: Component) -> None:
        log = open(self.log_of(part), "a", encoding="utf-8")
        self.children[part.name] = subprocess.Popen(
            part.command, cwd=PROJECT_ROOT, env=rasa_environment(), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()

    def dead_child(self) -> Optional[Component]:
        for part in self.parts:
            child = self.children.get(part.name)
            if child is not None and child.poll() is not None:
                return part
        return None

    def wait_healthy(self, timeout: float) -> None:
        started = time.monotonic()
        pending = list(self.parts)
        while pending:
            dead = self.dead_child()
            if dead is not None:
                raise LaunchError(self.crash_message(dead))
            for part in list(pending):
                if is_healthy(part.health_url):
                    say(f"✓ {part.label} 已就绪 ({part.host}:{part.port})")
                    pending.remove(part)
            if time.monotonic() - started > timeout:
                names = "、".join(p.label for p in pending)
                raise LaunchError(f"等待 {timeout:.0f} 秒后仍未就绪：{names}。日志在 {self.log_dir}")
            time.sleep(0.5)

    def crash_message(self, part: Component) -> str:
        code = self.children[part.name].returncode
        return (f"{part.label} 意外退出（退出码 {code}）。最近的日志（{self.log_of(part)}）：\n"
                f"{tail(self.log_of(part))}")

    def stop(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                try:
                    os.killpg(child.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 10
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def run() -> int:
    started = time.monotonic()

    def request_stop(signum, _frame) -> None:  # noqa: ANN001 - signal handler signature
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)  # also when started where SIGINT was ignored (nohup, &)
    supervisor: Optional[Supervisor] = None
    try:
        check_ports(components(settings, model=None))  # fail fast, before minutes of setup
        parts = components(settings, prepare())
        supervisor = Supervisor(parts)
        say("启动各组件…")
        for part in parts:
            supervisor.start(part)
        supervisor.wait_healthy(settings.startup_timeout)
        say(f"全部就绪，用时 {time.monotonic() - started:.1f} 秒。请在浏览器打开 {settings.gateway_url}/")
        say("按 Ctrl-C 停止。")
        while True:
            dead = supervisor.dead_child()
            if dead is not None:
                raise LaunchError(supervisor.crash_message(dead))
            time.sleep(0.5)
    except KeyboardInterrupt:
        say("正在停止所有组件…")
        return 0
    except LaunchError as error:
        say(f"启动失败：{error}")
        return 1
    except RuntimeError as error:  # training or setup failed; the message says where to look
        say(f"准备失败：{error}")
        return 1
    finally:
        if supervisor is not None:
            supervisor.stop()
            say("已停止。")


if __name__ == "__main__":
    sys.exit(run())

"""Start, stop and restart parts of the assistant on test ports, like the launcher does."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Optional

import requests

from bot.components import Component, components
from bot.rasa_env import rasa_environment
from bot.settings import PROJECT_ROOT, Settings

ENV_NAMES = {f.name: f.metadata["env"] for f in dataclasses.fields(Settings)}


class Stack:
    """One isolated assistant: its own ports, data directory and logs."""

    def __init__(self, data_dir: Path, port_base: int, **overrides: Any) -> None:
        values = {"data_dir": str(data_dir), "log_dir": str(data_dir / "log"),
                  "gateway_port": port_base, "rasa_port": port_base + 1, "actions_port": port_base + 2,
                  "mock_port": port_base + 3, **overrides}
        self.settings = Settings(**values)
        self.env = {**rasa_environment(), **{ENV_NAMES[k]: str(v) for k, v in values.items()}}
        self.children: dict[str, subprocess.Popen] = {}
        self.parts: dict[str, Component] = {}

    def prepare(self) -> None:
        """Knowledge base, model (reused from var/models) and endpoints for this stack."""
        output = subprocess.run([sys.executable, "-m", "bot", "setup"], cwd=PROJECT_ROOT, env=self.env, check=True,
                                capture_output=True, text=True).stdout
        # The model setup just prepared (not a fresh hash: the data may change meanwhile).
        model = output.strip().splitlines()[-1].split("准备完成：", 1)[1]
        self.parts = {p.name: p for p in components(self.settings, Path(model))}

    def start(self, *names: str, timeout: float = 240) -> None:
        log_dir = Path(self.settings.log_dir)
        log_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            with open(log_dir / f"{name}.log", "a") as log:
                self.children[name] = subprocess.Popen(self.parts[name].command, cwd=PROJECT_ROOT, env=self.env,
                                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            for name in names:
                self.wait_healthy(name, timeout)
        except Exception:
            self.stop(*names)  # never leave half a stack running
            raise

    def wait_healthy(self, name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = self.parts[name].health_url
        if name == "gateway":  # /healthz is 503 while other parts are down on purpose
            url = f"{self.settings.gateway_url}/api/services"
        while time.monotonic() < deadline:
            if self.children[name].poll() is not None:
                raise RuntimeError(f"{name} exited: see {self.settings.log_dir}/{name}.log")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{name} not healthy after {timeout}s")

    def stop(self, *names: str) -> None:
        for name in names or list(self.children):
            child = self.children.pop(name, None)
            if child is None:
                continue
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    # ---- talking to it ---------------------------------------------------
    def rasa_say(self, sender: str, text: str, metadata: Optional[dict] = None) -> list[dict]:
        url = f"{self.settings.rasa_url}/webhooks/gateway/webhook"
        response = requests.post(url, json={"sender": sender, "message": text, "metadata": metadata or {}},
                                 timeout=60)
        response.raise_for_status()
        return response.json()["messages"]


def env_for(**overrides: Any) -> dict[str, str]:
    return {**os.environ, **{ENV_NAMES[k]: str(v) for k, v in overrides.items()}}

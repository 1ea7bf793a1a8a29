"""``python -m bot <command>``: the assistant's one entry point.

  run     set up (knowledge base, model) and start every process
  setup   set up only (used by the test command)
  config  print every setting with its default and current value
  rasa    run the rasa CLI with the project's environment (quiet, offline, CPU)
"""
from __future__ import annotations

import os
import sys

from bot.settings import describe


def print_config() -> None:
    for name, default, doc in describe():
        print(f"{name}\n    默认: {default or '（空）'}\n    当前: {os.environ.get(name, default)}\n    {doc}")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    if command == "run":
        from bot.launcher import run
        return run()
    if command == "setup":
        from bot.launcher import LaunchError, prepare, say
        try:
            model = prepare()
        except (LaunchError, RuntimeError) as error:
            say(f"准备失败：{error}")
            return 1
        say(f"准备完成：{model}")
        return 0
    if command == "rasa":
        from bot.rasa_env import rasa_environment
        os.execve(sys.executable, [sys.executable, "-m", "rasa", *argv[1:]], rasa_environment())
    if command == "config":
        print_config()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env bash
# Create .venv with Python 3.10 and the pinned dependencies; a no-op when
# requirements.txt and constraints.txt are unchanged since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10 \
                   "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  exit 0
fi

if ! python=$(find_python); then
  echo "[i深圳助手] 需要 Python 3.10（Rasa 3.6 不支持更新的版本）。请安装 python3.10，或设置 PYTHON=/path/to/python3.10。" >&2
  exit 1
fi
echo "[i深圳助手] 安装依赖到 .venv（首次约需几分钟）…"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade "pip==24.2"
.venv/bin/python -m pip install --quiet -r requirements.txt -c constraints.txt
echo "$wanted" > "$stamp"
echo "[i深圳助手] 依赖安装完成。"

#!/usr/bin/env bash
# What the browser tests (tests/browser) need, from Debian's packages and the npm
# registry only: Chromium and CJK fonts (apt-get) and the pinned axe-core
# (tests/browser/package.json + package-lock.json). Playwright (requirements.txt)
# drives /usr/bin/chromium; `playwright install` is never run. Idempotent and
# silent when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[i深圳助手] $*"; }

# ---- Debian packages: chromium, CJK fonts, node/npm -----------------------
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || packages+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "浏览器测试需要安装 ${packages[*]}，请以 root 运行：apt-get update && apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
  say "安装 ${packages[*]}（apt-get）…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# ---- axe-core from the npm registry, exactly the locked version ------------
dir=tests/browser
wanted=$(sed -n 's/.*"axe-core": *"\([^"]*\)".*/\1/p' "$dir/package.json" | head -n1)
have=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$dir/node_modules/axe-core/package.json" 2>/dev/null | head -n1 || true)
if [ -z "$wanted" ]; then
  say "tests/browser/package.json 中没有 axe-core 版本" >&2
  exit 1
fi
if [ "$have" != "$wanted" ] || [ ! -f "$dir/node_modules/axe-core/axe.min.js" ]; then
  say "安装 axe-core $wanted（npm ci）…"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

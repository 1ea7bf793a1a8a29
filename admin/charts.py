"""Server-rendered SVG charts: no script, no CDN, nothing the CSP has to allow.

Only SVG presentation attributes are used (no ``style``), and each chart has a
<title>/<desc> so screen readers get the numbers; the page also shows them as a table.
"""
from __future__ import annotations

from typing import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 220, 44, 28, 12
BAR = "#2f6fb2"
MUTED = "#6c757d"


def _svg(title: str, desc: str, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
        + "".join(body) + "</svg>")


def columns(title: str, labels: Sequence[str], values: Sequence[float], percent: bool = False) -> Markup:
    """Vertical bars, one per label (days); every 5th label is written under the axis."""
    top = max(max(values, default=0), 1e-9 if percent else 1)
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / max(len(values), 1)
    body = [f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - 8}" y2="{PAD_TOP + plot_h}" '
            f'stroke="{MUTED}" stroke-width="1"/>',
            f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 10}" text-anchor="end" font-size="12" fill="{MUTED}">'
            f'{_fmt(top, percent)}</text>',
            f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + plot_h}" text-anchor="end" font-size="12" fill="{MUTED}">0</text>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / top
        x = PAD_LEFT + i * step + step * 0.15
        body.append(f'<rect x="{x:.1f}" y="{PAD_TOP + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                    f'fill="{BAR}"><title>{escape(label)}：{_fmt(value, percent)}</title></rect>')
        if i % 5 == 0 or i == len(values) - 1:
            body.append(f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11" '
                        f'fill="{MUTED}">{escape(label[5:])}</text>')
    desc = "；".join(f"{label} {_fmt(v, percent)}" for label, v in zip(labels, values, strict=True))
    return _svg(title, desc, HEIGHT, body)


def bars(title: str, items: Sequence[tuple[str, float]]) -> Markup:
    """Horizontal bars with their names: top services and categories."""
    row, label_w = 26, 230
    height = max(len(items), 1) * row + 8
    top = max((v for _, v in items), default=1) or 1
    body = []
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = (WIDTH - label_w - 60) * value / top
        body.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" fill="#212529">'
                    f'{escape(label[:16])}</text>')
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{BAR}"/>')
        body.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="12" fill="{MUTED}">{value:g}</text>')
    if not items:
        body.append(f'<text x="10" y="22" font-size="13" fill="{MUTED}">暂无数据</text>')
    return _svg(title, "；".join(f"{label} {v:g}" for label, v in items), height, body)


def _fmt(value: float, percent: bool) -> str:
    return f"{value:.0%}" if percent else f"{value:g}"

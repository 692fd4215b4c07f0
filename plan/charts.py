"""Server-rendered SVG charts: actual values (bars) against targets (marks) across a period.

Plain SVG markup, no JavaScript and no external files, so the same chart shows on
the page and in the PDF. Every bar carries its value as text and the chart has a
title and a text description for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from lean_portal.templatetags.portal import number

WIDTH = 320
HEIGHT = 170
LEFT = 10
RIGHT = 10
TOP = 18
BOTTOM = 34

MET_COLOUR = "#2f7d4f"
MISSED_COLOUR = "#b5524a"
NEUTRAL_COLOUR = "#8a94a6"
TARGET_COLOUR = "#1f2a44"


@dataclass(frozen=True)
class ChartPoint:
    year: int
    target: Decimal | None
    actual: int | Decimal | None
    met: bool


def _fmt(value) -> str:
    return "нет данных" if value is None else number(value, 1)


def indicator_chart(points: list[ChartPoint], *, unit: str, title: str, highlight: int | None = None) -> str:
    """An SVG bar chart: one bar per year (actual), a dark mark for the target."""
    values = [Decimal(v) for p in points for v in (p.target, p.actual) if v is not None]
    top_value = max([*values, Decimal(1)])
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    bar_w = min(slot * 0.5, 48)

    def y_of(value) -> float:
        return TOP + plot_h - float(Decimal(value) / top_value) * plot_h

    description = "; ".join(f"{p.year}: цель {_fmt(p.target)}, факт {_fmt(p.actual)}" for p in points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}: {escape(description)}" class="plan-chart" '
        'style="max-width: 100%; height: auto">',
        f"<title>{escape(title)} ({escape(unit)})</title>",
        f"<desc>{escape(description)}</desc>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#999" />',
    ]
    centres = [LEFT + slot * index + slot / 2 for index in range(len(points))]
    # Bars first, target marks over them, value labels (haloed in white) on top of both.
    for centre, point in zip(centres, points, strict=True):
        if point.actual is not None:
            colour = MET_COLOUR if point.met else (MISSED_COLOUR if point.target is not None else NEUTRAL_COLOUR)
            y = y_of(point.actual)
            parts.append(
                f'<rect x="{centre - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{max(TOP + plot_h - y, 1):.1f}" fill="{colour}" />'
            )
    for centre, point in zip(centres, points, strict=True):
        if point.target is not None:
            ty = y_of(point.target)
            parts.append(
                f'<line x1="{centre - bar_w / 2 - 6:.1f}" y1="{ty:.1f}" x2="{centre + bar_w / 2 + 6:.1f}" '
                f'y2="{ty:.1f}" stroke="{TARGET_COLOUR}" stroke-width="3" stroke-dasharray="5 2" />'
            )
    for centre, point in zip(centres, points, strict=True):
        if point.actual is not None:
            parts.append(
                f'<text x="{centre:.1f}" y="{y_of(point.actual) - 4:.1f}" font-size="11" text-anchor="middle" '
                f'font-family="sans-serif" stroke="white" stroke-width="3" paint-order="stroke">'
                f"{escape(_fmt(point.actual))}</text>"
            )
        else:
            parts.append(
                f'<text x="{centre:.1f}" y="{TOP + plot_h - 4:.1f}" font-size="10" text-anchor="middle" '
                f'fill="#666" font-family="sans-serif">нет данных</text>'
            )
        weight = "bold" if point.year == highlight else "normal"
        mark = "✓" if point.met else ("✗" if point.target is not None and point.actual is not None else "")
        parts.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 15}" font-size="11" text-anchor="middle" '
            f'font-weight="{weight}" font-family="sans-serif">{point.year} {mark}</text>'
        )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 4}" font-size="9" fill="#444" font-family="sans-serif">'
        f"столбец — факт, пунктир — цель ({escape(unit)})</text>"
    )
    parts.append("</svg>")
    return "".join(parts)

"""Server-rendered SVG bar charts of the regional comparison: one horizontal bar per municipality.

Plain SVG, no JavaScript and nothing fetched (the page's Content-Security-Policy allows no more).
Each chart carries its title and every value as text: an ``aria-label``/``<desc>`` for screen
readers, the value beside each bar, and the same figures in the comparison's table on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from lean_portal.formats import number

WIDTH = 640
LABEL_W = 200
VALUE_W = 90
ROW_H = 20
BAR_H = 13
TOP = 6
LEGEND_H = 22

BAR_COLOUR = "#2f5d8a"
# Projects by state: in preparation, under way, implemented (colours told apart without hue too: the legend
# and the table carry the figures).
STACK_COLOURS = ("#b9c6d6", "#5f86b0", "#1f3f62")


@dataclass(frozen=True)
class Bar:
    label: str
    # One value (a bar) or several (a stacked bar); None: no data.
    values: tuple[int | Decimal | None, ...]


def _fmt(value, digits: int) -> str:
    return "нет данных" if value is None else number(value, digits)


def bar_chart(title: str, bars: list[Bar], *, unit: str = "", digits: int = 1, legend: tuple[str, ...] = ()) -> str:
    """A horizontal bar chart; with ``legend`` (one name per value) the bars are stacked."""
    stacked = bool(legend)
    totals = [sum((v or 0) for v in bar.values) if any(v is not None for v in bar.values) else None for bar in bars]
    top_value = max([Decimal(t) for t in totals if t is not None] + [Decimal(1)])
    plot_w = WIDTH - LABEL_W - VALUE_W
    legend_h = LEGEND_H if stacked else 0
    height = TOP + legend_h + ROW_H * max(len(bars), 1) + 4

    def describe(bar: Bar, total) -> str:
        if stacked:
            parts = ", ".join(f"{name} {_fmt(v, digits)}" for name, v in zip(legend, bar.values, strict=True))
            return f"{bar.label}: {parts}"
        return f"{bar.label}: {_fmt(total, digits)}"

    description = "; ".join(describe(bar, total) for bar, total in zip(bars, totals, strict=True))
    label = f"{title}{', ' + unit if unit else ''}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{escape(label)}. {escape(description)}" class="region-chart" '
        'style="max-width: 100%; height: auto">',
        f"<title>{escape(label)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]
    if stacked:
        x = LABEL_W
        for name, colour in zip(legend, STACK_COLOURS, strict=False):
            parts.append(f'<rect x="{x}" y="{TOP}" width="12" height="12" fill="{colour}" stroke="#333" />')
            parts.append(
                f'<text x="{x + 16}" y="{TOP + 10}" font-size="11" font-family="sans-serif">{escape(name)}</text>'
            )
            x += 18 + 7 * len(name)
    for index, (bar, total) in enumerate(zip(bars, totals, strict=True)):
        y = TOP + legend_h + index * ROW_H
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H - 2}" font-size="11" text-anchor="end" '
            f'font-family="sans-serif">{escape(_short(bar.label))}</text>'
        )
        x = float(LABEL_W)
        colours = STACK_COLOURS if stacked else (BAR_COLOUR,)
        for value, colour in zip(bar.values, colours, strict=False):
            if not value:
                continue
            w = float(Decimal(value) / top_value) * plot_w
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{BAR_H}" fill="{colour}" />')
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + BAR_H - 2}" font-size="11" font-family="sans-serif">'
            f"{escape(_fmt(total, digits))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"

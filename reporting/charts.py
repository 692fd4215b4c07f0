"""A small server-side SVG chart of a goal: current value → actual by quarter → target."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape

from lean_portal.formats import number

WIDTH, HEIGHT = 420, 170
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


def goal_chart_svg(
    *, name: str, unit: str, current: Decimal, target: Decimal, actuals: list[tuple[str, Decimal]]
) -> str:
    """SVG markup (safe to mark safe: every text is escaped).

    Points: «Текущий» (the passport's current value), then each quarter's actual,
    then «Цель» (the target) drawn as a dashed line across the chart.
    """
    points = [("Текущий", current), *actuals]
    values = [v for _, v in points] + [target]
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    span = high - low
    low, high = low - span * Decimal("0.1"), high + span * Decimal("0.1")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slots = len(points) + 1

    def x(i: int) -> float:
        return LEFT + plot_w * (i + 0.5) / slots

    def y(v: Decimal) -> float:
        return TOP + plot_h * float((high - v) / (high - low))

    title = escape(f"{name}, {unit}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'style="max-width:{WIDTH}px" role="img" aria-label="{title}" class="goal-chart">',
        f"<title>{title}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#adb5bd"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#adb5bd"/>',
    ]
    ty = y(target)
    parts.append(
        f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#198754" '
        f'stroke-dasharray="5 4" data-series="target"/>'
    )
    parts.append(
        f'<text x="{LEFT - 4}" y="{ty + 4:.1f}" text-anchor="end" font-size="10" fill="#198754">'
        f"{escape(number(target))}</text>"
    )
    coords = [(x(i), y(v)) for i, (_, v) in enumerate(points)]
    path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
    parts.append(f'<polyline points="{path}" fill="none" stroke="#0d6efd" stroke-width="2"/>')
    for i, ((label, value), (cx, cy)) in enumerate(zip(points, coords, strict=True)):
        colour, series = ("#6c757d", "current") if i == 0 else ("#0d6efd", "actual")
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}" data-series="{series}">'
            f"<title>{escape(label)}: {escape(number(value))}</title></circle>"
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{cy - 8:.1f}" text-anchor="middle" font-size="10">{escape(number(value))}</text>'
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{HEIGHT - 18}" text-anchor="middle" font-size="10" fill="#495057">'
            f"{escape(label)}</text>"
        )
    tx = x(len(points))
    parts.append(f'<text x="{tx:.1f}" y="{HEIGHT - 18}" text-anchor="middle" font-size="10" fill="#198754">Цель</text>')
    parts.append(
        f'<circle cx="{tx:.1f}" cy="{ty:.1f}" r="4" fill="#198754">'
        f"<title>Цель: {escape(number(target))}</title></circle>"
    )
    parts.append("</svg>")
    return "".join(parts)

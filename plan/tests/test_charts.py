"""The SVG chart carries its figures as text, for screen readers and the PDF alike."""

from decimal import Decimal

from plan.charts import ChartPoint, indicator_chart


def test_chart_shows_targets_actuals_and_missing_data():
    svg = indicator_chart(
        [
            ChartPoint(2022, Decimal(1), 1, True),
            ChartPoint(2023, Decimal(55), Decimal("33.3"), False),
            ChartPoint(2024, Decimal(70), None, False),
        ],
        unit="процентов",
        title="1.3 Доля",
        highlight=2023,
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "2023: цель 55, факт 33,3" in svg
    assert "2024: цель 70, факт нет данных" in svg
    assert svg.count("<rect") == 2  # no bar where there is no data
    assert "2022 ✓" in svg and "2023 ✗" in svg

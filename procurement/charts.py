"""Bar-chart geometry for inline SVG: the CSP forbids inline styles, so sizes are SVG attributes."""

from dataclasses import dataclass

from coopportal.formatting import format_number, format_percent

CHART_WIDTH = 300


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str
    width: int
    y: int


def _width(value, maximum) -> int:
    return round(CHART_WIDTH * value / maximum) if maximum else 0


def share_bars(categories) -> list[dict]:
    """Per category, a target bar and an actual bar, both on a 0–100 % scale."""
    groups = []
    for index, row in enumerate(categories):
        y = index * 56
        groups.append(
            {
                "label": str(row.category),
                "target": Bar(
                    format_percent(row.category.target_percent, decimal_pos=0),
                    "",
                    _width(row.category.target_percent, 100),
                    y + 4,
                ),
                "actual": Bar(format_percent(row.actual_percent), "", _width(float(row.actual_percent), 100), y + 24),
                "within": row.within_tolerance,
                "y": y,
            }
        )
    return groups


def ranking_bars(ranking, *, top: int = 10) -> list[Bar]:
    rows = list(ranking)[:top]
    maximum = max((r.done for r in rows), default=0)
    return [Bar(r.name, format_number(r.done), _width(r.done, maximum), i * 22) for i, r in enumerate(rows)]

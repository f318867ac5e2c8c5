"""A horizontal bar chart of the totals, as SVG geometry."""

from dataclasses import dataclass

from .result import Result

WIDTH = 640
LABEL = 220
BAR_HEIGHT = 26


@dataclass
class Bar:
    y: int
    label: str
    width: float
    total: str
    leader: bool


def bars(result: Result) -> tuple[list[Bar], int]:
    from django.utils.formats import number_format

    from videreforing.rules.mcda import round2

    out = []
    for i, row in enumerate(result.ranking):
        out.append(Bar(
            y=10 + i * (BAR_HEIGHT + 8), label=row.alternative.name,
            width=round(float(row.total) / 10 * (WIDTH - LABEL - 60), 1),
            total=number_format(round2(float(row.total)), decimal_pos=2),
            leader=row.rank == 1))
    return out, 20 + len(out) * (BAR_HEIGHT + 8)

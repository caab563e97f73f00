"""Small bar charts drawn on the server as SVG, each with its numbers as a text alternative."""

from collections import Counter
from dataclasses import dataclass

from literature.models import ReferenceType

WIDTH, HEIGHT, GAP, TOP = 640, 180, 4, 18


@dataclass
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


def bar_chart(rows: list[tuple[str, int]]) -> dict:
    """Bar geometry for (label, count) rows, scaled to the largest count."""
    if not rows:
        return {"bars": [], "width": WIDTH, "height": HEIGHT + 40, "total": 0}
    peak = max(count for _, count in rows) or 1
    slot = WIDTH / len(rows)
    bars = []
    for index, (label, count) in enumerate(rows):
        height = (HEIGHT - TOP) * count / peak
        bars.append(Bar(str(label), count, index * slot + GAP / 2, HEIGHT - height, slot - GAP, height))
    return {"bars": bars, "width": WIDTH, "height": HEIGHT + 40, "total": sum(count for _, count in rows)}


def article_charts(references) -> dict:
    """The article's references (already loaded for its reference list) by year (every year in the range, gaps
    shown) and by type."""
    references = {reference.pk: reference for reference in references}.values()  # each once
    by_year = Counter(reference.year for reference in references if reference.year is not None)
    years = range(min(by_year), max(by_year) + 1) if by_year else []
    by_type = sorted(Counter(reference.type for reference in references).items(), key=lambda row: (-row[1], row[0]))
    labels = dict(ReferenceType.choices)
    return {
        "by_year": bar_chart([(year, by_year.get(year, 0)) for year in years]),
        "by_type": bar_chart([(labels.get(kind, kind), n) for kind, n in by_type]),
    }

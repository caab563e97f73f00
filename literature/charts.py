"""Small bar charts drawn on the server as SVG, each with its numbers as a text alternative."""

from collections import Counter
from dataclasses import dataclass

from literature.models import ReferenceType

# The drawing is about as wide in SVG units as a phone shows it in CSS pixels, so that its 12-unit labels are read
# at 12 px or more (a wider drawing is scaled down on a phone, and its labels with it).
WIDTH, HEIGHT, GAP, TOP = 320, 150, 3, 18
LABEL_FONT = 12
# Horizontal bars (categories with long names): a row per bar, the name left of it.
ROW, LABEL_WIDTH, LABEL_CHARS = 26, 132, 19


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

    @property
    def after(self) -> float:
        return self.x + self.width + 4

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def bar_chart(rows: list[tuple[str, int]]) -> dict:
    """Vertical bars for (label, count) rows, scaled to the largest count. Labels stand upright under their bars
    when there is no room for them side by side."""
    if not rows:
        return {"bars": [], "width": WIDTH, "height": HEIGHT + 40, "total": 0, "rotate": False}
    peak = max(count for _, count in rows) or 1
    slot = WIDTH / len(rows)
    bars = []
    for index, (label, count) in enumerate(rows):
        height = (HEIGHT - TOP) * count / peak
        bars.append(Bar(str(label), count, index * slot + GAP / 2, HEIGHT - height, slot - GAP, height))
    longest = max(len(bar.label) for bar in bars)
    rotate = slot < longest * LABEL_FONT * 0.62
    return {
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT + (longest * 8 + 8 if rotate else 24),
        "label_y": HEIGHT + (4 if rotate else 16),
        "total": sum(count for _, count in rows),
        "rotate": rotate,
    }


def horizontal_bar_chart(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars for (label, count) rows: one row each, the label before the bar, the count after it."""
    peak = max((count for _, count in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 28  # the count's place after the longest bar
    bars = [
        Bar(str(label), count, LABEL_WIDTH, index * ROW + GAP, room * count / peak, ROW - 2 * GAP)
        for index, (label, count) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "width": WIDTH,
        "height": len(rows) * ROW,
        "total": sum(count for _, count in rows),
        "horizontal": True,
        "label_chars": LABEL_CHARS,
    }


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
        "by_type": horizontal_bar_chart([(labels.get(kind, kind), n) for kind, n in by_type]),
    }

"""Small bar charts drawn on the server as SVG, each with its numbers as a text alternative."""

from dataclasses import dataclass

from django.db.models import Count

from literature.models import Reference, ReferenceType

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


def article_charts(article) -> dict:
    """References of the article by year (every year in the range, gaps shown) and by type."""
    cited = Reference.objects.filter(citations__article=article)
    by_year = dict(cited.exclude(year=None).values_list("year").annotate(n=Count("pk", distinct=True)))
    years = range(min(by_year), max(by_year) + 1) if by_year else []
    by_type = cited.values_list("type").annotate(n=Count("pk", distinct=True)).order_by("-n", "type")
    labels = dict(ReferenceType.choices)
    return {
        "by_year": bar_chart([(year, by_year.get(year, 0)) for year in years]),
        "by_type": bar_chart([(labels.get(kind, kind), n) for kind, n in by_type]),
    }

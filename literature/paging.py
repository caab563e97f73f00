"""Pages of a list whose count stays cheap however long the list is."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Rows counted past the page asked for: enough to offer the next pages, never the whole table.
COUNT_AHEAD = 1000
MAX_PAGE = 10_000


def page_number(value) -> int:
    """The page a URL asks for as a number from 1 (anything else: page 1)."""
    try:
        number = int(str(value))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


class CappedPaginator(Paginator):
    """A Paginator that counts at most COUNT_AHEAD rows past the page asked for (`capped` says when it stopped
    there), so that the count of a huge list or of a broad search costs as little as the page itself."""

    def __init__(self, object_list, per_page, *, number: int, count_ahead: int = COUNT_AHEAD):
        super().__init__(object_list, per_page)
        self.count_limit = number * per_page + count_ahead
        self.capped = False

    @cached_property
    def count(self) -> int:
        # Only the ids: an annotation such as a search's title_rank would otherwise be computed for every row.
        counted = self.object_list.order_by().values("pk")[: self.count_limit].count()
        self.capped = counted >= self.count_limit
        return counted

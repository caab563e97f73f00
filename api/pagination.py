from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """?page=N&page_size=M; a page size above the maximum is capped rather than refused."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

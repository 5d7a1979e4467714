from rest_framework.pagination import PageNumberPagination

from tasks.views.lists import PAGE_SIZE


class Pages(PageNumberPagination):
    """`?page=` as on the task list page, and `?page_size=` up to a bound that keeps responses quick."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "How many records match, over all pages.",
            "next": "The next page's address; null on the last page.",
            "previous": "The previous page's address; null on the first page.",
            "results": "This page's records.",
        }
        for name, description in descriptions.items():
            paginated["properties"][name]["description"] = description
        return paginated

"""Page-number pagination with Chinese parameter descriptions."""

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from govdesk.lib.text import MAX_PAGE

DEFAULT_PAGE_SIZE = getattr(settings, "NINJA_PAGINATION_PER_PAGE", 50)
MAX_PAGE_SIZE = 200
# An unbounded page overflowed SQLite's OFFSET, which was misread as an edit conflict.


class Pagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，从 1 开始，最大 {MAX_PAGE}")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"每页条数，默认 {DEFAULT_PAGE_SIZE}，最多 {MAX_PAGE_SIZE}",
        )

    class Output(Schema):
        count: int = Field(..., description="符合条件的总条数")
        page: int = Field(..., description="当前页码")
        page_size: int = Field(..., description="每页条数")
        items: list[Any] = Field(..., description="本页数据")

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        start = (pagination.page - 1) * pagination.page_size
        return {
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
            "items": queryset[start : start + pagination.page_size],
        }

from functools import cached_property

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator told its total when the caller already counted it, so the page costs no second COUNT."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return super().count if self._known_count is None else self._known_count

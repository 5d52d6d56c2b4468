"""Object ids in URLs: ASCII digits that fit a 64-bit integer column, so a huge number is a 404, not an overflow."""

from django.urls import register_converter

ID_REGEX = "[0-9]{1,18}"


class IdConverter:
    regex = ID_REGEX

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def parse_id(value: str | None, *, max_digits: int = 18) -> int | None:
    """A number from a query parameter or a form field, or None when it is not one (never a ValueError).

    ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    """
    if value and len(value) <= max_digits and value.isascii() and value.isdigit():
        return int(value)
    return None


def register() -> None:
    register_converter(IdConverter, "id")

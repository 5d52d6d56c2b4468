"""Text from the outside world, made safe to search with."""


def clean_search(value: str, *, max_length: int = 100) -> str:
    """A search term without control characters (PostgreSQL refuses NUL) and of a sane length."""
    return "".join(ch for ch in value if ch.isprintable()).strip()[:max_length]

"""Query parameters as OOAPI v5 defines them; a value outside the spec is a 400, never a 500 or a guess."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from config.converters import parse_id
from ooapi import ids

PAGE_SIZES = (10, 20, 50, 100, 250)
DEFAULT_PAGE_SIZE = 10


class BadParameter(ValidationError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail  # type: ignore[assignment]  # the plain message the OOAPI error body carries


@dataclass(frozen=True)
class Paging:
    size: int
    number: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def paging(query: QueryDict) -> Paging:
    size = query.get("pageSize")
    size_value: int | None
    if size is None:
        size_value = DEFAULT_PAGE_SIZE
    else:
        size_value = parse_id(size, max_digits=3)
        if size_value not in PAGE_SIZES:
            raise BadParameter(
                _("pageSize moet een van %(waarden)s zijn.") % {"waarden": ", ".join(map(str, PAGE_SIZES))}
            )
    number = query.get("pageNumber")
    number_value = 1 if number is None else parse_id(number, max_digits=9)
    if not number_value:
        raise BadParameter(_("pageNumber moet een geheel getal van 1 of meer zijn."))
    return Paging(size=size_value, number=number_value)


def choice(query: QueryDict, name: str, allowed: Iterable[str]) -> str | None:
    """One value of an enumeration, or None when the parameter is absent."""
    value = query.get(name)
    allowed = tuple(allowed)
    if value is not None and value not in allowed:
        raise BadParameter(
            _("%(naam)s moet een van deze waarden zijn: %(waarden)s.") % {"naam": name, "waarden": ", ".join(allowed)}
        )
    return value


def sort(query: QueryDict, allowed: Iterable[str], default: str) -> list[str]:
    """`sort=a,-b`: attributes from the spec's enumeration, each optionally descending."""
    allowed = tuple(allowed)
    values = [v for v in query.get("sort", default).split(",") if v]
    for value in values or [""]:
        if value.removeprefix("-") not in allowed:
            options = ", ".join(f"{a}, -{a}" for a in allowed)
            raise BadParameter(_("sort kent alleen: %(waarden)s.") % {"waarden": options})
    return values


def boolean(query: QueryDict, name: str) -> bool | None:
    value = choice(query, name, ("true", "false"))
    return None if value is None else value == "true"


def date(query: QueryDict, name: str) -> datetime.date | None:
    """A full-date (2026-08-01); Python would also read 20260801, the spec does not."""
    value = query.get(name)
    if value is None:
        return None
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    raise BadParameter(_("%(naam)s moet een datum zijn als 2026-08-01.") % {"naam": name})


def ref(value: str, kind: ids.Kind) -> ids.Ref | None:
    """The object a path id names; a value that is not a UUID is a 400 (the spec's format: uuid)."""
    try:
        return ids.decode(value, kind)
    except ids.MalformedId:
        raise BadParameter(_("Dit is geen geldige id (een UUID zoals 123e4567-e89b-12d3-a456-426614174000).")) from None

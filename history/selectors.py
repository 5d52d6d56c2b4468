"""The history of everything that decides a student's diploma, as sentences a coordinator can read.

pghistory records every insert, update and delete of the tracked models by trigger (PostgreSQL only),
with the acting user and action as context. This module reads those events for one enrolment and turns
them into Dutch (or English) lines: "Engels IE 5,4 → 5,8 door J. de Vries, reden: herkansing".
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import User
from invitations.selectors import history_lines
from portfolio.models import Inschrijving

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Bookkeeping fields that say nothing about the decision itself.
SKIPPED = {"id", "version", "created_at", "updated_at", "updated_by", "submitted_at", "feedback_vrijgegeven_at"}
MAX_EVENTS = 1000


@dataclass(frozen=True)
class HistoryLine:
    at: datetime.datetime
    who: str
    wat: str | StrPromise  # a bare model name stays lazy
    reden: str


def _sources(inschrijving: Inschrijving) -> list[tuple[str, str, dict]]:
    """(app label, model name, filter on the event rows) of every tracked fact of this enrolment."""
    pogingen = list(
        apps.get_model("assessment", "Examenpoging")
        .objects.filter(inschrijving=inschrijving)
        .values_list("pk", flat=True)
    )
    return [
        ("portfolio", "Inschrijving", {"pgh_obj_id": inschrijving.pk}),
        ("portfolio", "Beoordelaarstoewijzing", {"inschrijving_id": inschrijving.pk}),
        ("diploma", "GeneriekResultaat", {"inschrijving_id": inschrijving.pk}),
        ("diploma", "KeuzedeelResultaat", {"inschrijving_id": inschrijving.pk}),
        ("diploma", "Vrijstelling", {"inschrijving_id": inschrijving.pk}),
        ("assessment", "Examenpoging", {"inschrijving_id": inschrijving.pk}),
        ("assessment", "Vaststelling", {"poging_id__in": pogingen}),
        ("assessment", "Beoordelingsvoorschrift", {"cohort_id": inschrijving.cohort_id}),
    ]


def inschrijving_history(*, inschrijving: Inschrijving) -> list[HistoryLine]:
    """Every recorded change, newest first; one query per kind of fact, whatever the number of events."""
    # Every use of an invitation is a row of its own: on SQLite too, where pghistory records nothing.
    invitations = [HistoryLine(line.at, line.who, line.wat, "") for line in history_lines(inschrijving=inschrijving)]
    if connection.vendor != "postgresql":
        return sorted(invitations, key=lambda line: line.at, reverse=True)
    raw = []
    for app_label, name, lookup in _sources(inschrijving):
        try:
            model = apps.get_model(app_label, name)
            event_model = apps.get_model(app_label, f"{name}Event")
        except LookupError:
            continue  # not tracked (yet)
        events = list(
            event_model.objects.filter(**lookup).select_related("pgh_context").order_by("pgh_id")[:MAX_EVENTS]
        )
        raw.append((model, events))
    user_ids = set()
    for model, events in raw:
        for event in events:
            context = event.pgh_context.metadata if event.pgh_context else {}
            if context.get("user"):
                user_ids.add(context["user"])
            user_ids |= {getattr(event, f.attname) for f in _fields(model) if f.is_relation and f.related_model is User}
    names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=user_ids - {None})}
    related = _related_names(raw)
    lines = []
    for model, events in raw:
        previous: dict[int, Model] = {}
        for event in events:
            before = previous.get(event.pgh_obj_id)
            previous[event.pgh_obj_id] = event
            wat = _sentence(model, event, before, names, related)
            if wat is None:
                continue
            context = event.pgh_context.metadata if event.pgh_context else {}
            reden = context.get("reden") or getattr(event, "reden", "") or ""
            user_id = context.get("user")
            who = names.get(user_id, "") if user_id is not None else ""
            if who and context.get("uitnodiging"):
                who = _("%(naam)s (via uitnodiging)") % {"naam": who}
            lines.append(HistoryLine(event.pgh_created_at, who, wat, reden))
    return sorted(lines + invitations, key=lambda line: line.at, reverse=True)


def _fields(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED and not f.primary_key]


def _related_names(raw: list) -> dict:
    """str() of every other row the events point at (a profiel, a cohort), one query per kind of row."""
    wanted: dict[type[Model], set[int]] = {}
    for model, events in raw:
        for field in _fields(model):
            if field.is_relation and field.related_model is not User and not _is_parent(field):
                wanted.setdefault(field.related_model, set()).update(
                    getattr(event, field.attname) for event in events if getattr(event, field.attname) is not None
                )
    return {
        (related, pk): str(obj)
        for related, ids in wanted.items()
        for pk, obj in related._default_manager.in_bulk(ids).items()
    }


def _sentence(model: type[Model], event, before, names: dict[int, str], related: dict) -> str | StrPromise | None:
    noun = capfirst(model._meta.verbose_name)
    label = event.pgh_label
    if label == "insert":
        values = [
            f"{_label(f)} {_value(f, getattr(event, f.attname), names, related)}"
            for f in _fields(model)
            if getattr(event, f.attname) not in (None, "", []) and not _is_parent(f)
        ]
        return _("%(wat)s vastgelegd: %(waarden)s") % {"wat": noun, "waarden": "; ".join(values)} if values else noun
    if label == "delete":
        return _("%(wat)s verwijderd") % {"wat": noun}
    if before is None:
        return None
    changes = [
        f"{_label(f)} {_value(f, getattr(before, f.attname), names, related)} → "
        f"{_value(f, getattr(event, f.attname), names, related)}"
        for f in _fields(model)
        if getattr(before, f.attname) != getattr(event, f.attname)
    ]
    if not changes:
        return None
    return f"{noun}: " + "; ".join(changes)


def _is_parent(field) -> bool:
    # The enrolment, cohort or poging the row belongs to is the page's subject, not news.
    return field.is_relation and field.name in {"inschrijving", "cohort", "poging", "student"}


def _label(field) -> str:
    return str(field.verbose_name)


def _value(field, value, names: dict[int, str], related: dict) -> str:
    if value is None or value == "":
        return _("leeg")
    if field.is_relation and field.related_model is User:
        return names.get(value, str(value))
    if field.is_relation:
        return related.get((field.related_model, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, decimal.Decimal):
        return formats.number_format(value.normalize())
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)

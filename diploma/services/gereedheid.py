"""The stored readiness (Gereedheid): marked stale in the transaction of every change to a student's facts,
computed again by a worker after commit, and by beat for whatever stayed stale."""

import itertools
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from diploma import events, selectors
from diploma.models import Gereedheid

# -- stored readiness ------------------------------------------------------------------------------------


def gereedheid_invalidate(*, inschrijving_ids: Iterable[int]) -> None:
    """Marks the stored readiness of these enrolments stale, in the caller's transaction, and asks a worker to
    compute it again after commit. Every write to a student's diploma facts calls this."""
    ids = sorted(set(inschrijving_ids))
    if not ids:
        return
    Gereedheid.objects.bulk_create([Gereedheid(inschrijving_id=pk) for pk in ids], ignore_conflicts=True)
    Gereedheid.objects.filter(inschrijving_id__in=ids).update(versie=F("versie") + 1)
    events.gereedheid_stale.send(sender=Gereedheid, inschrijving_ids=ids)


def gereedheid_store(records: Sequence[selectors.ReadinessRecord]) -> None:
    """Stores computed readiness. Each row keeps the version its facts were read at: when they changed in the
    meantime the row stays stale, whatever order concurrent workers write in."""
    now = timezone.now()
    Gereedheid.objects.bulk_create(
        [
            Gereedheid(
                inschrijving_id=record.inschrijving_id,
                versie=record.versie,
                berekend_versie=record.versie,
                grondslag=record.grondslag,
                uitkomst=record.readiness.uitkomst,
                condities=[[c.code, c.naam, c.status, c.uitleg] for c in record.readiness.conditions],
                kerntaken=dict(record.kerntaken),
                open_codes=_bars(c.code for c in record.readiness.conditions if c.status != "met"),
                kerntaken_voldaan=_bars(k for k, niveau in record.kerntaken.items() if niveau in ("voldoende", "goed")),
                kerntaken_onvoldoende=_bars(k for k, niveau in record.kerntaken.items() if niveau == "onvoldoende"),
                berekend_op=now,
            )
            for record in records
        ],
        update_conflicts=True,
        unique_fields=["inschrijving"],
        update_fields=[
            "berekend_versie",
            "grondslag",
            "uitkomst",
            "condities",
            "kerntaken",
            "open_codes",
            "kerntaken_voldaan",
            "kerntaken_onvoldoende",
            "berekend_op",
        ],
    )


def _bars(codes: Iterable[str]) -> str:
    codes = list(codes)
    return f"|{'|'.join(codes)}|" if codes else ""


def gereedheid_refresh(*, inschrijving_ids: Sequence[int], chunk_size: int = 500) -> int:
    """Computes and stores the readiness of these enrolments, in the site's language; returns how many.
    Ids of enrolments that are gone are skipped."""
    stored = 0
    with translation.override(settings.LANGUAGE_CODE):
        for chunk in itertools.batched(inschrijving_ids, chunk_size):
            for attempt in range(2):
                try:
                    with transaction.atomic():
                        records = selectors.readiness_records(chunk)
                        gereedheid_store(records)
                    break
                except IntegrityError:
                    if attempt:
                        raise  # an enrolment deleted while we computed is skipped on the second read
            stored += len(records)
    return stored


def gereedheid_refresh_stale(*, limit: int = 5000) -> int:
    """Stores the readiness of up to `limit` enrolments whose stored readiness is missing or stale, e.g.
    after a new rule set or a dossier update."""
    return gereedheid_refresh(inschrijving_ids=selectors.stale_inschrijving_ids(limit=limit))

"""A coordinator's change reaches the stored readiness through a real worker on the configured broker."""

import time
from decimal import Decimal
from importlib import import_module

import pytest

from accounts.roles import Role
from diploma import services
from diploma.models import Gereedheid, Regelset
from tests.factories import TIMEOUT, CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory, in_group

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def regelsets_ensure() -> None:
    """Transactional tests empty the database, data migrations included: put the rule sets back."""
    for values in import_module("diploma.migrations.0002_regelsets").REGELSETS:
        Regelset.objects.get_or_create(code=values["code"], defaults=values)


def test_a_worker_stores_the_readiness_after_a_change(workers, commercie):
    regelsets_ensure()
    inschrijving = InschrijvingFactory.create(cohort=CohortFactory.create())
    coordinator = in_group(UserFactory.create(username="coordinator-gereedheid"), Role.COORDINATOR)
    OpleidingFactory.create().coordinatoren.add(coordinator)
    workers(0)

    # Autocommit: the message goes out as soon as the write has committed.
    services.generiek_save(
        inschrijving=inschrijving, by=coordinator, nederlands_ce=Decimal("4.0"), nederlands_se=Decimal("4.2")
    )

    deadline = time.monotonic() + TIMEOUT
    row = Gereedheid.objects.get(inschrijving=inschrijving)
    assert (row.versie, row.berekend_versie) == (1, None)
    while row.berekend_versie != row.versie and time.monotonic() < deadline:
        time.sleep(0.1)
        row.refresh_from_db()
    assert row.berekend_versie == row.versie == 1, "the worker did not store the readiness in time"
    assert row.uitkomst == "nog_niet"
    assert any("Nederlands (CE 4 en IE 4,2: eindcijfer 4)" in uitleg for _c, _n, _s, uitleg in row.condities), (
        row.condities
    )

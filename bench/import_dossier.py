"""Prints how long reading and importing a kwalificatiedossier takes, and the API's query counts.

usage: .venv/bin/python bench/import_dossier.py PATH   (BENCH_DATABASE_URL selects the database;
default: a fresh SQLite file in a temporary folder)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    path = Path(
        sys.argv[1]
        if len(sys.argv) > 1
        else ROOT.parent / "shared/dossier/kwalificatiedossier-commercie-intercedent.txt"
    )
    tmp = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from accounts.models import User
    from dossier.importer.parser import parse_dossier
    from dossier.services import dossier_import

    call_command("migrate", verbosity=0)
    text = path.read_text(encoding="utf-8")
    parse_ms = timed(lambda: parse_dossier(text), 20)
    first_ms = timed(lambda: dossier_import(parsed=parse_dossier(text)), 1)
    again_ms = timed(lambda: dossier_import(parsed=parse_dossier(text)), 10)

    # A version a cohort uses is frozen: changed text then makes a new version (a copy plus the changes).
    from dossier.selectors import dossier_latest
    from portfolio.models import Cohort, Opleiding

    latest = dossier_latest(crebo="23064")
    assert latest is not None, "imported above"
    opleiding, _ = Opleiding.objects.get_or_create(naam="bench", defaults={"dossier": latest})
    Cohort.objects.get_or_create(opleiding=opleiding, startjaar=2025, defaults={"dossier": latest})
    changed = text.replace(
        "de doelstellingen van de organisatie.", "de doelstellingen en de huisstijl van de organisatie.", 1
    )
    version_ms = timed(lambda: dossier_import(parsed=parse_dossier(changed)), 1)
    dry_ms = timed(lambda: dossier_import(parsed=parse_dossier(text), dry_run=True), 5)

    user, _ = User.objects.get_or_create(username="bench")
    client = APIClient()
    client.force_authenticate(user)
    counts = {}
    for query in ["", "?profiel=P1", "?profiel=P3"]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/api/v1/werkprocessen/{query}", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, response.content
        counts[query or "(all)"] = len(ctx.captured_queries)

    print(f"database: {connection.vendor}")
    print(f"parse text ({len(text):,} chars): median {statistics.median(parse_ms):.1f} ms over 20 runs")
    print(f"first import (empty database): {first_ms[0]:.0f} ms")
    print(f"import again (nothing changes): median {statistics.median(again_ms):.0f} ms over 10 runs")
    print(f"changed text on a used version (makes version 2): {version_ms[0]:.0f} ms")
    print(f"dry run with a diff against version 2: median {statistics.median(dry_ms):.0f} ms over 5 runs")
    print("queries for GET /api/v1/werkprocessen/: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()

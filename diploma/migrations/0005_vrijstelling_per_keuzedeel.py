"""A vrijstelling for "all keuzedelen" becomes one per keuzedeel of the student, with the same reason.

A student with such a vrijstelling but no keuzedeel keeps the old row: there is nothing to attach it to, and
dropping it would change the student's readiness. The reverse folds the per-keuzedeel rows of a student back
into one "keuzedelen" row (the first reason; the marks they were granted on are lost).
"""

from django.db import migrations


def split(apps, schema_editor):
    Vrijstelling = apps.get_model("diploma", "Vrijstelling")
    KeuzedeelResultaat = apps.get_model("diploma", "KeuzedeelResultaat")
    for oud in Vrijstelling.objects.filter(onderdeel="keuzedelen").order_by("pk"):
        codes = list(
            KeuzedeelResultaat.objects.filter(inschrijving_id=oud.inschrijving_id)
            .order_by("code")
            .values_list("code", flat=True)
        )
        if not codes:
            continue
        Vrijstelling.objects.bulk_create(
            [
                Vrijstelling(
                    inschrijving_id=oud.inschrijving_id, onderdeel="keuzedeel", keuzedeel_code=code, reden=oud.reden
                )
                for code in codes
            ],
            ignore_conflicts=True,
        )
        oud.delete()


def fold(apps, schema_editor):
    Vrijstelling = apps.get_model("diploma", "Vrijstelling")
    per_keuzedeel = Vrijstelling.objects.filter(onderdeel="keuzedeel").order_by("inschrijving_id", "keuzedeel_code")
    for inschrijving_id in per_keuzedeel.values_list("inschrijving_id", flat=True).distinct():
        first = per_keuzedeel.filter(inschrijving_id=inschrijving_id).first()
        Vrijstelling.objects.get_or_create(
            inschrijving_id=inschrijving_id, onderdeel="keuzedelen", keuzedeel_code="", defaults={"reden": first.reden}
        )
    per_keuzedeel.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diploma", "0004_examenrecord"),
    ]

    operations = [
        migrations.RunPython(split, fold),
    ]

"""The keuzedeel size for every niveau from cohort 2022-23, and entree for the cohorts 2020-21 and 2021-22.

DOMAIN.md §2, "Keuzedeel size (keuzedeelverplichting, SBU) [H, from 1-8-2022]: entree 240, niveau 2 480,
niveau 3 720, niveau 4 720". Rule sets are chosen by cohort (start year), so "from 1-8-2022" is read as the
cohorts that started on or after it, 2022-23 onwards, as n4-2022 already did: a rule that starts during a
course does not change the course a student started under. 0002 gave the size only to niveau 4; entree and
niveau 2/3 get it here. That is a correction of the seed, not a new law, so those rule sets get the setting
(and lose it again on reverse) rather than a successor.

Before 1-8-2022 a 4-year niveau 4 course required 960 SBU and a 3-year one 720 [M]: the course duration is
not recorded anywhere in the portal and the source is not primary, so n4-2020 and n4-2016 keep no size check;
the examencommissie checks it.

Entree [H] "all kerntaken and the keuzedeel ≥ 6/voldoende; rekenen and L&B voldaan" names no cohort, and for
cohorts from 2020 DOMAIN.md's keuzedeel rule agrees with it ("one keuzedeel ≥ 6"), so entree-2020 covers
2020-21 and 2021-22 with the same checks, without the 2022 size. For entree 2016–2019 the keuzedeel line says
only "afgelegd" while the entree line says "≥ 6": DOMAIN.md contradicts itself there, so no rule set; nor for
niveau 2/3 before 2022-23, where DOMAIN.md gives no rule for Nederlands and rekenen. Those students read
"Geen regels vastgelegd voor cohort … : vraag de examencommissie".
"""

from django.db import migrations

BRON = "Examen- en kwalificatiebesluit beroepsopleidingen WEB art. 17 (BWBR0027963)"

# code → (index of the keuzedeel check, its checks entry before, after)
OMVANG = {
    "n23-2022": (
        3,
        {"check": "keuzedelen_2020"},
        {"check": "keuzedelen_2020", "min_sbu": {"2": 480, "3": 720}},
    ),
    "entree-2022": (1, {"check": "entree_keuzedeel"}, {"check": "entree_keuzedeel", "min_sbu": 240}),
}

REGELSETS = [
    {
        "code": "entree-2020",
        "naam": "Entree, cohorten 2020-2021 en 2021-2022",
        "niveaus": [1],
        "cohort_vanaf": 2020,
        "cohort_tot": 2021,
        "checks": [
            {"check": "kerntaken"},
            {"check": "entree_keuzedeel"},
            {"check": "rekenen_voldaan_entree"},
            {"check": "loopbaan_burgerschap"},
            {"check": "bpv"},
        ],
        "bron": BRON,
    },
]


def forwards(apps, schema_editor):
    Regelset = apps.get_model("diploma", "Regelset")
    for code, (index, _before, after) in OMVANG.items():
        regelset = Regelset.objects.filter(code=code).first()
        if regelset is None:
            continue
        checks = list(regelset.checks)
        checks[index] = after
        regelset.checks = checks
        regelset.bron = BRON + "; keuzedeelverplichting vanaf 1-8-2022: entree 240, niveau 2 480, niveau 3 en 4 720 SBU"
        regelset.save(update_fields=["checks", "bron"])
    for regelset in REGELSETS:
        Regelset.objects.update_or_create(code=regelset["code"], defaults=regelset)


def backwards(apps, schema_editor):
    Regelset = apps.get_model("diploma", "Regelset")
    Regelset.objects.filter(code__in=[regelset["code"] for regelset in REGELSETS]).delete()
    for code, (index, before, _after) in OMVANG.items():
        regelset = Regelset.objects.filter(code=code).first()
        if regelset is None:
            continue
        checks = list(regelset.checks)
        checks[index] = before
        regelset.checks = checks
        regelset.bron = BRON
        regelset.save(update_fields=["checks", "bron"])


def current(regelsets: list[dict]) -> list[dict]:
    """The rule sets of 0002 as this migration leaves them: plain data, for tests that need no database."""
    result = []
    for regelset in regelsets:
        regelset = dict(regelset)
        if regelset["code"] in OMVANG:
            index, _before, after = OMVANG[regelset["code"]]
            regelset["checks"] = [*regelset["checks"][:index], after, *regelset["checks"][index + 1 :]]
        result.append(regelset)
    return [*result, *REGELSETS]


class Migration(migrations.Migration):
    dependencies = [
        ("diploma", "0005_vrijstelling_per_keuzedeel"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]

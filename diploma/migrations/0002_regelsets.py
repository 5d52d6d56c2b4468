"""The diploma rule sets of art. 17 per niveau and cohort (DOMAIN.md §2).

A rule set is never edited once students are judged by it: a change in the law is a new Regelset with
its own cohort range, added by a new data migration.
"""

from django.db import migrations

BRON = "Examen- en kwalificatiebesluit beroepsopleidingen WEB art. 17 (BWBR0027963)"

REGELSETS = [
    {
        "code": "n4-2022",
        "naam": "Niveau 4, cohorten vanaf 2022-2023",
        "niveaus": [4],
        "cohort_vanaf": 2022,
        "cohort_tot": None,
        "checks": [
            {"check": "kerntaken"},
            {"check": "nl_en_rekenen_2022"},
            {"check": "loopbaan_burgerschap"},
            {"check": "keuzedelen_2020", "min_sbu": 720},
            {"check": "bpv"},
        ],
        "bron": BRON + "; keuzedelen minimaal 720 SBU op niveau 4 vanaf 1-8-2022",
    },
    {
        "code": "n4-2020",
        "naam": "Niveau 4, cohorten 2020-2021 en 2021-2022",
        "niveaus": [4],
        "cohort_vanaf": 2020,
        "cohort_tot": 2021,
        "checks": [
            {"check": "kerntaken"},
            {"check": "nl_en_voor_2022"},
            {"check": "loopbaan_burgerschap"},
            {"check": "keuzedelen_2020"},
            {"check": "bpv"},
        ],
        "bron": BRON,
    },
    {
        "code": "n4-2016",
        "naam": "Niveau 4, cohorten 2016-2017 tot en met 2019-2020",
        "niveaus": [4],
        "cohort_vanaf": 2016,
        "cohort_tot": 2019,
        "checks": [
            {"check": "kerntaken"},
            {"check": "nl_en_voor_2022"},
            {"check": "loopbaan_burgerschap"},
            {"check": "keuzedelen_afgelegd"},
            {"check": "bpv"},
        ],
        "bron": BRON,
    },
    {
        "code": "n23-2022",
        "naam": "Niveau 2 en 3, cohorten vanaf 2022-2023",
        "niveaus": [2, 3],
        "cohort_vanaf": 2022,
        "cohort_tot": None,
        "checks": [
            {"check": "kerntaken"},
            {"check": "nl_rekenen_2022"},
            {"check": "loopbaan_burgerschap"},
            {"check": "keuzedelen_2020"},
            {"check": "bpv"},
        ],
        "bron": BRON,
    },
    {
        "code": "entree-2022",
        "naam": "Entree, cohorten vanaf 2022-2023",
        "niveaus": [1],
        "cohort_vanaf": 2022,
        "cohort_tot": None,
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


def create_regelsets(apps, schema_editor):
    Regelset = apps.get_model("diploma", "Regelset")
    for regelset in REGELSETS:
        Regelset.objects.update_or_create(code=regelset["code"], defaults=regelset)


def delete_regelsets(apps, schema_editor):
    Regelset = apps.get_model("diploma", "Regelset")
    Regelset.objects.filter(code__in=[regelset["code"] for regelset in REGELSETS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diploma", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_regelsets, delete_regelsets),
    ]

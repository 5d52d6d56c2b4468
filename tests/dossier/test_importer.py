import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from dossier import selectors, services
from dossier.models import (
    Competentie,
    Criterium,
    Kerntaak,
    KerntaakAanvulling,
    Kwalificatiedossier,
    Profiel,
    Vakkennis,
    Werkproces,
    WerkprocesAanvulling,
    WerkprocesCompetentie,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "commercie.json"


def run_import(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_dossier", str(path), *args, stdout=out)
    return out.getvalue()


def empty_dossier_tables() -> None:
    Kwalificatiedossier.objects.all().delete()
    Competentie.objects.all().delete()


def database_snapshot() -> list:
    """Every dossier row with its primary key, so 'unchanged' means exactly that."""
    models = apps.get_app_config("dossier").get_models()
    return [json.loads(serializers.serialize("json", model._default_manager.order_by("pk"))) for model in models]


def canonical(objects: list[dict]) -> list[str]:
    """Rows with every foreign key replaced by the row it points at, so primary keys do not matter."""
    by_key = {(o["model"], o["pk"]): o for o in objects}
    fk_targets = {}
    for model in apps.get_app_config("dossier").get_models():
        label = model._meta.label_lower
        for field in model._meta.fields:
            if field.is_relation:
                assert field.related_model is not None
                fk_targets[(label, field.name)] = field.related_model._meta.label_lower
    cache: dict = {}

    def resolve(model: str, pk: int):
        if (model, pk) not in cache:
            fields = by_key[(model, pk)]["fields"]
            cache[(model, pk)] = (
                model,
                tuple(
                    sorted(
                        (
                            name,
                            resolve(fk_targets[(model, name)], value)
                            if (model, name) in fk_targets and value
                            else value,
                        )
                        for name, value in fields.items()
                        # sleutel is random per criterion and created_at is the moment of import.
                        if not isinstance(value, list) and name not in ("sleutel", "created_at")
                    )
                ),
            )
        return cache[(model, pk)]

    return sorted(json.dumps(resolve(o["model"], o["pk"]), ensure_ascii=False) for o in objects)


def dossier_rows_from_db() -> list[dict]:
    return [row for table in database_snapshot() for row in table]


# -- the shared file -----------------------------------------------------------------------------------


def test_import_reads_the_whole_structure(db, dossier_txt):
    empty_dossier_tables()

    output = run_import(dossier_txt)

    dossier = Kwalificatiedossier.objects.get()
    assert (dossier.crebo, dossier.naam) == ("23064", "Commercie")
    assert list(dossier.profielen.values_list("code", "naam", "crebo", "niveau")) == [
        ("P1", "Commercieel medewerker", "25134", 3),
        ("P2", "Contactcenter medewerker", "25135", 3),
        ("P3", "Intercedent", "25136", 4),
        ("P4", "(Junior) accountmanager", "25132", 4),
        ("P5", "Assistent-manager internationale handel", "25133", 4),
        ("P6", "Vestigingsmanager groothandel", "25137", 4),
    ]
    assert Kerntaak.objects.count() == 9
    assert Werkproces.objects.count() == 37
    per_kerntaak = {k.code: k.werkprocessen.count() for k in Kerntaak.objects.all()}
    assert per_kerntaak == {
        "B1-K1": 2, "B1-K2": 5, "B1-K3": 4, "P3-K1": 5, "P4-K1": 5,
        "P5-K1": 4, "P5-K2": 3, "P6-K1": 4, "P6-K2": 5,
    }  # fmt: skip
    assert "  werkprocessen: 37\n" in output
    assert "  resultaatcriteria: 44\n" in output
    assert "  gedragscriteria: 74\n" in output
    assert "341 nieuw" in output


def test_p3_intercedent_gets_basis_criteria_plus_its_additions(db, dossier_txt):
    empty_dossier_tables()
    run_import(dossier_txt)
    p3 = Profiel.objects.get(code="P3")

    werkprocessen = list(selectors.werkproces_list(profiel=p3))
    criteria = [c for w in werkprocessen for c in w.criteria.all()]
    basisdeel_additions = [c for c in criteria if c.profiel_id == p3.pk and c.werkproces.kerntaak.profiel_id is None]

    assert len(werkprocessen) == 16
    assert sum(c.soort == "resultaat" for c in criteria) == 44
    assert sum(c.soort == "resultaat" for c in basisdeel_additions) == 15
    assert sum(c.soort == "gedrag" for c in criteria) == 74
    assert sum(c.soort == "gedrag" for c in basisdeel_additions) == 22


def test_p3_profiel_details_come_from_the_overview_and_the_profieldeel(db, dossier_txt):
    empty_dossier_tables()
    run_import(dossier_txt)

    p3 = Profiel.objects.get(code="P3")

    assert (p3.niveau, p3.typering, p3.studieduur) == (4, "middenkaderopleiding", 4800)
    assert p3.wettelijke_beroepsvereisten is False
    assert p3.branchevereisten is True
    assert p3.toelichting_branchevereisten.startswith("De ABU-CAO stelt SEU certificering verplicht")
    assert p3.typering_beroep.endswith("Voor de uitoefening van het beroep is goede beheersing van het Engels vereist.")


@pytest.mark.parametrize(
    ("code", "soort", "profiel", "tekst"),
    [
        (
            "B1-K1-W1",
            "resultaat",
            None,
            "Relevante informatie (ten behoeve van een opdracht) is verzameld, vastgelegd, gerapporteerd en "
            "gecommuniceerd.",
        ),
        (
            "B1-K1-W1",
            "resultaat",
            "P3",
            "Relevante informatie met betrekking tot ontwikkelingen op de arbeidsmarkt is geïnterpreteerd en "
            "verwerkt ten behoeve van commerciële vraagstukken en het zoeken naar 'new business'.",
        ),
        (
            # wrapped across a page header
            "B1-K2-W3",
            "gedrag",
            None,
            "Informeert en adviseert de klant op vakkundige wijze en op basis van product-, diensten- en "
            "organisatiekennis en heeft deze kennis paraat.",
        ),
        (
            # a hyphen at the end of a line that closes up
            "B1-K3-W4",
            "resultaat",
            None,
            "De online interacties dragen positief bij aan het corporate imago en de bekendheid met het "
            "producten-/dienstenaanbod van de organisatie.",
        ),
        (
            # after a page footer, under 'Voor Intercedent geldt aanvullend'
            "B1-K2-W4",
            "gedrag",
            "P3",
            "Zoekt zo nodig mogelijkheden om aan de behoefte van de inlener te voldoen (qua tevredenheid over de "
            "uitzendkracht), zonder de eigen organisatie in moeilijkheden te brengen.",
        ),
        (
            "P3-K1-W5",
            "gedrag",
            "P3",
            "Rapporteert dreigende termijnoverschrijdingen tijdig aan het management of de opdrachtgever/het "
            "inlenend bedrijf.",
        ),
    ],
)
def test_criteria_are_stored_verbatim(commercie, code, soort, profiel, tekst):
    criterium = Criterium.objects.get(werkproces__code=code, soort=soort, tekst=tekst)

    assert (criterium.profiel.code if criterium.profiel else None) == profiel


def test_lone_dash_and_nvt_add_nothing(commercie):
    klachten = Werkproces.objects.get(code="B1-K2-W2")
    webcare = Werkproces.objects.get(code="B1-K3-W4")

    assert not klachten.criteria.filter(soort="resultaat", profiel__isnull=False).exists()
    assert not webcare.criteria.filter(profiel__isnull=False).exists()
    assert not webcare.competenties.filter(profiel__isnull=False).exists()
    assert not WerkprocesAanvulling.objects.filter(werkproces__code="B1-K3-W2").exists()


def test_omschrijving_split_by_a_page_break_is_one_text(commercie):
    werkproces = Werkproces.objects.get(code="B1-K1-W2")

    assert (
        "Hij legt zijn voorstellen voor aan collega's en/of leidinggevenden, beargumenteert" in werkproces.omschrijving
    )
    assert "B1-K1-W2" not in werkproces.omschrijving
    assert "\n" not in werkproces.omschrijving


def test_competenties_are_split_per_profiel(commercie):
    werkproces = Werkproces.objects.get(code="B1-K1-W1")
    links = [(c.competentie.naam, c.profiel.code if c.profiel else None) for c in werkproces.competenties.all()]

    assert links == [
        ("Formuleren en rapporteren", None),
        ("Onderzoeken", None),
        ('Op de behoeften en verwachtingen van de "klant" richten', None),
        ("Onderzoeken", "P3"),
        ("Ondernemend en commercieel handelen", "P3"),
        ("Analyseren", "P3"),
    ]


def test_vakkennis_items_that_wrap_after_a_blank_line_stay_whole(commercie):
    items = list(Vakkennis.objects.filter(kerntaak__code="B1-K1", profiel__isnull=True).values_list("tekst", flat=True))

    assert len(items) == 6
    assert items[-1] == (
        "kan omgaan met gangbare computersystemen en (software)pakketten ten behoeve van tekstverwerking, "
        "informatieverzameling, e-mail, agendabeheer, documentmanagement, gegevensverwerking, presentatie en "
        "mobiel dataverkeer"
    )
    assert Vakkennis.objects.filter(kerntaak__code="B1-K1", profiel__code="P3").count() == 5


def test_kerntaak_additions_are_stored_with_the_profiel(commercie):
    aanvulling = KerntaakAanvulling.objects.get(kerntaak__code="B1-K1", profiel__code="P3")

    assert aanvulling.complexiteit.startswith("De intercedent richt zijn voorstellen op verkoopactiviteiten")
    assert aanvulling.verantwoordelijkheid.startswith("De intercedent heeft naast een uitvoerende ook een initiërende")
    assert KerntaakAanvulling.objects.count() == 3


# -- fixture and idempotency ---------------------------------------------------------------------------


def test_importing_the_shared_file_reproduces_the_fixture(db, dossier_txt):
    empty_dossier_tables()

    run_import(dossier_txt)

    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(fixture) == len(dossier_rows_from_db())
    assert canonical(dossier_rows_from_db()) == canonical(fixture)


def test_importing_again_changes_nothing(commercie, dossier_txt):
    run_import(dossier_txt)
    before = database_snapshot()

    output = run_import(dossier_txt)

    assert database_snapshot() == before
    assert "0 nieuw, 0 gewijzigd, 0 verwijderd" in output


def test_importing_a_corrected_text_updates_rows_in_place(commercie, dossier_txt, tmp_path):
    original = Criterium.objects.get(werkproces__code="B1-K3-W3", soort="resultaat", profiel__isnull=True)
    corrected = tmp_path / "dossier.txt"
    corrected.write_text(
        dossier_txt.read_text(encoding="utf-8").replace(
            "- De promotieactiviteiten passen bij de doelstellingen van de organisatie.",
            "- De promotieactiviteiten passen bij de doelstellingen en de huisstijl van de organisatie.",
        ),
        encoding="utf-8",
    )

    output = run_import(corrected)

    original.refresh_from_db()
    assert original.tekst == "De promotieactiviteiten passen bij de doelstellingen en de huisstijl van de organisatie."
    assert Criterium.objects.count() == 118
    assert "0 nieuw, 1 gewijzigd, 0 verwijderd" in output


def test_text_another_profiel_added_survives_this_import(commercie, dossier_txt):
    p1 = Profiel.objects.get(code="P1")
    werkproces = Werkproces.objects.get(code="B1-K1-W1")
    eigen = Criterium.objects.create(
        werkproces=werkproces, soort="resultaat", profiel=p1, tekst="P1-aanvulling", volgorde=1
    )

    run_import(dossier_txt)

    assert Criterium.objects.filter(pk=eigen.pk, tekst="P1-aanvulling").exists()


# -- bad input -----------------------------------------------------------------------------------------


def assert_refused(path: Path, message: str, *args: str) -> None:
    before = database_snapshot()
    with pytest.raises(CommandError) as excinfo:
        run_import(path, *args)
    assert message in str(excinfo.value)
    assert "de database is ongewijzigd" in str(excinfo.value) or "niet gevonden" in str(excinfo.value)
    assert database_snapshot() == before


def test_empty_file_is_refused(commercie, tmp_path):
    empty = tmp_path / "leeg.txt"
    empty.write_text("\n  \n", encoding="utf-8")

    assert_refused(empty, "Het bestand is leeg.")


def test_text_that_is_not_a_dossier_is_refused(commercie, tmp_path):
    other = tmp_path / "boodschappen.txt"
    other.write_text("Boodschappenlijst\n- melk\n- brood\n", encoding="utf-8")

    assert_refused(other, "Dit is geen kwalificatiedossier van SBB")


def test_binary_file_is_refused(commercie, tmp_path):
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")

    with pytest.raises(CommandError, match="geen tekstbestand"):
        run_import(pdf)


def test_missing_file_is_refused(commercie, tmp_path):
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        run_import(tmp_path / "bestaat-niet.txt")


@pytest.mark.parametrize(
    ("cut_before", "message"),
    [
        ("Keuzedeel\n", "Het bestand is onvolledig: het houdt op op regel"),
        ("Verstrekt informatie en advies aan flexkrachten en opdrachtgevers\n\nOmschrijving", "onvolledig"),
        ("Gedrag\n\n- Toetst kritisch", "onvolledig"),
        ("2. Generieke onderdelen", "onvolledig"),
        ("B1-K1-W2", "onvolledig"),
    ],
)
def test_truncated_file_is_refused(commercie, dossier_txt, tmp_path, cut_before, message):
    text = dossier_txt.read_text(encoding="utf-8")
    position = text.rindex(cut_before)
    truncated = tmp_path / "afgebroken.txt"
    truncated.write_text(text[:position], encoding="utf-8")

    assert_refused(truncated, message)


def test_werkproces_without_gedrag_is_refused(commercie, dossier_txt, tmp_path):
    text = dossier_txt.read_text(encoding="utf-8")
    start = text.index("Gedrag\n\n- Toetst kritisch")
    end = text.index("Voor Intercedent geldt aanvullend:", start)
    changed = tmp_path / "zonder-gedrag.txt"
    changed.write_text(text[:start] + text[end:], encoding="utf-8")

    assert_refused(changed, "bij werkproces B1-K3-W4 ontbreekt gedrag, competenties")


def test_unknown_profiel_in_an_addition_is_refused(commercie, dossier_txt, tmp_path):
    text = dossier_txt.read_text(encoding="utf-8")
    changed = tmp_path / "onbekend.txt"
    changed.write_text(text.replace("Voor Intercedent geldt aanvullend:", "Voor Marketeer geldt aanvullend:", 1))

    assert_refused(changed, "onbekend profiel 'Marketeer'")


def test_unknown_profiel_code_is_refused(commercie, dossier_txt, tmp_path):
    text = dossier_txt.read_text(encoding="utf-8")
    changed = tmp_path / "p7.txt"
    changed.write_text(text.replace("P6-K2-W5 Adviseert", "P7-K2-W5 Adviseert", 1))

    assert_refused(changed, "Onbekend profiel P7")


def test_unknown_dossier_needs_crebo_and_naam(commercie, dossier_txt, tmp_path):
    text = dossier_txt.read_text(encoding="utf-8").replace("Commercieel medewerker", "Verkoopmedewerker")
    other = tmp_path / "ander-dossier.txt"
    other.write_text(text, encoding="utf-8")

    assert_refused(other, "Onbekend kwalificatiedossier")

    run_import(other, "--crebo", "99999", "--naam", "Verkoop")
    assert Kwalificatiedossier.objects.filter(crebo="99999", naam="Verkoop").exists()
    assert Werkproces.objects.filter(kerntaak__dossier__crebo="99999").count() == 37


def test_a_failure_while_writing_leaves_the_database_as_it_was(commercie, dossier_txt, tmp_path, monkeypatch):
    text = dossier_txt.read_text(encoding="utf-8").replace(
        "- Behandelt de klant serieus en integer en blijft vriendelijk en beleefd.",
        "- Behandelt de klant serieus en integer.",
    )
    changed = tmp_path / "gewijzigd.txt"
    changed.write_text(text, encoding="utf-8")
    before = database_snapshot()
    real_import_werkproces = services._import_werkproces

    def fail_on_last_werkproces(writer, kerntaak, parsed, *args, **kwargs):
        if parsed.code == "P3-K1-W5":
            raise services.ApplicationError("schijf vol")
        return real_import_werkproces(writer, kerntaak, parsed, *args, **kwargs)

    monkeypatch.setattr(services, "_import_werkproces", fail_on_last_werkproces)

    with pytest.raises(CommandError, match="schijf vol"):
        run_import(changed)
    assert database_snapshot() == before
    assert WerkprocesCompetentie.objects.count() == 75

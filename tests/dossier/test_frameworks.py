"""Framework exports: Mahara SmartEvidence .matrix and Moodle competency CSV of one dossier version."""

import csv
import io
import json

import pytest
from django.db.models import Q

from assessment.models import Niveau
from dossier import frameworks
from dossier.models import Criterium, Kerntaak, Kwalificatiedossier, Profiel, Werkproces
from dossier.versions import version_copy

MOODLE_HEADER = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]
# core_competency\competency_framework::get_taxonomies_list()
MOODLE_TAXONOMIES = {
    "behaviour", "competency", "concept", "domain", "indicator", "level", "outcome", "practice", "proficiency",
    "skill", "value",
}  # fmt: skip


def matrix(dossier, profiel) -> dict:
    return json.loads(frameworks.mahara_matrix(dossier, profiel).decode("utf-8"))["framework"]


def moodle_rows(dossier, profiel) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(frameworks.moodle_csv(dossier, profiel).decode("utf-8")))
    header = next(reader)
    assert header == MOODLE_HEADER
    rows = list(reader)
    assert {len(row) for row in rows} == {len(MOODLE_HEADER)}
    return [dict(zip(MOODLE_HEADER, row, strict=True)) for row in rows]


def applying(profiel: Profiel) -> tuple[int, int, int, int]:
    """(kerntaken, werkprocessen, resultaat, gedrag) for a student of `profiel`, counted in the database."""
    kerntaak = Q(profiel__isnull=True) | Q(profiel=profiel)
    werkproces = Q(kerntaak__profiel__isnull=True) | Q(kerntaak__profiel=profiel)
    criterium = (Q(werkproces__kerntaak__profiel__isnull=True) | Q(werkproces__kerntaak__profiel=profiel)) & (
        Q(profiel__isnull=True) | Q(profiel=profiel)
    )
    criteria = Criterium.objects.filter(criterium, werkproces__kerntaak__dossier=profiel.dossier)
    return (
        Kerntaak.objects.filter(kerntaak, dossier=profiel.dossier).count(),
        Werkproces.objects.filter(werkproces, kerntaak__dossier=profiel.dossier).count(),
        criteria.filter(soort="resultaat").count(),
        criteria.filter(soort="gedrag").count(),
    )


# -- Mahara SmartEvidence ------------------------------------------------------------------------------


def test_mahara_matrix_for_p3_has_a_standard_per_werkproces_and_an_element_per_criterium(commercie, p3):
    framework = matrix(commercie, p3)

    assert framework["name"] == "Commercie 23064 (versie 1) – P3 Intercedent"
    assert framework["institution"] == "all"
    assert framework["selfassess"] is False
    assert [next(iter(s)) for s in framework["evidencestatuses"]] == [
        "begun", "incomplete", "partialcomplete", "completed",
    ]  # fmt: skip
    standards, elements = framework["standards"], framework["standardelements"]
    assert len(standards) == 16
    assert len(elements) == 118
    assert sum(".R" in e["shortname"] for e in elements) == 44
    assert sum(".G" in e["shortname"] for e in elements) == 74
    assert [s["standardid"] for s in standards] == list(range(1, 17))
    assert [s["shortname"] for s in standards][:3] == ["B1-K1-W1", "B1-K1-W2", "B1-K2-W1"]
    assert standards[-1]["shortname"] == "P3-K1-W5"


def test_mahara_elements_point_at_their_werkproces_and_carry_the_criterium_text(commercie, p3):
    framework = matrix(commercie, p3)

    code_of = {s["standardid"]: s["shortname"] for s in framework["standards"]}
    elements = framework["standardelements"]
    for element in elements:
        assert element["shortname"].startswith(code_of[element["standardid"]] + ".")
        assert element["elementid"] == element["shortname"]
    assert len({e["shortname"] for e in elements}) == len(elements)
    first = Criterium.objects.get(
        werkproces__kerntaak__dossier=commercie,
        werkproces__code="B1-K1-W1",
        soort="resultaat",
        profiel=None,
        volgorde=1,
    )
    assert elements[0]["shortname"] == "B1-K1-W1.R1"
    assert elements[0]["name"] == first.tekst
    assert first.tekst in elements[0]["description"]


def test_mahara_required_fields_are_filled_and_fit_the_mahara_columns(commercie, p3):
    framework = matrix(commercie, p3)

    assert framework["name"]
    assert framework["description"]
    for row in [*framework["standards"], *framework["standardelements"]]:
        assert row["shortname"]
        assert row["name"]
        assert len(row["shortname"]) <= 100
        assert len(row["name"]) <= 255
    assert all(s["description"] for s in framework["standards"])
    assert all(e["description"] for e in framework["standardelements"])


def test_mahara_matrix_for_p1_holds_the_basisdeel_only(commercie, p1):
    kerntaken, werkprocessen, resultaat, gedrag = applying(p1)

    framework = matrix(commercie, p1)

    assert len(framework["standards"]) == werkprocessen == 11
    assert sum(".R" in e["shortname"] for e in framework["standardelements"]) == resultaat
    assert sum(".G" in e["shortname"] for e in framework["standardelements"]) == gedrag
    assert len(framework["standardelements"]) == resultaat + gedrag
    assert not any(s["shortname"].startswith("P") for s in framework["standards"])
    assert "Intercedent" not in json.dumps(framework)


# -- Moodle competency framework -----------------------------------------------------------------------


def test_moodle_csv_for_p3_is_one_framework_row_and_a_tree_of_competencies(commercie, p3):
    rows = moodle_rows(commercie, p3)

    frameworks_rows = [r for r in rows if r["Is framework"] == "1"]
    assert frameworks_rows == [rows[0]]
    framework, competencies = rows[0], rows[1:]
    assert framework["ID number"] == "23064-P3"
    assert framework["Parent ID number"] == ""
    by_id = {r["ID number"]: r for r in competencies}
    assert len(by_id) == len(competencies) == 4 + 16 + 118
    kerntaken = [r for r in competencies if r["Parent ID number"] == ""]
    werkprocessen = [r for r in competencies if r["Parent ID number"] in {k["ID number"] for k in kerntaken}]
    criteria = [r for r in competencies if r["Parent ID number"] in {w["ID number"] for w in werkprocessen}]
    assert [k["ID number"] for k in kerntaken] == ["B1-K1", "B1-K2", "B1-K3", "P3-K1"]
    assert len(werkprocessen) == 16
    assert len(criteria) == 118
    assert sum(".R" in c["ID number"] for c in criteria) == 44
    assert sum(".G" in c["ID number"] for c in criteria) == 74
    for werkproces in werkprocessen:
        assert werkproces["ID number"].startswith(werkproces["Parent ID number"] + "-W")
    for criterium in criteria:
        assert criterium["ID number"].startswith(criterium["Parent ID number"] + ".")


def test_moodle_parents_come_before_their_children_and_every_row_is_reached(commercie, p3):
    rows = moodle_rows(commercie, p3)[1:]

    seen: set[str] = set()
    for row in rows:
        assert row["Parent ID number"] in seen | {""}
        seen.add(row["ID number"])
    # Moodle's importer builds the tree from the empty parent down (framework_importer::add_children).
    reached: set[str] = set()
    frontier = {""}
    while frontier:
        children = {r["ID number"] for r in rows if r["Parent ID number"] in frontier}
        frontier = children - reached
        reached |= children
    assert reached == seen


def test_moodle_framework_row_has_the_portal_scale_with_a_valid_configuration(commercie, p3):
    framework = moodle_rows(commercie, p3)[0]

    assert framework["Scale values"] == "onvoldoende,voldoende,goed"
    assert frameworks.SCALE == tuple(Niveau.values)
    config = json.loads(framework["Scale configuration"])
    assert set(config[0]) == {"scaleid"}
    assert config[1:] == [
        {"id": 1, "scaledefault": 0, "proficient": 0},
        {"id": 2, "scaledefault": 1, "proficient": 1},
        {"id": 3, "scaledefault": 0, "proficient": 1},
    ]
    taxonomies = framework["Taxonomy"].split(",")
    assert len(taxonomies) == 3
    assert set(taxonomies) <= MOODLE_TAXONOMIES


def test_moodle_required_fields_are_filled_and_competencies_use_the_framework_scale(commercie, p3):
    rows = moodle_rows(commercie, p3)

    for row in rows:
        assert row["ID number"]
        assert row["Short name"]
        assert row["Description"]
        assert row["Description format"] == "1"
        assert len(row["Short name"]) <= 100
        assert len(row["ID number"]) <= 100
    for row in rows[1:]:
        assert row["Is framework"] == ""
        assert row["Scale values"] == row["Scale configuration"] == ""
        assert (row["Rule type (optional)"], row["Rule outcome (optional)"], row["Rule config (optional)"]) == (
            "",
            "0",
            "null",
        )


def test_moodle_csv_for_p1_holds_the_basisdeel_only(commercie, p1):
    kerntaken, werkprocessen, resultaat, gedrag = applying(p1)

    rows = moodle_rows(commercie, p1)

    assert rows[0]["ID number"] == "23064-P1"
    assert len(rows) == 1 + kerntaken + werkprocessen + resultaat + gedrag
    assert kerntaken == 3
    assert not any(r["ID number"].startswith("P") for r in rows[1:])


def test_a_profiel_addition_is_marked_in_its_description(commercie, p3):
    rows = {r["ID number"]: r for r in moodle_rows(commercie, p3)[1:]}

    # B1-K1-W1 has one basisdeel resultaat criterium; P3 adds two ("Voor Intercedent geldt aanvullend").
    assert "Aanvulling" not in rows["B1-K1-W1.R1"]["Description"]
    assert "Aanvulling voor P3 Intercedent." in rows["B1-K1-W1.R2"]["Description"]
    assert "Voor Intercedent geldt aanvullend" in rows["B1-K1-W1"]["Description"]


# -- queries, versions, files ----------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "queries"), [(frameworks.mahara_matrix, 4), (frameworks.moodle_csv, 7)])
def test_builders_read_in_a_fixed_number_of_queries(commercie, p3, django_assert_max_num_queries, build, queries):
    with django_assert_max_num_queries(queries):
        build(commercie, p3)


def test_a_later_version_has_its_own_filename_and_moodle_id(commercie, p3):
    later = version_copy(commercie, volgnummer=2, versie="2026")
    profiel = later.profielen.get(code="P3")

    export = frameworks.framework_file(dossier=later, profiel=profiel, formaat="moodle")

    assert export.filename == "commercie-23064-v2-P3.csv"
    assert moodle_rows(later, profiel)[0]["ID number"] == "23064-v2-P3"
    assert matrix(later, profiel)["name"] == "Commercie 23064 (versie 2026) – P3 Intercedent"
    assert len(matrix(later, profiel)["standardelements"]) == 118


def test_a_profiel_of_another_dossier_is_refused(commercie):
    other = Kwalificatiedossier.objects.create(crebo="99999", naam="Ander dossier")
    vreemd = Profiel.objects.create(dossier=other, code="P1", naam="Vreemd")

    with pytest.raises(ValueError, match="hoort niet bij"):
        frameworks.framework_file(dossier=commercie, profiel=vreemd, formaat="mahara")


# -- page and API ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formaat", "filename", "content_type"),
    [
        ("mahara", "commercie-23064-P3.matrix", "application/json"),
        ("moodle", "commercie-23064-P3.csv", "text/csv; charset=utf-8"),
    ],
)
def test_page_and_api_return_the_same_file(client, api_client, student, commercie, formaat, filename, content_type):
    client.force_login(student)
    api_client.force_authenticate(student)

    page = client.get(f"/dossier/23064/export/?profiel=P3&formaat={formaat}")
    api = api_client.get(f"/api/v1/dossiers/{commercie.crebo}/framework/?profiel=P3&formaat={formaat}")

    assert page.status_code == api.status_code == 200
    assert page.content == api.content
    assert page.content == frameworks.FORMATEN[formaat].build(commercie, commercie.profielen.get(code="P3"))
    for response in (page, api):
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_the_api_answers_a_file_whatever_the_client_accepts(api_client, student, commercie):
    api_client.force_authenticate(student)

    response = api_client.get(
        f"/api/v1/dossiers/{commercie.crebo}/framework/?profiel=P3&formaat=moodle", HTTP_ACCEPT="text/csv"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"Parent ID number,ID number,Short name,")


def test_the_page_offers_the_profielen_and_formats_and_starts_on_the_students_own(client, student, commercie):
    client.force_login(student)

    response = client.get("/dossier/23064/export/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="P3" selected>P3 Intercedent</option>' in html
    assert 'value="mahara"' in html
    assert 'value="moodle"' in html


def test_the_dossier_page_links_to_the_export_with_the_chosen_profiel(client, student, commercie):
    client.force_login(student)

    html = client.get("/dossier/23064/?profiel=P1").content.decode()

    assert 'href="/dossier/23064/export/?profiel=P1"' in html


def test_the_page_refuses_an_unknown_format_or_profiel_with_the_form(client, student, commercie):
    client.force_login(student)

    response = client.get("/dossier/23064/export/?profiel=P9&formaat=pdf")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors.keys() == {"profiel", "formaat"}


def test_the_page_of_an_unknown_dossier_is_404(client, student, commercie):
    client.force_login(student)

    assert client.get("/dossier/00000/export/?profiel=P3&formaat=mahara").status_code == 404


def test_page_query_count_is_bounded(client, student, commercie, django_assert_max_num_queries):
    client.force_login(student)

    with django_assert_max_num_queries(12):
        response = client.get("/dossier/23064/export/?profiel=P3&formaat=moodle")

    assert response.status_code == 200


def test_api_query_count_is_bounded(api_client, student, commercie, django_assert_max_num_queries):
    api_client.force_authenticate(student)

    with django_assert_max_num_queries(9):
        response = api_client.get(f"/api/v1/dossiers/{commercie.crebo}/framework/?profiel=P3&formaat=moodle")

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("profiel=P9&formaat=mahara", "profiel", "Onbekend profiel 'P9'."),
        ("profiel=P3&formaat=pdf", "formaat", "Onbekend formaat 'pdf': kies mahara of moodle."),
        ("formaat=mahara", "profiel", "Geef een profiel op, bijv. ?profiel=P3."),
        ("profiel=P3", "formaat", "Geef een formaat op: mahara of moodle."),
    ],
)
def test_api_bad_profiel_or_formaat_is_a_dutch_400(api_client, student, commercie, query, field, message):
    api_client.force_authenticate(student)

    response = api_client.get(f"/api/v1/dossiers/{commercie.crebo}/framework/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()[field] == [message]


def test_api_unknown_dossier_is_404(api_client, student, commercie):
    api_client.force_authenticate(student)

    response = api_client.get("/api/v1/dossiers/999999/framework/?profiel=P3&formaat=mahara")

    assert response.status_code == 404
    assert response.json() == {"detail": "Dit kwalificatiedossier bestaat niet."}


def test_anonymous_page_redirects_to_login(client, commercie):
    response = client.get("/dossier/23064/export/?profiel=P3&formaat=mahara")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_api_needs_authentication(api_client, commercie):
    response = api_client.get(f"/api/v1/dossiers/{commercie.crebo}/framework/?profiel=P3&formaat=mahara")

    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Authenticatiegegevens zijn niet opgegeven."


def test_an_outsider_may_export_the_dossier_like_reading_it(client, api_client, outsider, commercie):
    # The dossier is public reference text for every account, as on the other dossier pages and endpoints.
    client.force_login(outsider)
    api_client.force_authenticate(outsider)

    assert client.get("/dossier/23064/export/?profiel=P3&formaat=mahara").status_code == 200
    assert api_client.get(f"/api/v1/dossiers/{commercie.crebo}/framework/?profiel=P3&formaat=mahara").status_code == 200


def test_openapi_schema_documents_the_framework_endpoint(api_client, commercie):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    operation = response.json()["paths"]["/api/v1/dossiers/{crebo}/framework/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["profiel"]["required"] is True
    assert parameters["formaat"]["schema"]["enum"] == ["mahara", "moodle"]
    assert {"application/json", "text/csv"} <= set(operation["responses"]["200"]["content"])
    assert {"400", "404"} <= set(operation["responses"])

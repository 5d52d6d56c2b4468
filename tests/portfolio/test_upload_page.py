"""The evidence upload page shows every refusal next to its field, and the input points at it."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio.models import Bewijsstuk


@pytest.fixture
def as_student(client, student):
    client.force_login(student)
    return client


def described_by(html: str, name: str) -> list[str]:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag is not None, name
    described = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    assert described is not None, tag.group(0)
    return described.group(1).split()


def element_text(html: str, element_id: str) -> str:
    match = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element with id {element_id!r}"
    return re.sub(r"<[^>]+>", "", match.group(2)).strip()


@pytest.mark.parametrize("field", ["files", "camera"])
def test_an_empty_file_is_refused_with_a_dutch_message_the_input_points_at(as_student, inschrijving, field):
    response = as_student.post(
        f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/",
        {"titel": "Leeg", field: [SimpleUploadedFile("leeg.pdf", b"", content_type="application/pdf")]},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert not Bewijsstuk.objects.exists()
    ids = described_by(html, field)
    assert f"id_{field}_error" in ids
    assert element_text(html, f"id_{field}_error") == "Het verstuurde bestand is leeg."
    for element_id in ids:  # every id the input names exists on the page
        assert f'id="{element_id}"' in html


def test_a_missing_title_is_shown_next_to_the_title(as_student, inschrijving):
    response = as_student.post(f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/", {"titel": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert described_by(html, "titel") == ["id_titel_error"]
    assert element_text(html, "id_titel_error") == "Dit veld is vereist."


def test_a_criterium_that_is_not_offered_is_shown_on_the_criteria_fieldset(as_student, inschrijving):
    response = as_student.post(
        f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/", {"titel": "Bewijs", "criteria": ["999999"]}
    )

    html = response.content.decode()
    assert response.status_code == 400
    found = re.search(r'<fieldset class="field criteria-choice"[^>]*>', html)
    assert found is not None
    fieldset = found.group(0)
    assert 'aria-describedby="id_criteria_error"' in fieldset
    assert "999999" in element_text(html, "id_criteria_error")


def test_the_help_text_the_file_input_points_at_is_on_the_page(as_student, inschrijving):
    html = as_student.get(f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/").content.decode()

    assert described_by(html, "files") == ["id_files_helptext"]
    assert element_text(html, "id_files_helptext").startswith("PDF, Word")

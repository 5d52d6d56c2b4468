import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from dossier.import_forms import SESSION_KEY, decode_dossier_upload
from dossier.models import Criterium, Kwalificatiedossier
from tests.factories import CohortFactory, UserFactory

OLD = "De promotieactiviteiten passen bij de doelstellingen van de organisatie."
NEW = "De promotieactiviteiten passen bij de doelstellingen en de huisstijl van de organisatie."
URL = "/dossier/import/"
CONFIRM_URL = "/dossier/import/bevestigen/"


@pytest.fixture
def beheerder(db):
    return UserFactory.create(username="beheerder", is_staff=True)


@pytest.fixture
def staff_client(client, beheerder):
    client.force_login(beheerder)
    return client


@pytest.fixture
def edited_text(dossier_txt) -> str:
    text = dossier_txt.read_text(encoding="utf-8")
    assert text.count(f"- {OLD}") == 1
    return text.replace(f"- {OLD}", f"- {NEW}")


def upload(content: bytes | str, name: str = "dossier.txt") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/plain")


def criterium() -> Criterium:
    return Criterium.objects.get(werkproces__code="B1-K3-W3", soort="resultaat", profiel__isnull=True, tekst=OLD)


def preview(client, content: bytes | str, **fields):
    return client.post(URL, {"bestand": upload(content), **fields})


def test_urls_are_named():
    assert reverse("dossier:import") == URL
    assert reverse("dossier:import_confirm") == CONFIRM_URL


def test_staff_gets_the_upload_form(staff_client, commercie):
    response = staff_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page
    assert 'name="versie"' in page
    assert 'name="geldig_vanaf"' in page


def test_member_of_the_beheerder_group_gets_the_form(client, commercie):
    user = UserFactory.create(username="beheerder-groep")
    user.groups.add(Group.objects.get_or_create(name=Role.BEHEERDER.value)[0])
    client.force_login(user)

    assert client.get(URL).status_code == 200


def test_dossier_page_links_staff_to_the_import(staff_client, commercie):
    response = staff_client.get(commercie.get_absolute_url())

    assert reverse("dossier:import") in response.content.decode()


def test_preview_of_the_unchanged_file_says_ongewijzigd_and_stores_nothing(staff_client, commercie, dossier_txt):
    before = list(Criterium.objects.order_by("pk").values_list("pk", "tekst"))

    response = preview(staff_client, dossier_txt.read_bytes())

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-outcome="ongewijzigd"' in page
    assert 'id="no-diff"' in page
    assert "Bevestigen en inlezen" not in page
    assert response.context["result"].diff.is_empty
    assert SESSION_KEY not in staff_client.session
    assert list(Criterium.objects.order_by("pk").values_list("pk", "tekst")) == before
    assert Kwalificatiedossier.objects.count() == 1


def test_preview_shows_what_was_read(staff_client, commercie, dossier_txt):
    response = preview(staff_client, dossier_txt.read_bytes())

    read = response.context["result"].read
    page = response.content.decode()
    assert read["werkprocessen"] > 0
    assert f'<td data-label="Aantal">{read["werkprocessen"]}</td>' in page
    assert 'class="responsive"' in page


def test_preview_of_an_edited_file_shows_the_reworded_pair_and_stores_nothing(staff_client, commercie, edited_text):
    response = preview(staff_client, edited_text)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-outcome="bijgewerkt"' in page
    assert f"<del>{OLD}</del>" in page
    assert f"<ins>{NEW}</ins>" in page
    assert "Werkproces B1-K3-W3" in page
    assert "Bevestigen en inlezen" in page
    assert "data-confirm=" in page
    reworded = [pair for w in response.context["result"].diff.werkprocessen for pair in w.reworded]
    assert reworded == [(OLD, NEW)]
    assert criterium().tekst == OLD
    assert not Criterium.objects.filter(tekst=NEW).exists()
    assert staff_client.session[SESSION_KEY]["digest"] == response.context["confirm"].initial["digest"]


def test_confirm_stores_the_edited_text_in_place(staff_client, commercie, edited_text):
    original = criterium()
    digest = preview(staff_client, edited_text).context["confirm"].initial["digest"]

    response = staff_client.post(CONFIRM_URL, {"digest": digest, "bevestigen": ""}, follow=True)

    assert response.redirect_chain == [(commercie.get_absolute_url(), 302)]
    original.refresh_from_db()
    assert original.tekst == NEW
    assert Kwalificatiedossier.objects.count() == 1
    assert [str(m) for m in response.context["messages"]] == ["Kwalificatiedossier ingelezen (bijgewerkt): versie 1."]
    assert SESSION_KEY not in staff_client.session


def test_confirm_makes_a_new_version_when_a_cohort_uses_the_dossier(staff_client, commercie, edited_text):
    CohortFactory.create()
    response = preview(staff_client, edited_text, versie="2026")
    page = response.content.decode()
    assert 'data-outcome="nieuwe versie"' in page
    assert "versie 1 wordt gebruikt door cohorten of studenten en blijft ongewijzigd" in page
    assert Kwalificatiedossier.objects.count() == 1

    response = staff_client.post(CONFIRM_URL, {"digest": response.context["confirm"].initial["digest"]}, follow=True)

    assert Kwalificatiedossier.objects.count() == 2
    new = Kwalificatiedossier.objects.get(crebo="23064", volgnummer=2)
    assert new.versie == "2026"
    assert criterium().tekst == OLD  # the frozen version 1 keeps its text
    assert Criterium.objects.filter(werkproces__kerntaak__dossier=new, tekst=NEW).count() == 1
    assert [str(m) for m in response.context["messages"]] == [
        "Kwalificatiedossier ingelezen (nieuwe versie): versie 2026."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Het bestand is leeg"),
        (b"   \r\n\r\n", "Het bestand is leeg"),
        (b"%PDF-1.7\x00\x01\x02binary", "Dit is geen tekstbestand"),
        (b"Boodschappenlijst\nmelk\nbrood\n", "Dit is geen kwalificatiedossier van SBB"),
    ],
    ids=["empty", "blank", "binary", "not-a-dossier"],
)
def test_a_bad_file_shows_a_dutch_message_with_400(staff_client, commercie, content, message):
    response = staff_client.post(URL, {"bestand": SimpleUploadedFile("dossier.txt", content)})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert SESSION_KEY not in staff_client.session
    assert Kwalificatiedossier.objects.count() == 1


def test_a_post_without_a_file_asks_for_one(staff_client, commercie):
    response = staff_client.post(URL, {"versie": "2026"})

    assert response.status_code == 400
    assert response.context["form"].errors["bestand"]


def test_an_invalid_crebo_is_refused_in_dutch(staff_client, commercie, dossier_txt):
    response = preview(staff_client, dossier_txt.read_bytes(), crebo="abc")

    assert response.status_code == 400
    assert "Een crebo bestaat uit vijf cijfers" in response.content.decode()


def test_confirm_with_a_wrong_digest_refuses_and_stores_nothing(staff_client, commercie, edited_text):
    preview(staff_client, edited_text)

    response = staff_client.post(CONFIRM_URL, {"digest": "0" * 64})

    assert response.status_code == 400
    assert "dit voorbeeld is verlopen of hoort bij een ander bestand" in response.content.decode()
    assert criterium().tekst == OLD


def test_confirm_without_a_preview_refuses(staff_client, commercie):
    response = staff_client.post(CONFIRM_URL, {"digest": ""})

    assert response.status_code == 400
    assert "Niet ingelezen, er is niets opgeslagen" in response.content.decode()


def test_confirm_after_a_newer_preview_refuses_the_older_digest(staff_client, commercie, dossier_txt, edited_text):
    older = preview(staff_client, edited_text).context["confirm"].initial["digest"]
    preview(staff_client, edited_text.replace(NEW, NEW + " Ook online."))

    response = staff_client.post(CONFIRM_URL, {"digest": older})

    assert response.status_code == 400
    assert criterium().tekst == OLD


def test_cancel_clears_the_preview_and_stores_nothing(staff_client, commercie, edited_text):
    digest = preview(staff_client, edited_text).context["confirm"].initial["digest"]

    response = staff_client.post(CONFIRM_URL, {"digest": digest, "annuleren": ""})

    assert response.status_code == 302
    assert response.url == URL
    assert SESSION_KEY not in staff_client.session
    assert criterium().tekst == OLD


def test_a_cp1252_file_is_read():
    assert decode_dossier_upload(io.BytesIO("Beroepsgerichte vakkennis: café".encode("cp1252")), max_bytes=1024) == (
        "Beroepsgerichte vakkennis: café"
    )


def test_utf8_with_bom_loses_the_bom():
    assert decode_dossier_upload(io.BytesIO(b"\xef\xbb\xbfKerntaak"), max_bytes=1024) == "Kerntaak"


def test_a_file_over_the_limit_is_refused(staff_client, commercie, dossier_txt, monkeypatch):
    monkeypatch.setattr("dossier.import_forms.MAX_BYTES", 1024 * 1024)
    too_big = dossier_txt.read_bytes() * 20

    response = staff_client.post(URL, {"bestand": upload(too_big)})

    assert response.status_code == 400
    assert "Het bestand is groter dan 1 MB" in response.content.decode()
    assert SESSION_KEY not in staff_client.session


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_non_staff_user_gets_403(client, outsider, commercie, method, edited_text):
    client.force_login(outsider)

    response = getattr(client, method)(URL, {"bestand": upload(edited_text)} if method == "post" else None)

    assert response.status_code == 403
    assert criterium().tekst == OLD


def test_a_non_staff_user_cannot_confirm(client, outsider, commercie):
    client.force_login(outsider)

    assert client.post(CONFIRM_URL, {"digest": "0" * 64}).status_code == 403


@pytest.mark.parametrize("url", [URL, CONFIRM_URL])
def test_anonymous_is_sent_to_the_login_page(client, db, url):
    response = client.get(url) if url == URL else client.post(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

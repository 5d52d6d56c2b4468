import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage

from config.errors import ApplicationError
from dossier.models import Criterium, Werkproces
from portfolio import services
from portfolio.models import Bestand, Bewijsstuk, BewijsstukVersie, StatusWijziging
from tests.factories import criteria_of

Status = Bewijsstuk.Status


def test_create_stores_a_concept_with_its_file_under_a_random_name(concept, private_media):
    versie = concept.versies.get()
    bestand = versie.bestanden.get()

    assert concept.status == Status.CONCEPT
    assert versie.nummer == 1
    assert versie.submitted_at is None
    assert bestand.naam == "verslag.pdf"
    assert bestand.soort == "pdf"
    assert bestand.mime == "application/pdf"
    assert bestand.inline is True
    assert "verslag" not in bestand.file.name
    assert (private_media / bestand.file.name).is_file()
    assert len(bestand.sha256) == 64
    assert versie.criteria.count() == 2


def test_submit_freezes_the_version_and_logs_who_and_when(ingediend, student):
    versie = ingediend.versies.get()

    assert ingediend.status == Status.INGEDIEND
    assert versie.submitted_at is not None
    assert list(StatusWijziging.objects.filter(bewijsstuk=ingediend).values_list("van", "naar", "door")) == [
        ("", "concept", student.pk),
        ("concept", "ingediend", student.pk),
    ]


def test_a_resubmission_keeps_every_earlier_version_unchanged(ingediend, student, school, pdf):
    first = ingediend.versies.get()
    first_file = first.bestanden.get()
    services.bewijsstuk_return(bewijsstuk=ingediend, by=school, feedback="Voeg je bronnen toe.")

    services.bewijsstuk_update(
        bewijsstuk=ingediend,
        by=student,
        reflectie="Nu met bronnen.",
        add_files=[pdf("bronnen.pdf", "bronnen")],
        remove_files=[],
    )
    services.bewijsstuk_submit(bewijsstuk=ingediend, by=student)

    versies = list(BewijsstukVersie.objects.filter(bewijsstuk=ingediend).order_by("nummer"))
    assert [v.nummer for v in versies] == [1, 2]
    assert all(v.submitted_at for v in versies)
    first.refresh_from_db()
    assert first.reflectie == "Ik heb vacaturesites vergeleken."
    assert first.feedback == "Voeg je bronnen toe."
    assert list(first.bestanden.values_list("pk", flat=True)) == [first_file.pk]
    assert sorted(versies[1].bestanden.values_list("naam", flat=True)) == ["bronnen.pdf", "verslag.pdf"]
    assert versies[1].bestanden.get(naam="verslag.pdf").file.name == first_file.file.name
    assert list(ingediend.statuswijzigingen.values_list("naar", flat=True)) == [
        "concept", "ingediend", "teruggegeven", "ingediend",
    ]  # fmt: skip


def test_removing_a_file_from_a_new_draft_keeps_the_submitted_file_on_disk(ingediend, student, school, private_media):
    services.bewijsstuk_return(bewijsstuk=ingediend, by=school, feedback="Ander bestand graag.")
    original = ingediend.versies.get().bestanden.get()

    services.bewijsstuk_update(bewijsstuk=ingediend, by=student, remove_files=[])
    draft = ingediend.versies.get(nummer=2)
    copy = draft.bestanden.get()
    services.bewijsstuk_update(bewijsstuk=ingediend, by=student, remove_files=[copy.pk])

    assert not draft.bestanden.exists()
    assert Bestand.objects.filter(pk=original.pk).exists()
    assert (private_media / original.file.name).is_file()


def test_a_submitted_bewijsstuk_cannot_be_edited(ingediend, student):
    with pytest.raises(ApplicationError, match="kan niet meer worden gewijzigd"):
        services.bewijsstuk_update(bewijsstuk=ingediend, by=student, titel="Nieuw")


def test_withdraw_returns_to_concept_and_keeps_the_submitted_version(ingediend, student):
    services.bewijsstuk_withdraw(bewijsstuk=ingediend, by=student)

    ingediend.refresh_from_db()
    assert ingediend.status == Status.CONCEPT
    assert ingediend.versies.get().submitted_at is not None


def test_delete_only_while_concept_and_never_submitted(concept, student, private_media):
    name = concept.versies.get().bestanden.get().file.name

    with pytest.raises(ApplicationError, match="Alleen een concept"):
        services.bewijsstuk_delete(bewijsstuk=services.bewijsstuk_submit(bewijsstuk=concept, by=student), by=student)
    services.bewijsstuk_withdraw(bewijsstuk=concept, by=student)
    with pytest.raises(ApplicationError, match="al eens ingediend"):
        services.bewijsstuk_delete(bewijsstuk=concept, by=student)
    assert default_storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_deleting_a_concept_removes_its_files(commercie, inschrijving, werkproces, pdf, private_media):
    concept = services.bewijsstuk_create(
        inschrijving=inschrijving, werkproces=werkproces, titel="Weg ermee", files=[pdf()], by=inschrijving.student
    )
    path = private_media / concept.versies.get().bestanden.get().file.name

    services.bewijsstuk_delete(bewijsstuk=concept, by=inschrijving.student)

    assert not Bewijsstuk.objects.filter(pk=concept.pk).exists()
    assert not path.exists()


def test_submit_needs_a_file_and_a_criterium(inschrijving, werkproces, student):
    empty = services.bewijsstuk_create(inschrijving=inschrijving, werkproces=werkproces, titel="Leeg", by=student)

    with pytest.raises(ApplicationError, match="minstens één bestand"):
        services.bewijsstuk_submit(bewijsstuk=empty, by=student)


def test_only_criteria_of_the_students_profiel_can_be_claimed(inschrijving, other_inschrijving, werkproces, pdf):
    p3_addition = criteria_of(werkproces, profiel_code="P3", n=1)
    other_werkproces = Criterium.objects.filter(werkproces__code="B1-K2-W1").first()
    assert other_werkproces is not None

    with pytest.raises(ApplicationError, match="horen niet bij werkproces B1-K1-W1 voor profiel P1"):
        services.bewijsstuk_create(
            inschrijving=other_inschrijving,
            werkproces=werkproces,
            titel="x",
            criteria=p3_addition,
            by=other_inschrijving.student,
        )
    with pytest.raises(ApplicationError, match="horen niet bij werkproces"):
        services.bewijsstuk_create(
            inschrijving=inschrijving,
            werkproces=werkproces,
            titel="x",
            criteria=[other_werkproces],
            by=inschrijving.student,
        )
    created = services.bewijsstuk_create(
        inschrijving=inschrijving, werkproces=werkproces, titel="x", criteria=p3_addition, by=inschrijving.student
    )
    assert list(created.versies.get().criteria.all()) == p3_addition


def test_werkproces_of_another_profiel_is_refused(other_inschrijving):
    with pytest.raises(ApplicationError, match="P3-K1-W1 hoort niet bij profiel P1"):
        services.bewijsstuk_create(
            inschrijving=other_inschrijving,
            werkproces=Werkproces.objects.get(code="P3-K1-W1"),
            titel="x",
            by=other_inschrijving.student,
        )


def test_a_refused_file_stores_nothing(inschrijving, werkproces, pdf, private_media):
    bad = pdf("script.pdf")
    bad.file.write(b"<html><script>alert(1)</script></html>")
    bad.file.seek(0)
    bad.size = len(bad.file.getvalue())

    with pytest.raises(ApplicationError):
        services.bewijsstuk_create(
            inschrijving=inschrijving,
            werkproces=werkproces,
            titel="Twee bestanden",
            files=[pdf("goed.pdf"), bad],
            by=inschrijving.student,
        )

    assert not Bewijsstuk.objects.exists()
    assert not any(private_media.rglob("*")) if private_media.exists() else True


@pytest.mark.parametrize("actor", ["other_student", "praktijk", "coordinator", "coach"])
def test_only_the_student_works_on_their_evidence(request, concept, actor):
    user = request.getfixturevalue(actor)

    with pytest.raises(PermissionDenied):
        services.bewijsstuk_submit(bewijsstuk=concept, by=user)
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT


@pytest.mark.parametrize("actor", ["student", "other_beoordelaar", "coach", "other_student"])
def test_only_an_assigned_beoordelaar_returns_evidence(request, ingediend, actor):
    with pytest.raises(PermissionDenied):
        services.bewijsstuk_return(bewijsstuk=ingediend, by=request.getfixturevalue(actor), feedback="Nee")
    ingediend.refresh_from_db()
    assert ingediend.status == Status.INGEDIEND

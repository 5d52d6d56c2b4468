import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from accounts.roles import Role
from portfolio.csv_import import RowError, inschrijvingen_import_csv
from portfolio.models import Beoordelaarstoewijzing, Inschrijving
from tests.factories import HEADER, InschrijvingFactory, UserFactory, in_group, line, run, upload

PROFIEL_KEUZES = "P1 (25134), P2 (25135), P3 (25136), P4 (25132), P5 (25133), P6 (25137)"


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Inschrijving.objects.count(), Beoordelaarstoewijzing.objects.count()


@pytest.fixture
def beoordelaars(praktijk, school, coach) -> dict[str, User]:
    """The users the file names in praktijkbeoordelaar, schoolbeoordelaar and bpv_coach."""
    return {"praktijk": praktijk, "school": school, "coach": coach}


# -- files that are written --------------------------------------------------------------------------


def test_semicolon_file_with_bom_enrols_every_student_with_beoordelaars(coordinator, cohort, beoordelaars):
    text = "\r\n".join(
        [
            HEADER,
            line(),
            line(
                studentnummer="300002",
                voornaam="Daan",
                achternaam="Bakker",
                email="daan@example.test",
                gebruikersnaam="dbakker",
                profiel="25136",
                leerweg="bbl",
                startdatum="01-09-2025",
                leerbedrijf="",
                schoolbeoordelaar="",
                bpv_coach="",
            ),
            line(
                studentnummer="ab-300003",
                voornaam="Noor",
                achternaam="Yilmaz",
                email="noor@example.test",
                profiel="p1",
                leerweg="",
                startdatum="1-9-2025",
                leerbedrijf="",
                praktijkbeoordelaar="",
                bpv_coach="",
            ),
        ]
    )

    result = run(coordinator, cohort, text, bom=True)

    assert result.errors == []
    assert result.ok is True
    created = {i.studentnummer: i for i in Inschrijving.objects.select_related("student", "profiel", "bpv_coach")}
    assert [i.studentnummer for i in result.created] == ["300001", "300002", "ab-300003"]
    assert sorted(created) == ["300001", "300002", "ab-300003"]
    sanne, daan, noor = created["300001"], created["300002"], created["ab-300003"]
    assert (sanne.profiel.code, sanne.leerweg, sanne.startdatum) == ("P3", "BOL", datetime.date(2025, 9, 1))
    assert (daan.profiel.code, daan.leerweg, daan.startdatum) == ("P3", "BBL", datetime.date(2025, 9, 1))
    assert (noor.profiel.code, noor.leerweg, noor.startdatum) == ("P1", "BOL", datetime.date(2025, 9, 1))
    assert (sanne.leerbedrijf, daan.leerbedrijf) == ("Randstad Utrecht", "")
    assert (sanne.bpv_coach, daan.bpv_coach, noor.bpv_coach) == (beoordelaars["coach"], None, None)
    assert {i.cohort_id for i in created.values()} == {cohort.pk}
    toewijzingen = Beoordelaarstoewijzing.objects.values_list(
        "inschrijving__studentnummer", "beoordelaar__username", "rol"
    )
    assert sorted(toewijzingen) == [
        ("300001", "praktijk", "praktijk"),
        ("300001", "school", "school"),
        ("300002", "praktijk", "praktijk"),
        ("ab-300003", "school", "school"),
    ]
    students = [sanne.student, daan.student, noor.student]
    assert [(u.username, u.email, u.first_name, u.last_name) for u in students] == [
        ("300001", "sanne@example.test", "Sanne", "de Vries"),
        ("dbakker", "daan@example.test", "Daan", "Bakker"),
        ("ab-300003", "noor@example.test", "Noor", "Yilmaz"),
    ]
    assert [u.has_usable_password() for u in students] == [False, False, False]
    assert [list(u.groups.values_list("name", flat=True)) for u in students] == [["student"]] * 3


def test_comma_file_in_cp1252_with_columns_in_any_order(coordinator, cohort):
    text = (
        "Startdatum,Profiel,Achternaam,Voornaam,Email,Studentnummer\r\n"
        "2025-09-01,P3,Dupré,Renée,renee@example.test,300010\r\n"
    )

    result = run(coordinator, cohort, text, encoding="cp1252")

    assert result.errors == []
    student = User.objects.get(username="300010")
    assert (student.first_name, student.last_name, student.email) == ("Renée", "Dupré", "renee@example.test")
    inschrijving = Inschrijving.objects.get(studentnummer="300010")
    assert (inschrijving.student, inschrijving.leerweg, inschrijving.bpv_coach) == (student, "BOL", None)
    assert inschrijving.toewijzingen.count() == 0


def test_existing_account_with_the_same_email_is_enrolled_and_left_as_it_is(coordinator, cohort, beoordelaars):
    existing = UserFactory.create(username="svries", email="Sanne@Example.test", first_name="S.")
    users_before = User.objects.count()

    result = run(coordinator, cohort, "\n".join([HEADER, line(gebruikersnaam="SVries")]))

    assert result.errors == []
    assert User.objects.count() == users_before
    assert Inschrijving.objects.get(studentnummer="300001").student == existing
    existing.refresh_from_db()
    assert (existing.username, existing.first_name, existing.groups.count()) == ("svries", "S.", 0)


def test_one_student_on_two_lines_gets_one_account_and_two_enrolments(coordinator, cohort, beoordelaars):
    text = "\n".join([HEADER, line(gebruikersnaam="sanne"), line(gebruikersnaam="sanne", studentnummer="300002")])

    result = run(coordinator, cohort, text)

    assert result.errors == []
    sanne = User.objects.get(username="sanne")
    assert sorted(sanne.inschrijvingen.values_list("studentnummer", flat=True)) == ["300001", "300002"]


# -- files that are refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"studentnummer": ""}, "kolom 'studentnummer' is leeg."),
        (
            {"studentnummer": "300 002"},
            "kolom 'studentnummer': '300 002' mag alleen letters, cijfers en '-' bevatten, hoogstens 20 tekens.",
        ),
        (
            {"studentnummer": "1" * 21},
            f"kolom 'studentnummer': '{'1' * 21}' mag alleen letters, cijfers en '-' bevatten, hoogstens 20 tekens.",
        ),
        ({"voornaam": ""}, "kolom 'voornaam' is leeg."),
        ({"achternaam": " "}, "kolom 'achternaam' is leeg."),
        ({"achternaam": "x" * 151}, f"kolom 'achternaam': '{'x' * 57}...' is langer dan 150 tekens."),
        ({"email": ""}, "kolom 'email' is leeg."),
        ({"email": "daan(at)example.test"}, "kolom 'email': 'daan(at)example.test' is geen geldig e-mailadres."),
        (
            {"gebruikersnaam": "daan bakker"},
            "kolom 'gebruikersnaam': 'daan bakker' is geen geldige gebruikersnaam (letters, cijfers en @ . + - _, "
            "hoogstens 150 tekens).",
        ),
        ({"profiel": ""}, "kolom 'profiel' is leeg."),
        (
            {"profiel": "P9"},
            f"kolom 'profiel': 'P9' is geen profiel van dit cohort; gebruik een van: {PROFIEL_KEUZES}.",
        ),
        (
            {"profiel": "23064"},
            f"kolom 'profiel': '23064' is geen profiel van dit cohort; gebruik een van: {PROFIEL_KEUZES}.",
        ),
        ({"leerweg": "duaal"}, "kolom 'leerweg': 'DUAAL' is geen leerweg; gebruik BOL of BBL."),
        ({"startdatum": ""}, "kolom 'startdatum' is leeg."),
        (
            {"startdatum": "31-02-2025"},
            "kolom 'startdatum': '31-02-2025' is geen geldige datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ).",
        ),
        (
            {"startdatum": "09/01/2025"},
            "kolom 'startdatum': '09/01/2025' is geen geldige datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ).",
        ),
        (
            {"startdatum": "1-9-25"},
            "kolom 'startdatum': '1-9-25' is geen geldige datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ).",
        ),
        ({"leerbedrijf": "b" * 201}, f"kolom 'leerbedrijf': '{'b' * 57}...' is langer dan 200 tekens."),
        ({"praktijkbeoordelaar": "onbekend"}, "kolom 'praktijkbeoordelaar': gebruiker 'onbekend' bestaat niet."),
        ({"bpv_coach": "niemand"}, "kolom 'bpv_coach': gebruiker 'niemand' bestaat niet."),
        (
            {"bpv_coach": "Praktijk"},
            "kolom 'bpv_coach': 'Praktijk' is de BPV-coach van deze student en kan niet ook beoordelaar zijn.",
        ),
        (
            {"schoolbeoordelaar": "praktijk", "bpv_coach": ""},
            "kolom 'schoolbeoordelaar': 'praktijk' is ook de praktijkbeoordelaar; kies twee verschillende.",
        ),
        (
            {"gebruikersnaam": "coach", "email": "coach@example.test"},
            "kolom 'bpv_coach': 'coach' is de student zelf.",
        ),
        (
            {"gebruikersnaam": "andere-beoordelaar"},
            "kolom 'gebruikersnaam': er bestaat al een gebruiker 'andere-beoordelaar' met een ander e-mailadres; "
            "dat is een andere persoon.",
        ),
        (
            {"email": "praktijk@example.test"},
            "kolom 'email': 'praktijk@example.test' hoort al bij gebruiker 'praktijk'; vul die gebruikersnaam in.",
        ),
        (
            {"studentnummer": "300001", "gebruikersnaam": "daan"},
            "kolom 'studentnummer': '300001' staat ook op regel 2.",
        ),
        (
            {"studentnummer": "300002", "gebruikersnaam": "300001", "email": "daan@example.test"},
            "kolom 'gebruikersnaam': gebruiker '300001' staat ook op regel 2, met een ander e-mailadres.",
        ),
        (
            {"email": "sanne@example.test"},
            "kolom 'email': 'sanne@example.test' staat ook op regel 2, bij een andere gebruikersnaam.",
        ),
        (
            {"bpv_coach": "coach;extra"},
            "de regel heeft meer waarden dan de kopregel kolommen heeft; staat er een ';' in een waarde zonder "
            "aanhalingstekens?",
        ),
    ],
)
def test_a_bad_value_is_reported_on_its_line_and_nothing_is_written(
    coordinator, cohort, beoordelaars, other_beoordelaar, overrides, message
):
    defaults = {"studentnummer": "300002", "email": "daan@example.test", "voornaam": "Daan"}
    text = "\n".join([HEADER, line(), line(**{**defaults, **overrides})])
    before = counts()

    result = run(coordinator, cohort, text)

    assert result.errors == [RowError(line=3, message=message)]
    assert (result.ok, result.created) == (False, [])
    assert counts() == before


def test_every_error_in_a_file_is_reported_with_its_spreadsheet_line(coordinator, cohort, beoordelaars):
    InschrijvingFactory.create(studentnummer="300005", cohort=cohort)
    UserFactory.create(username="300006", email="iemand-anders@example.test")
    text = "\n".join(
        [
            HEADER,
            line(leerbedrijf='"Bakkerij\nDe Korenschoof"'),  # one spreadsheet row over two lines of text
            "",  # a blank row still counts
            line(studentnummer="300003", email="a@example.test", startdatum="31-02-2025", profiel="P7"),
            line(studentnummer="300004", email="b@example.test", praktijkbeoordelaar="school", bpv_coach="school"),
            line(studentnummer="300005", email="c@example.test"),
            line(studentnummer="300006", email="d@example.test"),
            line(studentnummer="300001", email="e@example.test"),
            line(studentnummer="300008", email="f@example.test"),
        ]
    )
    before = counts()

    result = run(coordinator, cohort, text)

    assert result.errors == [
        RowError(4, "kolom 'profiel': 'P7' is geen profiel van dit cohort; gebruik een van: " + PROFIEL_KEUZES + "."),
        RowError(4, "kolom 'startdatum': '31-02-2025' is geen geldige datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)."),
        RowError(5, "kolom 'schoolbeoordelaar': 'school' is ook de praktijkbeoordelaar; kies twee verschillende."),
        RowError(5, "kolom 'bpv_coach': 'school' is de BPV-coach van deze student en kan niet ook beoordelaar zijn."),
        RowError(6, "kolom 'studentnummer': '300005' is al ingeschreven."),
        RowError(
            7,
            "kolom 'studentnummer': er bestaat al een gebruiker '300006' met een ander e-mailadres; "
            "dat is een andere persoon.",
        ),
        RowError(8, "kolom 'studentnummer': '300001' staat ook op regel 2."),
        RowError(8, "kolom 'studentnummer': gebruiker '300001' staat ook op regel 2, met een ander e-mailadres."),
    ]
    assert counts() == before


def test_a_non_coordinator_may_not_import(outsider, cohort, beoordelaars):
    before = counts()

    with pytest.raises(PermissionDenied, match="Alleen een coördinator kan studenten importeren."):
        inschrijvingen_import_csv(by=outsider, cohort=cohort, fileobj=upload("\n".join([HEADER, line()])))

    assert counts() == before


def test_a_header_without_required_columns_is_refused_naming_them(coordinator, cohort):
    result = run(coordinator, cohort, "studentnummer;naam;email;klas\n300001;Sanne de Vries;s@example.test;C1A\n")

    assert result.errors == [
        RowError(
            1,
            "De kopregel mist de verplichte kolommen: 'voornaam', 'achternaam', 'profiel', 'startdatum'. "
            "De eerste regel moet de kolomnamen bevatten, gescheiden door ';' of ','.",
        )
    ]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\r\n", b";;;\r\n;;;\r\n"])
def test_an_empty_file_is_refused(coordinator, cohort, content):
    fileobj = SimpleUploadedFile("leeg.csv", content)

    result = inschrijvingen_import_csv(by=coordinator, cohort=cohort, fileobj=fileobj)

    assert result.errors == [RowError(1, "Het bestand is leeg.")]


def test_a_file_with_only_a_header_is_refused(coordinator, cohort):
    result = run(coordinator, cohort, HEADER + "\n")

    assert result.errors == [RowError(1, "Het bestand bevat alleen een kopregel en geen studenten.")]


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml", "studentnummer;voornaam".encode("utf-16"), b"\x81\x8d\x8f\x90"],
)
def test_a_file_that_is_not_text_is_refused(coordinator, cohort, content):
    result = inschrijvingen_import_csv(by=coordinator, cohort=cohort, fileobj=SimpleUploadedFile("x.csv", content))

    assert result.errors == [
        RowError(
            1, "Het bestand is geen CSV-tekstbestand. Sla het in Excel op als CSV (puntkomma- of kommagescheiden)."
        )
    ]


def test_a_file_over_5_mb_is_refused(coordinator, cohort):
    content = (HEADER + "\n").encode() + b"x" * (5 * 1024 * 1024)

    result = inschrijvingen_import_csv(by=coordinator, cohort=cohort, fileobj=SimpleUploadedFile("x.csv", content))

    assert result.errors == [RowError(1, "Het bestand is groter dan 5 MB; splits het in kleinere bestanden.")]


def test_a_file_with_more_than_5000_students_is_refused(coordinator, cohort):
    rows = [line(studentnummer=str(400000 + n), email=f"s{n}@example.test") for n in range(5001)]

    result = run(coordinator, cohort, "\n".join([HEADER, *rows]))

    assert result.errors == [
        RowError(1, "Het bestand heeft meer dan 5000 studenten; splits het in kleinere bestanden.")
    ]


def test_a_column_named_twice_is_refused(coordinator, cohort):
    result = run(coordinator, cohort, HEADER + ";Email\n" + line() + ";x@example.test\n")

    assert result.errors == [RowError(1, "De kolom 'email' staat meer dan eens in de kopregel.")]


def test_checking_200_rows_takes_a_fixed_number_of_queries(
    coordinator, cohort, beoordelaars, django_assert_max_num_queries
):
    InschrijvingFactory.create(studentnummer="400000", cohort=cohort)
    rows = [
        line(studentnummer=str(400000 + n), email=f"s{n}@example.test", praktijkbeoordelaar=f"onbekend{n}")
        for n in range(200)
    ]
    text = "\n".join([HEADER, *rows])
    before = counts()

    # profielen, coordinator check, studentnummers, users, their roles, e-mail owners (+ the savepoint)
    with django_assert_max_num_queries(7):
        result = run(coordinator, cohort, text)

    assert len(result.errors) == 201
    assert result.errors[:2] == [
        RowError(2, "kolom 'studentnummer': '400000' is al ingeschreven."),
        RowError(2, "kolom 'praktijkbeoordelaar': gebruiker 'onbekend0' bestaat niet."),
    ]
    assert result.errors[-1] == RowError(201, "kolom 'praktijkbeoordelaar': gebruiker 'onbekend199' bestaat niet.")
    assert counts() == before


def test_usernames_match_whatever_the_capitals_unless_two_users_differ_only_in_capitals(
    coordinator, cohort, beoordelaars
):
    in_group(UserFactory.create(username="Jan"), Role.BEOORDELAAR)
    in_group(UserFactory.create(username="JAN"), Role.BEOORDELAAR)
    text = "\n".join(
        [
            HEADER,
            line(praktijkbeoordelaar="PRAKTIJK", schoolbeoordelaar="Jan", bpv_coach=""),
            line(studentnummer="300002", email="daan@example.test", schoolbeoordelaar="jan", bpv_coach=""),
        ]
    )

    result = run(coordinator, cohort, text)

    assert result.errors == [
        RowError(
            3,
            "kolom 'schoolbeoordelaar': 'jan' past bij meer dan één gebruiker (alleen hoofdletters verschillen); "
            "schrijf de gebruikersnaam precies zoals in het portaal.",
        )
    ]
    assert counts()[1] == 0

    result = run(coordinator, cohort, HEADER + "\n" + line(praktijkbeoordelaar="PRAKTIJK", schoolbeoordelaar="Jan"))

    assert result.errors == []
    toewijzingen = Beoordelaarstoewijzing.objects.values_list("beoordelaar__username", "rol")
    assert sorted(toewijzingen) == [("Jan", "school"), ("praktijk", "praktijk")]


# -- the rules of the one-by-one form (InschrijvingForm), through the import page ---------------------


def post_import(client, coordinator, cohort, text: str):
    client.force_login(coordinator)
    return client.post(f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/import/", {"bestand": upload(text)})


def test_a_student_named_as_beoordelaar_is_an_error_on_that_line(client, coordinator, cohort, beoordelaars):
    in_group(UserFactory.create(username="tim"), Role.STUDENT)
    text = "\n".join(
        [
            HEADER,
            line(),
            line(studentnummer="300002", email="daan@example.test", praktijkbeoordelaar="tim"),
            line(studentnummer="300003", email="noor@example.test", schoolbeoordelaar="coach", bpv_coach=""),
        ]
    )
    before = counts()

    response = post_import(client, coordinator, cohort, text)

    html = response.content.decode()
    assert response.status_code == 400
    reason = "is geen beoordelaar; alleen gebruikers in de groep beoordelaars kunnen beoordelen."
    assert f"Regel 3: kolom &#x27;praktijkbeoordelaar&#x27;: &#x27;tim&#x27; {reason}" in html
    assert f"Regel 4: kolom &#x27;schoolbeoordelaar&#x27;: &#x27;coach&#x27; {reason}" in html
    assert counts() == before


def test_the_bpv_coach_may_not_be_a_beoordelaar_or_a_student(coordinator, cohort, beoordelaars):
    in_group(UserFactory.create(username="tim"), Role.STUDENT)
    text = "\n".join(
        [
            HEADER,
            line(bpv_coach="SCHOOL"),
            line(studentnummer="300002", email="daan@example.test", bpv_coach="tim"),
        ]
    )

    result = run(coordinator, cohort, text)

    assert result.errors == [
        RowError(2, "kolom 'bpv_coach': 'SCHOOL' is de BPV-coach van deze student en kan niet ook beoordelaar zijn."),
        RowError(3, "kolom 'bpv_coach': 'tim' is een student en kan geen BPV-coach zijn."),
    ]
    assert counts()[1] == 0


@pytest.mark.parametrize(
    "account",
    [{"is_superuser": True}, {"is_staff": True}, {"role": Role.COORDINATOR}, {"role": Role.BEHEERDER}],
    ids=["superuser", "staff", "coordinator", "beheerder"],
)
def test_an_admin_or_coordinator_account_is_never_enrolled_as_a_student(
    client, coordinator, cohort, beoordelaars, account
):
    role = account.pop("role", None)
    user = UserFactory.create(username="baas", email="baas@example.test", **account)
    if role:
        in_group(user, role)
    text = "\n".join([HEADER, line(), line(studentnummer="300002", email="baas@example.test", gebruikersnaam="baas")])
    before = counts()

    response = post_import(client, coordinator, cohort, text)

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "Regel 3: kolom &#x27;gebruikersnaam&#x27;: &#x27;baas&#x27; is een beheerders- of coördinatoraccount en "
        "kan niet als student worden ingeschreven." in html
    )
    assert counts() == before
    assert not user.groups.filter(name=Role.STUDENT.value).exists()


def test_an_unknown_column_is_refused_naming_the_known_columns(client, coordinator, cohort, beoordelaars):
    text = HEADER.replace("praktijkbeoordelaar", "praktijkbeoordelar") + "\n" + line() + "\n"

    result = run(coordinator, cohort, text)

    assert result.errors == [
        RowError(
            1,
            "De kopregel heeft onbekende kolommen: 'praktijkbeoordelar'. Bekende kolommen zijn: studentnummer, "
            "voornaam, achternaam, email, gebruikersnaam, profiel, leerweg, startdatum, leerbedrijf, "
            "praktijkbeoordelaar, schoolbeoordelaar, bpv_coach.",
        )
    ]
    assert counts()[1] == 0


def form_data(p3, **overrides):
    return {
        "gebruikersnaam": "lotte", "voornaam": "Lotte", "achternaam": "Smit", "email": "lotte@example.test",
        "studentnummer": "300300", "profiel": p3.pk, "leerweg": "BOL", "startdatum": "2025-09-01", **overrides,
    }  # fmt: skip


@pytest.mark.parametrize("account", [{"is_superuser": True}, {"is_staff": True}], ids=["superuser", "staff"])
def test_the_form_refuses_an_admin_account_as_student_with_the_same_rule(client, coordinator, cohort, p3, account):
    UserFactory.create(username="lotte", email="lotte@example.test", **account)
    client.force_login(coordinator)

    response = client.post(f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/nieuw/", form_data(p3))

    assert response.status_code == 400
    assert "is een beheerders- of coördinatoraccount en kan niet als student worden ingeschreven." in (
        response.content.decode()
    )
    assert not Inschrijving.objects.exists()

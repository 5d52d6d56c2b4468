import datetime

import factory

from accounts.models import User
from dossier.models import Kwalificatiedossier, Profiel
from portfolio.models import Beoordelaarstoewijzing, Cohort, Inschrijving, Opleiding


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("geheim-wachtwoord-123")


class OpleidingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opleiding
        django_get_or_create = ("naam",)

    naam = "Intercedent"
    dossier = factory.LazyFunction(
        lambda: Kwalificatiedossier.objects.filter(crebo="23064").order_by("-volgnummer").first()
    )


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("opleiding", "startjaar")

    opleiding = factory.SubFactory(OpleidingFactory)
    startjaar = 2025
    dossier = factory.LazyAttribute(lambda cohort: cohort.opleiding.dossier)


class InschrijvingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inschrijving

    student = factory.SubFactory(UserFactory)
    profiel = factory.LazyFunction(lambda: Profiel.objects.get(dossier__crebo="23064", code="P3"))
    cohort = factory.SubFactory(CohortFactory)
    studentnummer = factory.Sequence(lambda n: f"{200000 + n}")
    leerweg = Inschrijving.Leerweg.BOL
    startdatum = datetime.date(2025, 9, 1)


class ToewijzingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beoordelaarstoewijzing

    inschrijving = factory.SubFactory(InschrijvingFactory)
    beoordelaar = factory.SubFactory(UserFactory)
    rol = Beoordelaarstoewijzing.Rol.SCHOOL

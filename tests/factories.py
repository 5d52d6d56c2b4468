import datetime

import factory

from accounts.models import User
from portfolio.models import Inschrijving


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("geheim-wachtwoord-123")


class InschrijvingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inschrijving

    student = factory.SubFactory(UserFactory)
    studentnummer = factory.Sequence(lambda n: f"{200000 + n}")
    cohort = "2025-2026"
    leerweg = Inschrijving.Leerweg.BOL
    startdatum = datetime.date(2025, 9, 1)

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.services import demo_accounts_create
from dossier.models import Profiel
from portfolio.services import inschrijving_ensure


class Command(BaseCommand):
    help = "Maakt de demo-accounts (student P3 Intercedent, twee beoordelaars, coördinator, beheerder)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords", action="store_true", help="geef bestaande demo-accounts een nieuw wachtwoord"
        )

    def handle(self, *args, **options) -> None:
        profiel = Profiel.objects.filter(dossier__crebo="23064", code="P3").first()
        if profiel is None:
            raise CommandError("Lees eerst het dossier Commercie in (manage.py loaddata commercie).")
        accounts = demo_accounts_create(reset_passwords=options["reset_passwords"])
        student = User.objects.get(username="student")
        inschrijving_ensure(
            student=student,
            profiel=profiel,
            studentnummer="100001",
            cohort="2025-2026",
            startdatum=datetime.date(2025, 9, 1),
        )
        self.stdout.write("Demo-accounts (gebruikersnaam / wachtwoord):")
        for account, password in accounts:
            shown = password or "(bestond al; wachtwoord ongewijzigd — gebruik --reset-passwords)"
            self.stdout.write(f"  {account.username:<12} {shown:<16} {account.description}")

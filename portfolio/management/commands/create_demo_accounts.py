import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.services import demo_accounts_create
from dossier.models import Profiel
from dossier.selectors import dossier_latest
from portfolio.models import Beoordelaarstoewijzing, Opleiding
from portfolio.services import cohort_ensure, demo_enrolment_ensure


class Command(BaseCommand):
    help = (
        "Maakt de demo-accounts (student P3 Intercedent, twee beoordelaars, coördinator, examencommissie, beheerder)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords", action="store_true", help="geef bestaande demo-accounts een nieuw wachtwoord"
        )

    def handle(self, *args, **options) -> None:
        dossier = dossier_latest(crebo="23064")
        if dossier is None:
            raise CommandError("Lees eerst het dossier Commercie in (manage.py loaddata commercie).")
        accounts = demo_accounts_create(reset_passwords=options["reset_passwords"])
        users = {u.username: u for u in User.objects.filter(username__in=[a.username for a, _ in accounts])}
        opleiding, _ = Opleiding.objects.get_or_create(naam="Intercedent (demo)", defaults={"dossier": dossier})
        opleiding.coordinatoren.add(users["coordinator"])
        opleiding.examencommissie.add(users["examencommissie"])
        cohort, _ = cohort_ensure(opleiding=opleiding, startjaar=2025)
        profiel = Profiel.objects.get(dossier=cohort.dossier, code="P3")
        inschrijving = demo_enrolment_ensure(
            student=users["student"],
            profiel=profiel,
            studentnummer="100001",
            cohort=cohort,
            startdatum=datetime.date(2025, 9, 1),
            leerbedrijf="Uitzendbureau Voorbeeld BV",
        )
        for username, rol in (("praktijk", "praktijk"), ("school", "school")):
            Beoordelaarstoewijzing.objects.get_or_create(
                inschrijving=inschrijving, beoordelaar=users[username], defaults={"rol": rol}
            )
        self.stdout.write("Demo-accounts (gebruikersnaam / wachtwoord):")
        for account, password in accounts:
            shown = password or "(bestond al; wachtwoord ongewijzigd — gebruik --reset-passwords)"
            self.stdout.write(f"  {account.username:<16} {shown:<16} {account.description}")

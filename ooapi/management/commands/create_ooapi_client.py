from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import ApplicationError
from ooapi import services
from portfolio.models import Opleiding


def opleiding_get(value: str) -> Opleiding:
    opleiding = Opleiding.objects.filter(naam=value).first()
    if opleiding is None and value.isascii() and value.isdigit():
        opleiding = Opleiding.objects.filter(pk=int(value)).first()
    if opleiding is None:
        namen = ", ".join(Opleiding.objects.order_by("naam").values_list("naam", flat=True)) or "geen"
        raise CommandError(f"Onbekende opleiding: {value}. Opleidingen: {namen}.")
    return opleiding


class Command(BaseCommand):
    help = (
        "Maakt een systeemkoppeling voor de OOAPI (/ooapi/v5/) en toont haar sleutel één keer; "
        "intrekken kan in de admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--naam", required=True, help="naam van het systeem, bijv. SIS")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--opleiding", action="append", default=[], help="naam of id van een opleiding; mag vaker")
        scope.add_argument("--instellingsbreed", action="store_true", help="de studenten van elke opleiding")

    def handle(self, *args, **options) -> None:
        opleidingen = [opleiding_get(value) for value in options["opleiding"]]
        try:
            koppeling, token = services.systeemkoppeling_create(
                naam=options["naam"], opleidingen=opleidingen, instellingsbreed=options["instellingsbreed"]
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        scope = "alle opleidingen" if koppeling.instellingsbreed else ", ".join(o.naam for o in opleidingen)
        self.stdout.write(f"Systeemkoppeling {koppeling.naam} gemaakt ({scope}).")
        self.stdout.write("Sleutel (wordt niet bewaard en niet opnieuw getoond):")
        self.stdout.write(token)
        self.stdout.write("Gebruik: Authorization: Bearer <sleutel>")

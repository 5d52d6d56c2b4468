import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import ApplicationError
from dossier.importer.parser import DossierParseError, parse_dossier
from dossier.services import dossier_import


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"Bestand niet gevonden: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is een map, geen bestand.") from None
    except OSError as exc:
        raise CommandError(f"Kan {path} niet lezen: {exc.strerror}.") from None
    if b"\x00" in data[:4096]:
        raise CommandError(f"{path} is geen tekstbestand: het lijkt een binair bestand (bijvoorbeeld een PDF).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class Command(BaseCommand):
    help = "Leest een kwalificatiedossier van SBB (tekstexport) in; opnieuw inlezen werkt bij en dupliceert niets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="tekstexport van het kwalificatiedossier")
        parser.add_argument("--crebo", help="crebo van het dossier, als het niet bekend is")
        parser.add_argument("--naam", help="naam van het dossier, als het niet bekend is")
        parser.add_argument("--versie", help="versie van het dossier")
        parser.add_argument("--geldig-vanaf", type=datetime.date.fromisoformat, help="JJJJ-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="laat zien wat er zou veranderen, sla niets op")

    def handle(self, *args, **options) -> None:
        text = read_text(options["path"])
        try:
            parsed = parse_dossier(text)
            result = dossier_import(
                parsed=parsed,
                crebo=options["crebo"],
                naam=options["naam"],
                versie=options["versie"],
                geldig_vanaf=options["geldig_vanaf"],
                dry_run=options["dry_run"],
            )
        except (DossierParseError, ApplicationError) as exc:
            raise CommandError(f"Niet ingelezen, de database is ongewijzigd. {exc}") from None
        dossier = result.dossier
        self.stdout.write(f"Ingelezen: kwalificatiedossier {dossier.naam} (crebo {dossier.crebo})")
        for kind, count in result.read.items():
            self.stdout.write(f"  {kind}: {count}")
        self.stdout.write(OUTCOMES[result.outcome].format(versie=dossier.versie_label, vorige=_previous(result)))
        if not result.diff.is_empty:
            counts = ", ".join(f"{n} {kind}" for kind, n in result.diff.counts().items())
            self.stdout.write(f"Criteria: {counts}")
            for line in result.diff.lines():
                self.stdout.write(f"  {line}")
        changes = result.changes
        self.stdout.write(
            f"Rijen: {changes['nieuw']} nieuw, {changes['gewijzigd']} gewijzigd, "
            f"{changes['verwijderd']} verwijderd, {changes['ongewijzigd']} ongewijzigd"
        )
        if result.not_in_file:
            self.stdout.write(
                self.style.WARNING(
                    "Staan in de database maar niet meer in dit bestand (niet verwijderd): "
                    + ", ".join(result.not_in_file)
                )
            )
        if result.dry_run:
            self.stdout.write(self.style.WARNING("Proefimport (--dry-run): er is niets opgeslagen."))
        else:
            self.stdout.write(self.style.SUCCESS("Klaar."))


OUTCOMES = {
    "nieuw": "Nieuw dossier, {versie}.",
    "ongewijzigd": "Geen wijzigingen: {versie} blijft zoals hij is.",
    "bijgewerkt": "{versie} bijgewerkt (nog door geen cohort of student gebruikt).",
    "nieuwe versie": "Nieuwe {versie}: {vorige} wordt gebruikt en blijft ongewijzigd.",
}


def _previous(result) -> str:
    return result.previous.versie_label if result.previous else ""

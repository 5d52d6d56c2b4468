from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dossier.keuzedeel_import import (
    MAX_BYTES,
    KeuzedeelImportError,
    RowError,
    keuzedelen_parse,
    keuzedelen_write,
    known_crebos,
)


def read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as fileobj:
            # One byte more than the limit, so the decoder refuses a file that is too big.
            return fileobj.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CommandError(f"Bestand niet gevonden: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is een map, geen bestand.") from None
    except OSError as exc:
        raise CommandError(f"Kan {path} niet lezen: {exc.strerror}.") from None


def refused(errors: list[RowError]) -> CommandError:
    lines = "\n".join(f"  regel {e.line}: {e.message}" for e in errors)
    return CommandError(f"Niet ingelezen, de database is ongewijzigd. Fouten in het bestand:\n{lines}")


class Command(BaseCommand):
    help = (
        "Leest de keuzedelencatalogus in uit een CSV-export van SBB (code;naam;sbu, eventueel crebo); "
        "opnieuw inlezen werkt bij en dupliceert niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="CSV-bestand met de kolommen code;naam;sbu[;crebo]")
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren en tellen, niets opslaan")

    def handle(self, *args, **options) -> None:
        parsed = keuzedelen_parse(read_bytes(options["path"]), known_crebos=known_crebos())
        if not parsed.ok:
            raise refused(parsed.errors)
        try:
            result = keuzedelen_write(rows=parsed.rows, has_crebo=parsed.has_crebo, dry_run=options["dry_run"])
        except KeuzedeelImportError as exc:
            raise refused(exc.errors) from None
        self.stdout.write(
            f"Keuzedelen: {len(result.nieuw)} nieuw, {len(result.gewijzigd)} gewijzigd, "
            f"{len(result.ongewijzigd)} ongewijzigd"
        )
        if parsed.unknown_crebos:
            self.stdout.write(
                self.style.WARNING(
                    "Crebo's zonder profiel in het portaal (niet gekoppeld): " + ", ".join(parsed.unknown_crebos)
                )
            )
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("Proefdraai (--dry-run): niets opgeslagen."))
        else:
            self.stdout.write(self.style.SUCCESS("Klaar."))

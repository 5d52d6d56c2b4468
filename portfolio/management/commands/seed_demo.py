from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import ApplicationError
from portfolio.seed import (
    BLOCK_SIZE,
    BPV_COACHES,
    DEFAULT_PASSWORD,
    MAX_STUDENTS,
    PRAKTIJK_BEOORDELAARS,
    SCHOOL_BEOORDELAARS,
    SHARED_PDF_NAME,
    WORKERS,
    opleiding_naam,
    seed_cohort,
    seed_reset,
    student_block,
    student_username,
    studentnummer,
)


class Command(BaseCommand):
    help = (
        "Maakt N demo-studenten Commercie (studentnummers S00001..) met volledige portfolio's, voor demo's en "
        f"benchmarks: per blok van {BLOCK_SIZE:,} studenten een eigen opleiding, cohort, beoordelaars en "
        "BPV-coaches. Alleen op een demo-database gebruiken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=0, help=f"aantal studenten (0..{MAX_STUDENTS})")
        parser.add_argument("--reset", action="store_true", help="verwijder eerst alle geseede gegevens")
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help=f"wachtwoord van nieuwe seed-accounts ({DEFAULT_PASSWORD})"
        )
        parser.add_argument("--batch-size", type=int, default=100, help="studenten per transactie (100)")
        parser.add_argument("--seed", type=int, default=2025, help="startwaarde van de toevalsgenerator (2025)")
        parser.add_argument(
            "--workers",
            type=int,
            default=WORKERS,
            help=f"verbindingen die naast elkaar schrijven, PostgreSQL ({WORKERS})",
        )

    def handle(self, *args, **options) -> None:
        if options["reset"]:
            deleted = seed_reset()
            summary = ", ".join(f"{n:,} {label}" for label, n in deleted.items() if n)
            self.stdout.write(f"Verwijderd: {summary or 'niets'}")
        if not options["students"]:
            return
        try:
            result = seed_cohort(
                students=options["students"],
                password=options["password"],
                batch_size=max(1, options["batch_size"]),
                seed=options["seed"],
                workers=max(1, options["workers"]),
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        made = result.students_requested - result.students_existing
        self.stdout.write(
            f"Studenten: {made:,} gemaakt, {result.students_existing:,} bestonden al "
            f"({studentnummer(1)}..{studentnummer(result.students_requested)})"
        )
        if made:
            profielen = ", ".join(f"{code} {n:,}" for code, n in sorted(result.profielen.items()))
            statuses = ", ".join(f"{status} {n:,}" for status, n in result.statuses.items())
            rows = ", ".join(f"{n:,} {label}" for label, n in result.rows.items())
            self.stdout.write(f"Profielen: {profielen}")
            self.stdout.write(f"Bewijsstukken per status: {statuses}")
            self.stdout.write(f"Rijen: {rows}")
            self.stdout.write(f"Alle Bestand-rijen wijzen naar één opgeslagen PDF: {SHARED_PDF_NAME}")
        blocks = student_block(result.students_requested) + 1
        self.stdout.write(
            f"Blokken van {BLOCK_SIZE:,} studenten: {blocks}, elk met een eigen opleiding en cohort "
            f"({opleiding_naam(0)}{', ' + opleiding_naam(1) + ', ...' if blocks > 1 else ''}), "
            f"{PRAKTIJK_BEOORDELAARS} praktijk- en {SCHOOL_BEOORDELAARS} schoolbeoordelaars en {BPV_COACHES} "
            "BPV-coaches; seed-coordinator coördineert ze alle"
        )
        if result.password_set:
            later = ", seed-praktijk-1-b1 (blok 1)" if blocks > 1 else ""
            self.stdout.write(
                f"Wachtwoord van nieuwe seed-accounts ({student_username(1)}, seed-praktijk-1, seed-school-1, "
                f"seed-coach-1{later}, seed-coordinator, ...): {options['password']}"
            )
        else:
            self.stdout.write("Bestaande seed-accounts houden hun wachtwoord.")
        self.stdout.write(f"Klaar in {result.seconds:.1f} s")

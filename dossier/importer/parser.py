"""Reads SBB's text export of a kwalificatiedossier into plain data; writes nothing.

The export is a PDF turned into text, so the parser copes with its artefacts: page footers
("13 van 24"), page headers repeating the current kerntaak or werkproces, lines wrapped in the
middle of a sentence, non-breaking spaces after codes, and "Voor <profiel> geldt aanvullend:"
blocks that add text for one profiel only.
"""

import re
from dataclasses import dataclass, field
from typing import NoReturn, cast

from django.utils.translation import gettext as _


class DossierParseError(Exception):
    """The text is not a (complete) kwalificatiedossier; the message says why, in Dutch."""


BASIS = None  # the profiel of basisdeel text

CODE = r"[BP]\d+-K\d+(?:-W\d+)?"
FOOTER_RE = re.compile(r"^\d+ van \d+$")
KERNTAAK_HEAD_RE = re.compile(r"^(?P<code>[BP]\d+-K\d+):?\s+(?P<titel>\S.*)$")
WERKPROCES_HEAD_RE = re.compile(r"^(?P<code>[BP]\d+-K\d+-W\d+):?\s+(?P<titel>\S.*)$")
CODE_IN_LINE_RE = re.compile(rf"(?:^|\s)(?P<code>{CODE})\s")
PROFIEL_LINE_RE = re.compile(r"^P(?P<nummer>\d+)\s+(?P<naam>[^\d\s].*)$")
OVERVIEW_ROW_RE = re.compile(
    r"^P\d+\s+(?P<naam>.+?)\s+(?P<niveau>[1-4])\s+(?P<wettelijk>Ja|Nee)\s+(?P<typering>\S.*?)\s+(?P<studieduur>\d+)$"
)
AANVULLEND_RE = re.compile(r"^Voor (?P<naam>.+?) geldt aanvullend:?$")
COMPETENTIES_RE = re.compile(r"^De onderliggende competenties zijn:\s*(?P<rest>.*)$")
OVERVIEW_TITLE = "Overzicht van het kwalificatiedossier"
OVERVIEW_HEADER_LINES = {
    OVERVIEW_TITLE,
    "Naam profiel Mbo-niveau",
    "Naam profiel",
    "Mbo-niveau",
    "(EQF-niveau)",
    "Wettelijke",
    "beroepsvereisten",
    "Typering van de",
    "kwalificatie",
    "Studieduur van",
    "de kwalificatie",
}
NIETS_EXTRA = {"-", "N.v.t.", "n.v.t.", "Nvt", "N.v.t"}

KERNTAAK_SECTIONS = {
    "Complexiteit": "complexiteit",
    "Verantwoordelijkheid en zelfstandigheid": "verantwoordelijkheid",
    "Vakkennis en vaardigheden": "vakkennis",
}
WERKPROCES_SECTIONS = {"Omschrijving": "omschrijving", "Resultaat": "resultaat", "Gedrag": "gedrag"}
BEROEPENGROEP_SECTIONS = {
    "Context": "context",
    "Typerende beroepshouding": "beroepshouding",
    "Resultaat van de beroepengroep": "resultaat_beroepengroep",
}
PROFIEL_SECTIONS = {
    "Mbo-niveau": "niveau",
    "Typering van het beroep": "typering_beroep",
    "Wettelijke beroepsvereisten": "wettelijke_beroepsvereisten",
    "Branchevereisten": "branchevereisten",
    "Toelichting branchevereisten": "toelichting_branchevereisten",
}
GENERIEK_HEADINGS = {
    "Nederlandse taal": ("nederlands", None),
    "Rekenen": ("rekenen", None),
    "Loopbaan en burgerschap": ("loopbaan_burgerschap", None),
    "Engels (alleen voor niveau 4)": ("engels", 4),
}


@dataclass
class ParsedProfiel:
    code: str
    naam: str
    niveau: int | None = None
    wettelijke_beroepsvereisten: bool | None = None
    branchevereisten: bool | None = None
    toelichting_branchevereisten: str = ""
    typering: str = ""
    typering_beroep: str = ""
    studieduur: int | None = None
    has_profieldeel_text: bool = False


@dataclass
class ParsedCriterium:
    soort: str
    tekst: str
    profiel: str | None


@dataclass
class ParsedWerkproces:
    code: str
    titel: str
    omschrijving: str = ""
    aanvullingen: dict[str, str] = field(default_factory=dict)
    criteria: list[ParsedCriterium] = field(default_factory=list)
    competenties: list[tuple[str, str | None]] = field(default_factory=list)
    has_body: bool = False


@dataclass
class ParsedKerntaak:
    code: str
    titel: str
    profiel: str | None
    complexiteit: str = ""
    verantwoordelijkheid: str = ""
    aanvullingen: dict[str, dict[str, str]] = field(default_factory=dict)
    vakkennis: list[tuple[str, str | None]] = field(default_factory=list)
    werkprocessen: list[ParsedWerkproces] = field(default_factory=list)
    has_body: bool = False


@dataclass
class ParsedGeneriek:
    soort: str
    naam: str
    vanaf_niveau: int | None
    tekst: str = ""


@dataclass
class ParsedDossier:
    profielen: list[ParsedProfiel] = field(default_factory=list)
    kerntaken: list[ParsedKerntaak] = field(default_factory=list)
    generiek: list[ParsedGeneriek] = field(default_factory=list)
    context: str = ""
    beroepshouding: str = ""
    resultaat_beroepengroep: str = ""
    exported_for: list[str] = field(default_factory=list)

    def profiel(self, code: str) -> ParsedProfiel | None:
        return next((p for p in self.profielen if p.code == code), None)

    def werkprocessen(self) -> list[ParsedWerkproces]:
        return [w for k in self.kerntaken for w in k.werkprocessen]


SOFT_HYPHEN = "\u00ad"
INVISIBLE_RE = re.compile("[\ufeff\u200b\u2060]")  # BOM, zero-width space, word joiner
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def normalise(raw: str) -> list[str]:
    """One entry per line of the file (so line numbers match an editor), whitespace collapsed.

    Every Unicode space (non-breaking, narrow non-breaking, tabs) becomes one normal space. Soft
    hyphens disappear, except one that ends a line: there the PDF split a word, and join_wrapped
    closes it up with the next line.
    """
    text = INVISIBLE_RE.sub("", raw)
    text = re.sub(r"(^|\r\n|\r|\n)\f", r"\1", text).replace("\f", "\n")
    lines = []
    for line in LINE_BREAK_RE.split(text):
        line = re.sub(r"\s+", " ", line).strip()
        split_word = line.endswith(SOFT_HYPHEN)
        line = line.replace(SOFT_HYPHEN, "").rstrip()
        lines.append(line + SOFT_HYPHEN if split_word and line else line)
    return lines


def join_wrapped(lines: list[str]) -> str:
    """Joins lines the PDF wrapped; 'producten-' + '/diensten' and a soft hyphen close up, other breaks
    become a space."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith(SOFT_HYPHEN):
            out = out[: -len(SOFT_HYPHEN)] + line
        elif out.endswith("-") and line[:1] in "/)":
            out += line
        else:
            out += " " + line
    return out.replace(SOFT_HYPHEN, "")


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"')\u2019\u201d").endswith((".", ":", "!", "?"))


class _Paragraphs:
    """Collects prose as paragraphs, mending paragraphs that a page break split mid-sentence.

    After a page break the text goes on in the same paragraph unless the last line closed a sentence
    and the next one starts with a capital: a break at a sentence end cannot be told from a break
    between paragraphs, and a new paragraph loses no words.
    """

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = []
        self.open = False
        self.broken_by_page = False

    def add(self, line: str) -> None:
        if not self.open:
            previous = self.paragraphs[-1] if self.paragraphs else None
            continues = (
                previous is not None
                and self.broken_by_page
                and (not _ends_sentence(previous[-1]) or line[:1].islower())
            )
            if previous is not None and continues:
                previous.append(line)
            else:
                self.paragraphs.append([line])
            self.open = True
        else:
            self.paragraphs[-1].append(line)
        self.broken_by_page = False

    def blank(self) -> None:
        self.open = False

    def page_break(self) -> None:
        self.open = False
        self.broken_by_page = True

    def text(self) -> str:
        return "\n\n".join(join_wrapped(p) for p in self.paragraphs)


class _Items:
    """Collects bullet items ('- ' or '§ '); lines without a bullet continue the last item."""

    def __init__(self, bullet: str) -> None:
        self.bullet = bullet
        self.items: list[list[str]] = []
        self.empty_marker = False

    def add(self, line: str) -> bool:
        if line == self.bullet.strip() or line in NIETS_EXTRA:
            self.empty_marker = True
            return True
        if line.startswith(self.bullet):
            self.items.append([line[len(self.bullet) :].strip()])
            return True
        if self.items:
            self.items[-1].append(line)
            return True
        return False

    def texts(self) -> list[str]:
        return [join_wrapped(item) for item in self.items]


def parse_dossier(raw: str) -> ParsedDossier:
    if not raw.strip():
        raise DossierParseError(_("Het bestand is leeg."))
    lines = normalise(raw)
    try:
        start = lines.index(OVERVIEW_TITLE)
    except ValueError:
        raise DossierParseError(
            _(
                "Dit is geen kwalificatiedossier van SBB: het overzicht "
                "('Overzicht van het kwalificatiedossier') en het basisdeel ontbreken "
                "(regel 1 tot en met %(regel)d gelezen)."
            )
            % {"regel": len(lines)}
        ) from None
    body_start = _find_basisdeel(lines, start)
    if body_start is None:
        raise DossierParseError(
            _(
                "Het bestand is onvolledig: na het overzicht op regel %(overzicht)d ontbreekt het basisdeel "
                "('Basisdeel', '1. Beroepsspecifieke onderdelen'); het houdt op op regel %(regel)d."
            )
            % {"overzicht": start + 1, "regel": len(lines)}
        )
    dossier = ParsedDossier()
    overview_lines = _parse_overview(dossier, lines[start + 1 : body_start], offset=start + 1)
    body = _Body(dossier)
    body.parse(lines[body_start:], offset=body_start)
    _check_complete(dossier, overview_lines, body.heading_lines)
    _remove_soft_hyphens(dossier)
    return dossier


def _find_basisdeel(lines: list[str], after: int) -> int | None:
    for index in range(after, len(lines)):
        if lines[index] != "Basisdeel":
            continue
        following = [line for line in lines[index + 1 : index + 8] if line and not FOOTER_RE.match(line)]
        if following and "Beroepsspecifieke onderdelen" in following[0]:
            return index
    return None


def _parse_overview(dossier: ParsedDossier, lines: list[str], offset: int) -> dict[str, int]:
    """Reads the profielen, their table rows and every kerntaak and werkproces; returns code -> line."""
    rows: list[tuple[int, dict[str, str]]] = []  # (line number, row)
    pending_row: tuple[int, list[str]] | None = None  # a table row the PDF wrapped
    current_profiel: str | None = BASIS
    entries: list[tuple[int, str, list[str], str | None]] = []  # (line number, code, title lines, profiel)
    in_entries = False
    after_page_break = False
    for index, line in enumerate(lines):
        line_number = offset + index + 1
        if not line:
            continue
        if FOOTER_RE.match(line):
            after_page_break = True
            continue
        if after_page_break and line in OVERVIEW_HEADER_LINES:
            continue  # the title and column heads repeated at the top of a page
        after_page_break = False
        if not in_entries:
            if pending_row is not None:
                pending_row[1].append(line)
                row_match = OVERVIEW_ROW_RE.match(" ".join(pending_row[1]))
                if row_match:
                    rows.append((pending_row[0], row_match.groupdict()))
                    pending_row = None
                elif len(pending_row[1]) >= 3:
                    _overview_fail(
                        pending_row[0], _("de rij '%(rij)s' van de profieltabel is onleesbaar."), pending_row
                    )
                continue
            row_match = OVERVIEW_ROW_RE.match(line)
            if row_match:
                rows.append((line_number, row_match.groupdict()))
                continue
            if PROFIEL_LINE_RE.match(line) and not re.match(CODE, line):
                pending_row = (line_number, [line])
                continue
            if not CODE_IN_LINE_RE.match(line + " "):
                continue
            in_entries = True
        if line.startswith("Profieldeel") or line.startswith("De profielen in dit kwalificatiedossier"):
            continue
        if line.startswith("Geen extra kerntaken"):
            continue
        profiel_match = PROFIEL_LINE_RE.match(line)
        if profiel_match and not re.match(CODE, line):
            code = f"P{profiel_match['nummer']}"
            if dossier.profiel(code):
                raise DossierParseError(
                    _("Profiel %(code)s staat twee keer in het overzicht (regel %(regel)d).")
                    % {"code": code, "regel": line_number}
                )
            dossier.profielen.append(ParsedProfiel(code=code, naam=profiel_match["naam"].strip()))
            current_profiel = code
            continue
        codes = list(re.finditer(rf"(?:^|\s)({CODE})\s", line + " "))
        if codes:
            for number, match in enumerate(codes):
                end = codes[number + 1].start() if number + 1 < len(codes) else len(line)
                title = line[match.end() : end].strip()
                entries.append((line_number, match.group(1), [title] if title else [], current_profiel))
        elif entries:
            entries[-1][2].append(line)
    if pending_row is not None:
        _overview_fail(pending_row[0], _("de rij '%(rij)s' van de profieltabel is onleesbaar."), pending_row)
    if not entries:
        raise DossierParseError(_("Het overzicht van het dossier bevat geen kerntaken en werkprocessen."))
    for line_number, code, title_lines, entry_profiel in entries:
        try:
            _add_overview_entry(dossier, code, join_wrapped(title_lines), entry_profiel)
        except DossierParseError as exc:
            raise DossierParseError(_("Regel %(regel)d: %(fout)s") % {"regel": line_number, "fout": exc}) from None
    for line_number, row in rows:
        naam = row["naam"].strip()
        profiel = next((p for p in dossier.profielen if p.naam == naam), None)
        if profiel is None:
            raise DossierParseError(
                _("Regel %(regel)d: Onbekend profiel '%(naam)s' in het overzicht: het staat niet in het profieldeel.")
                % {"regel": line_number, "naam": naam}
            )
        if profiel.code in dossier.exported_for:
            raise DossierParseError(
                _("Regel %(regel)d: profiel '%(naam)s' staat twee keer in de profieltabel van het overzicht.")
                % {"regel": line_number, "naam": naam}
            )
        profiel.niveau = int(row["niveau"])
        profiel.wettelijke_beroepsvereisten = row["wettelijk"] == "Ja"
        profiel.typering = row["typering"].strip()
        profiel.studieduur = int(row["studieduur"])
        dossier.exported_for.append(profiel.code)
    return {code: line_number for line_number, code, _title, _profiel in entries}


def _overview_fail(line_number: int, message: str, pending_row: tuple[int, list[str]]) -> NoReturn:
    rij = " ".join(pending_row[1])[:80]
    raise DossierParseError(_("Regel %(regel)d: %(fout)s") % {"regel": line_number, "fout": message % {"rij": rij}})


def _profiel_of_code(code: str) -> str | None:
    prefix = code.split("-")[0]
    return None if prefix.startswith("B") else prefix


def _add_overview_entry(dossier: ParsedDossier, code: str, titel: str, section_profiel: str | None) -> None:
    profiel = _profiel_of_code(code)
    if profiel is not None and dossier.profiel(profiel) is None:
        raise DossierParseError(
            _("Onbekend profiel %(profiel)s bij %(code)s: dat profiel staat niet in het overzicht.")
            % {"profiel": profiel, "code": code}
        )
    if profiel != section_profiel:
        raise DossierParseError(_("%(code)s staat in het overzicht onder het verkeerde deel.") % {"code": code})
    if "-W" in code:
        kerntaak_code = code.rsplit("-", 1)[0]
        kerntaak = next((k for k in dossier.kerntaken if k.code == kerntaak_code), None)
        if kerntaak is None:
            raise DossierParseError(
                _("Werkproces %(code)s staat in het overzicht zonder zijn kerntaak.") % {"code": code}
            )
        if any(w.code == code for w in kerntaak.werkprocessen):
            raise DossierParseError(_("Werkproces %(code)s staat twee keer in het overzicht.") % {"code": code})
        kerntaak.werkprocessen.append(ParsedWerkproces(code=code, titel=titel))
    else:
        if any(k.code == code for k in dossier.kerntaken):
            raise DossierParseError(_("Kerntaak %(code)s staat twee keer in het overzicht.") % {"code": code})
        dossier.kerntaken.append(ParsedKerntaak(code=code, titel=titel, profiel=profiel))


class _Body:
    """A line-by-line state machine over the basisdeel, the generieke onderdelen and the profieldelen."""

    def __init__(self, dossier: ParsedDossier) -> None:
        self.dossier = dossier
        self.part = "basis"  # basis | generiek | profiel | keuzedeel
        self.kerntaak: ParsedKerntaak | None = None
        self.werkproces: ParsedWerkproces | None = None
        self.profiel: ParsedProfiel | None = None
        self.generiek: ParsedGeneriek | None = None
        self.section: str | None = None
        self.aanvulling: str | None = BASIS
        self.collector: _Paragraphs | _Items | None = None
        self.competenties: list[str] | None = None
        self.competenties_line = 0
        self.competenties_gap: str | None = None  # None, "blank" or "page": what came since the last line
        self.header_line: int | None = None  # a repeated page header just before this line
        self.stray: tuple[int, str] | None = None  # the first text outside any kopje
        self.line_number = 0
        self.reached_end = False
        self.section_line = 0  # where the current section (or aanvulling) began
        self.sections_seen: set[str] = set()  # basis kopjes of the current kerntaak or werkproces
        self.heading_lines: dict[str, int] = {}  # kerntaak/werkproces code -> line of its heading

    def fail(self, message: str) -> NoReturn:
        self.fail_at(self.line_number, message)

    @staticmethod
    def fail_at(line_number: int, message: str) -> NoReturn:
        raise DossierParseError(_("Regel %(regel)d: %(fout)s") % {"regel": line_number, "fout": message})

    def parse(self, lines: list[str], offset: int) -> None:
        lines = self.join_wrapped_aanvullend(lines)
        for index, line in enumerate(lines):
            self.line_number = offset + index + 1
            self.handle(line)
        self.flush()
        if not self.reached_end:
            raise DossierParseError(
                _(
                    "Het bestand is onvolledig: het houdt op op regel %(regel)d zonder het slot van het dossier "
                    "(het deel 'Keuzedeel'). Is het afgebroken?"
                )
                % {"regel": self.line_number}
            )
        if self.stray is not None:
            self.fail_at(self.stray[0], _("tekst buiten een kopje: '%(tekst)s'.") % {"tekst": self.stray[1][:60]})

    def join_wrapped_aanvullend(self, lines: list[str]) -> list[str]:
        """'Voor Assistent-manager internationale handel geldt aanvullend:' may wrap over two lines.

        Joined only when the result names a profiel of the dossier, so that prose starting with
        'Voor' is never mistaken for it; the second line becomes blank to keep the line numbers.
        """
        names = {p.naam.lower() for p in self.dossier.profielen}
        lines = list(lines)
        for index in range(len(lines) - 1):
            first, second = lines[index], lines[index + 1]
            if not first.startswith("Voor ") or AANVULLEND_RE.match(first) or AANVULLEND_RE.match(second):
                continue
            match = AANVULLEND_RE.match(f"{first} {second}")
            if match and match["naam"].lower() in names:
                lines[index], lines[index + 1] = f"{first} {second}", ""
        return lines

    # -- dispatch ---------------------------------------------------------------------------------------

    def handle(self, line: str) -> None:
        if self.part == "keuzedeel":
            return
        if not line:
            self.blank()
            return
        if FOOTER_RE.match(line):
            self.page_break()
            return
        if self.is_repeated_header(line):
            self.page_break()
            self.header_line = self.line_number
            return
        self.handle_content(line)
        self.header_line = None

    def handle_content(self, line: str) -> None:
        if line == "Keuzedeel":
            self.flush()
            self.part = "keuzedeel"
            self.reached_end = True
            return
        if line == "2. Generieke onderdelen":
            self.flush()
            self.part = "generiek"
            self.kerntaak = self.werkproces = None
            return
        if line == "Profieldeel":
            self.flush()
            self.part = "profiel"
            self.generiek = None
            self.kerntaak = self.werkproces = None
            return
        if self.competenties is not None:
            if self.handle_competenties_line(self.competenties, line):
                return
        if self.start_werkproces(line) or self.start_kerntaak(line):
            return
        if self.part == "generiek" and self.start_generiek(line):
            return
        if self.part == "profiel" and self.start_profiel(line):
            return
        aanvullend = AANVULLEND_RE.match(line)
        if aanvullend:
            self.start_aanvulling(aanvullend["naam"])
            return
        competenties = COMPETENTIES_RE.match(line)
        if competenties and self.werkproces is not None:
            self.flush()
            self.competenties = [competenties["rest"]] if competenties["rest"] else []
            self.competenties_line, self.competenties_gap = self.line_number, None
            return
        if self.start_section(line):
            return
        self.text(line)

    def is_repeated_header(self, line: str) -> bool:
        for current in (self.kerntaak, self.werkproces):
            if current is None:
                continue
            match = KERNTAAK_HEAD_RE.match(line) or WERKPROCES_HEAD_RE.match(line)
            if match and match["code"] == current.code:
                return True
        return self.part == "profiel" and self.profiel is not None and self.profiel_heading(line) is self.profiel

    def profiel_heading(self, line: str) -> ParsedProfiel | None:
        """The profiel whose heading ('P3 Intercedent') this line is, exactly as the overview names it."""
        match = PROFIEL_LINE_RE.match(line)
        if not match:
            return None
        profiel = self.dossier.profiel(f"P{match['nummer']}")
        return profiel if profiel is not None and profiel.naam == match["naam"].strip() else None

    def blank(self) -> None:
        if isinstance(self.collector, _Paragraphs):
            self.collector.blank()
        if self.competenties is not None and self.competenties_gap is None:
            self.competenties_gap = "blank"

    def page_break(self) -> None:
        if isinstance(self.collector, _Paragraphs):
            self.collector.page_break()
        if self.competenties is not None:
            self.competenties_gap = "page"

    # -- structure --------------------------------------------------------------------------------------

    def find_kerntaak(self, code: str) -> ParsedKerntaak:
        kerntaak = next((k for k in self.dossier.kerntaken if k.code == code), None)
        if kerntaak is None:
            profiel = _profiel_of_code(code)
            if profiel and self.dossier.profiel(profiel) is None:
                self.fail(_("onbekend profiel %(profiel)s in %(code)s.") % {"profiel": profiel, "code": code})
            self.fail(_("kerntaak %(code)s staat niet in het overzicht van het dossier.") % {"code": code})
        return kerntaak

    def start_kerntaak(self, line: str) -> bool:
        match = KERNTAAK_HEAD_RE.match(line)
        if not match or self.part not in ("basis", "profiel"):
            return False
        self.flush()
        kerntaak = self.find_kerntaak(match["code"])
        if kerntaak.has_body:
            self.fail(_("kerntaak %(code)s komt twee keer voor.") % {"code": kerntaak.code})
        if self.part == "profiel" and (self.profiel is None or kerntaak.profiel != self.profiel.code):
            self.fail(_("kerntaak %(code)s staat onder een ander profiel.") % {"code": kerntaak.code})
        kerntaak.titel = match["titel"]
        kerntaak.has_body = True
        self.heading_lines[kerntaak.code] = self.line_number
        self.kerntaak, self.werkproces = kerntaak, None
        self.section, self.aanvulling = None, BASIS
        self.sections_seen = set()
        return True

    def start_werkproces(self, line: str) -> bool:
        match = WERKPROCES_HEAD_RE.match(line)
        if not match or self.part not in ("basis", "profiel"):
            return False
        self.flush()
        code = match["code"]
        kerntaak = self.find_kerntaak(code.rsplit("-", 1)[0])
        if kerntaak is not self.kerntaak:
            self.fail(_("werkproces %(code)s staat buiten zijn kerntaak.") % {"code": code})
        werkproces = next((w for w in kerntaak.werkprocessen if w.code == code), None)
        if werkproces is None:
            self.fail(_("werkproces %(code)s staat niet in het overzicht van het dossier.") % {"code": code})
        if werkproces.has_body:
            self.fail(_("werkproces %(code)s komt twee keer voor.") % {"code": code})
        werkproces.titel = match["titel"]
        werkproces.has_body = True
        self.heading_lines[werkproces.code] = self.line_number
        self.werkproces = werkproces
        self.section, self.aanvulling = None, BASIS
        self.sections_seen = set()
        return True

    def start_profiel(self, line: str) -> bool:
        profiel = self.profiel_heading(line)
        if profiel is None:
            # Before the first kerntaak of a profiel a 'P<n> <naam>' line can only be a profiel heading;
            # inside a kerntaak only an exact heading counts, anything else is text.
            if self.kerntaak is not None or not PROFIEL_LINE_RE.match(line):
                return False
            self.fail(_("onbekend profiel '%(profiel)s'.") % {"profiel": line})
        self.flush()
        if profiel.has_profieldeel_text:
            self.fail(_("het profieldeel van %(profiel)s komt twee keer voor.") % {"profiel": line})
        profiel.has_profieldeel_text = True
        self.profiel = profiel
        self.kerntaak = self.werkproces = None
        self.section = None
        self.sections_seen = set()
        return True

    def start_generiek(self, line: str) -> bool:
        if line not in GENERIEK_HEADINGS:
            return False
        self.flush()
        soort, niveau = GENERIEK_HEADINGS[line]
        naam = line.split(" (")[0]
        self.generiek = ParsedGeneriek(soort=soort, naam=naam, vanaf_niveau=niveau)
        self.dossier.generiek.append(self.generiek)
        self.section = "generiek"
        self.collector = _Paragraphs()
        return True

    def start_aanvulling(self, naam: str) -> None:
        profiel = next((p for p in self.dossier.profielen if p.naam.lower() == naam.lower()), None)
        if profiel is None:
            self.fail(_("onbekend profiel '%(naam)s' in 'Voor %(naam)s geldt aanvullend'.") % {"naam": naam})
        if self.kerntaak is None or self.kerntaak.profiel is not None:
            self.fail(_("'Voor %(naam)s geldt aanvullend' staat buiten het basisdeel.") % {"naam": naam})
        if self.section is None:
            self.fail(_("'Voor %(naam)s geldt aanvullend' staat niet onder een kopje.") % {"naam": naam})
        self.flush()
        self.aanvulling = profiel.code
        self.section_line = self.line_number
        self.collector = self.new_collector(self.section)

    def start_section(self, line: str) -> bool:
        if self.werkproces is not None:
            sections = WERKPROCES_SECTIONS
        elif self.kerntaak is not None:
            sections = KERNTAAK_SECTIONS
        elif self.part == "basis":
            sections = BEROEPENGROEP_SECTIONS
        elif self.part == "profiel" and self.profiel is not None:
            sections = PROFIEL_SECTIONS
        else:
            return False
        if line not in sections:
            return False
        self.flush()
        # A werkproces is only ever current inside its kerntaak, so owner is None outside kerntaak and profiel.
        owner = self.werkproces or self.kerntaak or self.profiel
        if owner is not None and line in self.sections_seen:
            # A second 'Omschrijving' would overwrite the first; 'Resultaat' twice is a damaged file too.
            if self.header_line is not None:
                # What looked like a page header was the heading of a second werkproces with this code.
                self.fail_at(self.header_line, _("%(code)s komt twee keer voor.") % {"code": owner.code})
            self.fail(_("het kopje '%(kopje)s' staat twee keer bij %(code)s.") % {"kopje": line, "code": owner.code})
        self.sections_seen.add(line)
        self.section = sections[line]
        self.aanvulling = BASIS
        self.section_line = self.line_number
        self.collector = self.new_collector(self.section)
        return True

    @staticmethod
    def new_collector(section: str) -> _Paragraphs | _Items:
        if section in ("resultaat", "gedrag"):
            return _Items("- ")
        if section == "vakkennis":
            return _Items("§ ")
        return _Paragraphs()

    def text(self, line: str) -> None:
        if self.collector is None:
            if (self.kerntaak is not None or self.profiel is not None) and self.stray is None:
                # Inside a kerntaak every text belongs to a section; dropping it would lose a criterion.
                # Refused at the end, so that a file cut off in a heading is reported as cut off.
                self.stray = (self.line_number, line)
            return  # prose outside any section we keep (Leeswijzer, Typering van de beroepengroep)
        if line == "De beginnend beroepsbeoefenaar:" and self.section == "vakkennis":
            return
        if isinstance(self.collector, _Items):
            if not self.collector.add(line):
                self.fail(_("onverwachte tekst '%(tekst)s'.") % {"tekst": line[:60]})
        else:
            self.collector.add(line)

    # -- competenties -----------------------------------------------------------------------------------

    def handle_competenties_line(self, competenties: list[str], line: str) -> bool:
        starts_something = (
            AANVULLEND_RE.match(line)
            or line.startswith("- ")
            or WERKPROCES_HEAD_RE.match(line)
            or KERNTAAK_HEAD_RE.match(line)
            or line in WERKPROCES_SECTIONS
            or COMPETENTIES_RE.match(line)
            or (self.part == "profiel" and self.profiel_heading(line))
        )
        if starts_something or self.competenties_gap == "blank":
            # After a blank line (without a page break) the list has ended; text that is not a new
            # kopje then stands outside any kopje and is refused by text().
            self.flush_competenties()
            return False
        # A line after a page break continues the list: the PDF wrapped it over two pages.
        competenties.append(line)
        self.competenties_gap = None
        return True

    def flush_competenties(self) -> None:
        if self.competenties is None:
            return
        names = [n.strip() for n in join_wrapped(self.competenties).split(",")]
        self.competenties = None
        for naam in names:
            if len(naam) > 80 or any(mark in naam for mark in ".:;§"):
                # SBB's competence names are short and carry no punctuation: this is other text.
                self.fail_at(
                    self.competenties_line,
                    _("'%(naam)s' is geen competentie; staat er tekst achter 'De onderliggende competenties zijn'?")
                    % {"naam": naam[:60]},
                )
            if naam and naam not in NIETS_EXTRA:
                # the list starts only inside a werkproces, and every change of werkproces flushes it first
                cast(ParsedWerkproces, self.werkproces).competenties.append((naam, self.aanvulling))

    # -- storing what a section collected ---------------------------------------------------------------

    def flush(self) -> None:
        self.flush_competenties()
        collector, self.collector = self.collector, None
        section = self.section
        if collector is None or section is None:
            return
        if isinstance(collector, _Items):
            if not collector.items and not collector.empty_marker and self.aanvulling is not BASIS:
                # The export writes '-' or 'N.v.t.' for 'nothing extra'; nothing at all means lost text.
                self.fail_at(
                    self.section_line,
                    _("onder 'Voor %(naam)s geldt aanvullend' staat niets, ook geen '-' of 'N.v.t.'.")
                    % {"naam": cast(ParsedProfiel, self.dossier.profiel(self.aanvulling)).naam},
                )
            if not collector.items and self.aanvulling is BASIS and section in ("resultaat", "gedrag"):
                self.fail_at(
                    self.section_line,
                    _("onder '%(kopje)s' van werkproces %(code)s staan geen criteria.")
                    % {"kopje": section.capitalize(), "code": cast(ParsedWerkproces, self.werkproces).code},
                )
            self.store_items(section, collector.texts())
        else:
            self.store_text(section, collector.text())

    def store_items(self, section: str, texts: list[str]) -> None:
        # Item lists (vakkennis, resultaat, gedrag) are kopjes of a kerntaak and its werkprocessen only.
        kerntaak = cast(ParsedKerntaak, self.kerntaak)
        if section == "vakkennis":
            kerntaak.vakkennis.extend((tekst, self.aanvulling) for tekst in texts)
            return
        profiel = self.aanvulling if self.aanvulling is not BASIS else kerntaak.profiel
        for tekst in texts:
            cast(ParsedWerkproces, self.werkproces).criteria.append(
                ParsedCriterium(soort=section, tekst=tekst, profiel=profiel)
            )

    def store_text(self, section: str, tekst: str) -> None:
        if tekst in NIETS_EXTRA:
            tekst = ""
        if self.generiek is not None and section == "generiek":
            self.generiek.tekst = tekst
        elif self.werkproces is not None:
            if self.aanvulling is BASIS:
                self.werkproces.omschrijving = tekst
            elif tekst:
                self.werkproces.aanvullingen[self.aanvulling] = _append(
                    self.werkproces.aanvullingen.get(self.aanvulling, ""), tekst
                )
        elif self.kerntaak is not None:
            if self.aanvulling is BASIS:
                setattr(self.kerntaak, section, tekst)
            elif tekst:
                aanvullingen = self.kerntaak.aanvullingen.setdefault(self.aanvulling, {})
                aanvullingen[section] = _append(aanvullingen.get(section, ""), tekst)
        elif self.profiel is not None:
            self.store_profiel_field(self.profiel, section, tekst)
        elif section in BEROEPENGROEP_SECTIONS.values():
            setattr(self.dossier, section, tekst)

    def store_profiel_field(self, profiel: ParsedProfiel, section: str, tekst: str) -> None:
        if section == "niveau":
            if not tekst.isdigit():
                self.fail(_("mbo-niveau '%(tekst)s' is geen getal.") % {"tekst": tekst})
            profiel.niveau = int(tekst)
        elif section in ("wettelijke_beroepsvereisten", "branchevereisten"):
            setattr(profiel, section, {"Ja": True, "Nee": False}.get(tekst))
        else:
            setattr(profiel, section, tekst)


def _append(earlier: str, tekst: str) -> str:
    """A second 'Voor <profiel> geldt aanvullend' under the same kopje adds a paragraph."""
    return f"{earlier}\n\n{tekst}" if earlier else tekst


def _check_complete(dossier: ParsedDossier, overview_lines: dict[str, int], heading_lines: dict[str, int]) -> None:
    """A dossier must carry full text for the basisdeel and for every profiel it was exported for."""
    if not dossier.profielen:
        raise DossierParseError(_("Het overzicht noemt geen profielen."))
    full_text = {None, *dossier.exported_for}
    for kerntaak in dossier.kerntaken:
        if kerntaak.profiel not in full_text:
            continue
        if not kerntaak.has_body:
            raise DossierParseError(
                _(
                    "Het bestand is onvolledig: de tekst van kerntaak %(code)s ontbreekt "
                    "(in het overzicht op regel %(regel)d)."
                )
                % {"code": kerntaak.code, "regel": overview_lines[kerntaak.code]}
            )
        for werkproces in kerntaak.werkprocessen:
            eigen = [c for c in werkproces.criteria if c.profiel == kerntaak.profiel]
            missing = [
                label
                for label, present in (
                    (_("tekst"), werkproces.has_body),
                    (_("omschrijving"), werkproces.omschrijving),
                    (_("resultaat"), any(c.soort == "resultaat" for c in eigen)),
                    (_("gedrag"), any(c.soort == "gedrag" for c in eigen)),
                    (_("competenties"), any(owner is BASIS for _naam, owner in werkproces.competenties)),
                )
                if not present
            ]
            if missing:
                where = (
                    _("het werkproces begint op regel %(regel)d") % {"regel": heading_lines[werkproces.code]}
                    if werkproces.code in heading_lines
                    else _("in het overzicht op regel %(regel)d") % {"regel": overview_lines[werkproces.code]}
                )
                raise DossierParseError(
                    _("Het bestand is onvolledig: bij werkproces %(code)s ontbreekt %(wat)s (%(waar)s).")
                    % {"code": werkproces.code, "wat": ", ".join(missing), "waar": where}
                )


def _remove_soft_hyphens(value: object) -> object:
    """No stored text keeps a soft hyphen; join_wrapped already closed up the words they split."""
    if isinstance(value, str):
        return value.replace(SOFT_HYPHEN, "")
    if isinstance(value, list):
        value[:] = [_remove_soft_hyphens(item) for item in value]
    elif isinstance(value, tuple):
        return tuple(_remove_soft_hyphens(item) for item in value)
    elif isinstance(value, dict):
        for key in value:
            value[key] = _remove_soft_hyphens(value[key])
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            setattr(value, name, _remove_soft_hyphens(getattr(value, name)))
    return value

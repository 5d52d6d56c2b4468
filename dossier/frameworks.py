"""One version of a kwalificatiedossier as a competency framework for another tool, for one profiel.

Two formats: Mahara's SmartEvidence `.matrix` (JSON) and the CSV that Moodle's `tool_lpimportcsv`
imports. Both hold exactly what applies to a student of the profiel (`dossier.selectors`): the basisdeel
plus the profiel's kerntaken and aanvullingen. The builders are pure functions of the dossier row and
the profiel and read in a fixed number of queries.

The file text is Dutch whatever the user's language: it is the dossier's own text, and every user (page
or API) gets the same bytes for the same version and profiel.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Prefetch
from django.utils.text import slugify

from dossier import selectors
from dossier.models import Criterium, Kerntaak, KerntaakAanvulling, Kwalificatiedossier, Profiel, Werkproces

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _ProfielAanvullingen(TypedDict):
    profiel_aanvullingen: list[KerntaakAanvulling]


# The portal's default beoordelingsschaal, in order (the values of assessment.models.Niveau; dossier does
# not import assessment, which depends on it).
SCALE = ("onvoldoende", "voldoende", "goed")

SOORT_PREFIX: dict[str, str] = {Criterium.Soort.RESULTAAT: "R", Criterium.Soort.GEDRAG: "G"}
SOORT_NAAM: dict[str, str] = {Criterium.Soort.RESULTAAT: "Resultaat", Criterium.Soort.GEDRAG: "Gedrag"}

# Field sizes of the receiving tables: Mahara's framework_standard(_element) shortname char(100) and
# name char(255) (htdocs/module/framework/db/install.xml); Moodle's shortname and idnumber, which the
# importer shortens to 100 characters itself, mid-word.
MAHARA_SHORTNAME = 100
MAHARA_NAME = 255
MOODLE_SHORTNAME = 100


@dataclass(frozen=True)
class Formaat:
    code: str
    label: str
    extension: str
    content_type: str
    build: Callable[[Kwalificatiedossier, Profiel], bytes]


@dataclass(frozen=True)
class FrameworkFile:
    filename: str
    content_type: str
    content: bytes


def framework_file(*, dossier: Kwalificatiedossier, profiel: Profiel, formaat: str) -> FrameworkFile:
    """The export in `formaat` ("mahara" or "moodle"); a profiel of another dossier is a ValueError."""
    if profiel.dossier_id != dossier.pk:
        raise ValueError(f"Profiel {profiel.pk} hoort niet bij dossier {dossier.pk}.")
    spec = FORMATEN[formaat]
    return FrameworkFile(
        filename=export_filename(dossier, profiel, spec.extension),
        content_type=spec.content_type,
        content=spec.build(dossier, profiel),
    )


def export_filename(dossier: Kwalificatiedossier, profiel: Profiel, extension: str) -> str:
    """commercie-23064-P3.matrix; a later version carries its volgnummer: commercie-23064-v2-P3.csv."""
    return f"{slugify(dossier.naam) or 'dossier'}-{dossier.crebo}{_version_suffix(dossier)}-{profiel.code}.{extension}"


# -- Mahara SmartEvidence ------------------------------------------------------------------------------


def mahara_matrix(dossier: Kwalificatiedossier, profiel: Profiel) -> bytes:
    """A SmartEvidence framework: one standard per werkproces, one standard element per criterium.

    Follows the "new style" .matrix files of Mahara, htdocs/module/framework/matrices/ptc_nz.matrix and
    nz_teaching_standards_english.matrix: standards and standardelements are two lists under
    "framework", an element names its standard by "standardid" (read by
    PluginModuleFramework::matrix_is_valid_json in htdocs/module/framework/lib.php). The four
    evidencestatuses keys are the fixed ones lib.php knows (begun, incomplete, partialcomplete,
    completed); only their names are ours.
    """
    standards = []
    elements = []
    for standardid, werkproces in enumerate(_werkprocessen(dossier, profiel), start=1):
        standards.append(
            {
                "shortname": _cut(werkproces.code, MAHARA_SHORTNAME),
                "name": _cut(werkproces.titel, MAHARA_NAME),
                "description": _html(*_werkproces_text(werkproces)),
                "standardid": standardid,
            }
        )
        for shortname, criterium in _numbered(werkproces):
            elements.append(
                {
                    "shortname": shortname,
                    "name": _cut(criterium.tekst, MAHARA_NAME),
                    "description": _html(*_criterium_text(werkproces, criterium)),
                    "standardid": standardid,
                    "elementid": shortname,
                }
            )
    matrix = {
        "framework": {
            "institution": "all",
            "name": _cut(_framework_name(dossier, profiel), MAHARA_NAME),
            "description": _html(_framework_description(dossier, profiel)),
            "selfassess": False,
            "evidencestatuses": [
                {"begun": "Klaar voor beoordeling"},
                {"incomplete": "Onvoldoende: voldoet niet aan het criterium"},
                {"partialcomplete": "Voldoet gedeeltelijk aan het criterium"},
                {"completed": "Voldoende of goed: voldoet aan het criterium"},
            ],
            "standards": standards,
            "standardelements": elements,
        }
    }
    return (json.dumps(matrix, ensure_ascii=False, indent=2) + "\n").encode()


# -- Moodle competency framework -----------------------------------------------------------------------

# The headers of tool_lpimportcsv, in its order (framework_importer::list_required_headers and the
# strings in admin/tool/lpimportcsv/lang/en/tool_lpimportcsv.php); the importer reads columns by position.
MOODLE_HEADER = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
FORMAT_HTML = "1"  # Moodle's FORMAT_HTML
MOODLE_TAXONOMIES = "domain,competency,indicator"  # kerntaak, werkproces, criterium


def moodle_scale_configuration() -> str:
    """Default "voldoende"; "voldoende" and "goed" are proficient.

    The first object carries the scale id, which the importer replaces by the id of the global scale
    with exactly these values (creating it when missing); core_competency requires one default and at
    least one proficient value (competency_framework::validate_scaleconfiguration).
    """
    config: list[dict] = [{"scaleid": "0"}]
    for position, value in enumerate(SCALE, start=1):
        config.append(
            {"id": position, "scaledefault": int(value == "voldoende"), "proficient": int(value != "onvoldoende")}
        )
    return json.dumps(config, separators=(",", ":"))


def moodle_csv(dossier: Kwalificatiedossier, profiel: Profiel) -> bytes:
    """A competency framework: the framework row, then kerntaken → werkprocessen → criteria.

    Follows admin/tool/lpimportcsv (classes/framework_importer.php and framework_exporter.php in
    Moodle): the row with "Is framework" set is the framework; the others are competencies, and those
    whose "Parent ID number" is empty are its top level (add_children($framework, '')), so kerntaken
    have no parent id. Competencies inherit the framework's scale. Rule columns as the exporter writes
    them for a competency without a rule.
    """
    werkprocessen: dict[int, list[Werkproces]] = {}
    for werkproces in _werkprocessen(dossier, profiel):
        werkprocessen.setdefault(werkproces.kerntaak_id, []).append(werkproces)

    rows: list[Iterable[str]] = [MOODLE_HEADER]
    rows.append(
        [
            "",
            _moodle_framework_id(dossier, profiel),
            _cut(_framework_name(dossier, profiel), MOODLE_SHORTNAME),
            _html(_framework_description(dossier, profiel)),
            FORMAT_HTML,
            ",".join(SCALE),
            moodle_scale_configuration(),
            "",
            "",
            "",
            "",
            "",
            "1",
            MOODLE_TAXONOMIES,
        ]
    )
    for kerntaak in _kerntaken(dossier, profiel):
        rows.append(_competency("", kerntaak.code, f"{kerntaak.code} {kerntaak.titel}", _kerntaak_text(kerntaak)))
        for werkproces in werkprocessen.get(kerntaak.pk, []):
            rows.append(
                _competency(
                    kerntaak.code,
                    werkproces.code,
                    f"{werkproces.code} {werkproces.titel}",
                    _werkproces_text(werkproces),
                )
            )
            for idnumber, criterium in _numbered(werkproces):
                rows.append(
                    _competency(
                        werkproces.code,
                        idnumber,
                        f"{idnumber} {criterium.tekst}",
                        _criterium_text(werkproces, criterium),
                    )
                )
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _competency(parent: str, idnumber: str, shortname: str, description: Iterable[str]) -> list[str]:
    # No own scale (the framework's), no rule: rule outcome 0 and rule config "null", as the exporter writes.
    no_scale_no_rule = ["", "", "", "0", "null", "", "", "", ""]
    return [parent, idnumber, _cut(shortname, MOODLE_SHORTNAME), _html(*description), FORMAT_HTML, *no_scale_no_rule]


def _moodle_framework_id(dossier: Kwalificatiedossier, profiel: Profiel) -> str:
    # Unique per site in Moodle, so a later version of the dossier imports as a framework of its own.
    return f"{dossier.crebo}{_version_suffix(dossier)}-{profiel.code}"


FORMATEN: dict[str, Formaat] = {
    "mahara": Formaat("mahara", "Mahara SmartEvidence (.matrix)", "matrix", "application/json", mahara_matrix),
    "moodle": Formaat("moodle", "Moodle competentieraamwerk (.csv)", "csv", "text/csv; charset=utf-8", moodle_csv),
}


# -- what both read ------------------------------------------------------------------------------------


def _werkprocessen(dossier: Kwalificatiedossier, profiel: Profiel) -> list[Werkproces]:
    """Werkprocessen with the criteria and aanvullingen for `profiel`: four queries, whatever the size."""
    return list(selectors.werkproces_list(dossier=dossier, profiel=profiel))


def _kerntaken(
    dossier: Kwalificatiedossier, profiel: Profiel
) -> "list[WithAnnotations[Kerntaak, _ProfielAanvullingen]]":
    return list(
        selectors.kerntaak_list(dossier=dossier, profiel=profiel).prefetch_related(
            Prefetch(
                "aanvullingen",
                queryset=KerntaakAanvulling.objects.filter(profiel=profiel).select_related("profiel"),
                to_attr="profiel_aanvullingen",
            )
        )
    )


def _numbered(werkproces: Werkproces) -> list[tuple[str, Criterium]]:
    """B1-K1-W1.R1, .R2, … .G1, …: basisdeel criteria first, then the profiel's, as the dossier lists them.

    Numbers are positions within this profiel's list, so they match the beoordelingsformulier of a
    student of this profiel; they are not stable across versions (Criterium.sleutel is).
    """
    counters = dict.fromkeys(SOORT_PREFIX, 0)
    numbered = []
    for criterium in werkproces.criteria.all():
        counters[criterium.soort] += 1
        numbered.append((f"{werkproces.code}.{SOORT_PREFIX[criterium.soort]}{counters[criterium.soort]}", criterium))
    return numbered


def _framework_name(dossier: Kwalificatiedossier, profiel: Profiel) -> str:
    return f"{dossier.naam} {dossier.crebo} ({_version_text(dossier)}) – {profiel.code} {profiel.naam}"


def _framework_description(dossier: Kwalificatiedossier, profiel: Profiel) -> str:
    kwalificatie = f"{profiel.code} {profiel.naam}" + (f" (crebo {profiel.crebo})" if profiel.crebo else "")
    return (
        f"Kwalificatiedossier {dossier.naam} (crebo {dossier.crebo}, {_version_text(dossier)}), "
        f"profiel {kwalificatie}: de werkprocessen en criteria die voor een student van dit profiel gelden, "
        "namelijk het basisdeel plus de kerntaken en aanvullingen van het profiel."
    )


def _kerntaak_text(kerntaak: "WithAnnotations[Kerntaak, _ProfielAanvullingen]") -> list[str]:
    parts = [kerntaak.titel]
    if kerntaak.complexiteit:
        parts.append(f"Complexiteit: {kerntaak.complexiteit}")
    if kerntaak.verantwoordelijkheid:
        parts.append(f"Verantwoordelijkheid en zelfstandigheid: {kerntaak.verantwoordelijkheid}")
    for aanvulling in kerntaak.profiel_aanvullingen:
        extra = " ".join(t for t in (aanvulling.complexiteit, aanvulling.verantwoordelijkheid) if t)
        if extra:
            parts.append(f"Voor {aanvulling.profiel.naam} geldt aanvullend: {extra}")
    return parts


def _werkproces_text(werkproces: Werkproces) -> list[str]:
    parts = [werkproces.omschrijving] if werkproces.omschrijving else []
    parts += [f"Voor {a.profiel.naam} geldt aanvullend: {a.omschrijving}" for a in werkproces.aanvullingen.all()]
    return parts


def _criterium_text(werkproces: Werkproces, criterium: Criterium) -> list[str]:
    parts = [f"{SOORT_NAAM[criterium.soort]}: {criterium.tekst}"]
    if criterium.profiel_id is not None and werkproces.kerntaak.profiel_id is None:
        profiel = cast(Profiel, criterium.profiel)  # set: profiel_id is
        parts.append(f"Aanvulling voor {profiel.code} {profiel.naam}.")
    return parts


def _version_suffix(dossier: Kwalificatiedossier) -> str:
    return f"-v{dossier.volgnummer}" if dossier.volgnummer > 1 else ""


def _version_text(dossier: Kwalificatiedossier) -> str:
    # Not Kwalificatiedossier.versie_label: that one is translated, and the file is the same for everyone.
    return f"versie {dossier.versie or dossier.volgnummer}"


def _html(*paragraphs: str) -> str:
    return "".join(f"<p>{escape(p, quote=False).replace(chr(10), '<br>')}</p>" for p in paragraphs if p)


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis, rather than mid-word by the importer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"

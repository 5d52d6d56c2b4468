"""Assessment rules as pure functions: scales, werkproces results and kerntaak results.

No database access and no models: callers turn Beoordelingsvoorschrift, scores and Vaststellingen into
the plain values these functions take. Whether a beoordeling is formatief or examen is the caller's
concern; only final (vastgestelde) exam results feed `kerntaak_outcome`.
"""

from .kerntaak import KerntaakOutcome, TeltPoging, counting_uitslag, kerntaak_outcome, validate_kerntaak_cijfers
from .scales import DEFAULT_SCALE_CODE, NOOIT_OEFENEN, OVG, PUNTEN, SCALES, Level, Niveau, Scale, get_scale
from .werkproces import IncompleteScores, PassRule, WerkprocesOutcome, WerkprocesRule, werkproces_outcome

__all__ = [
    "DEFAULT_SCALE_CODE",
    "NOOIT_OEFENEN",
    "OVG",
    "PUNTEN",
    "SCALES",
    "IncompleteScores",
    "KerntaakOutcome",
    "Level",
    "Niveau",
    "PassRule",
    "Scale",
    "TeltPoging",
    "WerkprocesOutcome",
    "WerkprocesRule",
    "counting_uitslag",
    "get_scale",
    "kerntaak_outcome",
    "validate_kerntaak_cijfers",
    "werkproces_outcome",
]

"""Diploma rules (art. 17 WEB examenbesluit, DOMAIN.md §2) as pure functions.

No database access and no models: the caller builds a `Facts` from the student's results, picks the
Regelset for the niveau and cohort with `choose`, and passes its `checks` JSON to `evaluate`. Each check
is a named function in `CHECKS`; a new law is a new rule set naming (possibly new) checks, never an edit
of an old check. Niveau 2/3 before cohort 2022-23 has no rule set: DOMAIN.md gives no source for it.
"""

from .beroeps import check_bpv, check_kerntaken
from .engine import CHECKS, Outcome, Readiness, RegelsetLike, choose, evaluate
from .facts import Eindwaardering, Facts, Keuzedeel, Onderdeel, afgerond, eindcijfer
from .generiek import (
    check_loopbaan_burgerschap,
    check_nl_en_rekenen_2022,
    check_nl_en_voor_2022,
    check_nl_rekenen_2022,
    check_rekenen_voldaan_entree,
)
from .keuzedelen import check_entree_keuzedeel, check_keuzedelen_2020, check_keuzedelen_afgelegd
from .results import CheckResult, Status

# Raise when a rule, one of its texts, or how the facts are read changes what a readiness computes: every stored
# readiness is computed again (diploma.selectors grondslag). tests/diploma/test_rules_version.py fails when that code
# changes without a new version; a comment or docstring edit is no change.
RULES_VERSION = 1

__all__ = [
    "CHECKS",
    "CheckResult",
    "Eindwaardering",
    "Facts",
    "Keuzedeel",
    "Onderdeel",
    "Outcome",
    "RULES_VERSION",
    "Readiness",
    "RegelsetLike",
    "Status",
    "afgerond",
    "check_bpv",
    "check_entree_keuzedeel",
    "check_keuzedelen_2020",
    "check_keuzedelen_afgelegd",
    "check_kerntaken",
    "check_loopbaan_burgerschap",
    "check_nl_en_rekenen_2022",
    "check_nl_en_voor_2022",
    "check_nl_rekenen_2022",
    "check_rekenen_voldaan_entree",
    "choose",
    "eindcijfer",
    "evaluate",
]

"""What the SBB text export does not carry: the crebo codes and name of known dossiers.

Source: Regeling vaststelling kwalificatiedossiers mbo 2015 (see DOMAIN.md §1). A dossier is
recognised by the names of its profielen; an unknown dossier needs --crebo and --naam.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownDossier:
    crebo: str
    naam: str
    profielen: dict[str, tuple[str, str, int]]  # code -> (naam, crebo, mbo-niveau)


KNOWN_DOSSIERS = [
    KnownDossier(
        crebo="23064",
        naam="Commercie",
        profielen={
            "P1": ("Commercieel medewerker", "25134", 3),
            "P2": ("Contactcenter medewerker", "25135", 3),
            "P3": ("Intercedent", "25136", 4),
            "P4": ("(Junior) accountmanager", "25132", 4),
            "P5": ("Assistent-manager internationale handel", "25133", 4),
            "P6": ("Vestigingsmanager groothandel", "25137", 4),
        },
    ),
]


def find_known_dossier(profielen: dict[str, str]) -> KnownDossier | None:
    """The known dossier whose profielen (code -> naam) are exactly these."""
    for known in KNOWN_DOSSIERS:
        if {code: naam for code, (naam, _, _) in known.profielen.items()} == profielen:
            return known
    return None

"""Every write to beoordelingen, pogingen and vaststellingen; who may do what is checked here."""

from assessment.services.beoordelingen import (
    beoordeling_save,
    beoordeling_start,
    beoordeling_submit,
)
from assessment.services.checks import (
    StaleWrite,
)
from assessment.services.pogingen import (
    poging_accept,
    poging_correct,
    poging_herkansing,
    poging_propose,
    poging_vaststellen,
    poging_voorleggen,
    pogingen_vaststellen,
)
from assessment.services.versions import (
    inschrijvingen_move_version,
)
from assessment.services.voorschrift import (
    voorschrift_save,
)

__all__ = [
    "StaleWrite",
    "beoordeling_save",
    "beoordeling_start",
    "beoordeling_submit",
    "inschrijvingen_move_version",
    "poging_accept",
    "poging_correct",
    "poging_herkansing",
    "poging_propose",
    "poging_vaststellen",
    "poging_voorleggen",
    "pogingen_vaststellen",
    "voorschrift_save",
]

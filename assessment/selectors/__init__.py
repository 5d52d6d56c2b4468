"""Reads for assessment, scoped to the user: a beoordelaar sees only the students assigned to them."""

from assessment.selectors.beoordelingen import (
    OPEN_POGING,
    QUEUE_STATUSES,
    beoordeling_detail,
    beoordeling_list,
    evidence_per_criterium,
    is_assessor_of,
    queue,
    queue_cohorts,
    queue_count,
    queue_is_default,
)
from assessment.selectors.pogingen import (
    may_read_poging_history,
    own_beoordeling,
    poging_history,
    poging_list,
    poging_page,
    poging_visible,
    sees_agreed_scores,
    sees_submitted_scores,
    vast_te_stellen,
    vaststelling_list,
)
from assessment.selectors.results import (
    ExamResults,
    exam_results,
    feedback_rows,
    final_niveaus,
    final_niveaus_of,
    kerntaak_results,
    released_feedback,
)
from assessment.selectors.versions import (
    MovePreview,
    move_preview,
    newer_versions,
)
from assessment.selectors.voorschrift import (
    applicable_criteria,
    voorschrift_for,
    voorschrift_uses,
    werkproces_rule,
)
from assessment.selectors.waiting import (
    RECENT,
    awaiting,
)

__all__ = [
    "ExamResults",
    "MovePreview",
    "OPEN_POGING",
    "QUEUE_STATUSES",
    "RECENT",
    "applicable_criteria",
    "awaiting",
    "beoordeling_detail",
    "beoordeling_list",
    "evidence_per_criterium",
    "exam_results",
    "feedback_rows",
    "final_niveaus",
    "final_niveaus_of",
    "is_assessor_of",
    "kerntaak_results",
    "may_read_poging_history",
    "move_preview",
    "newer_versions",
    "own_beoordeling",
    "poging_history",
    "poging_list",
    "poging_page",
    "poging_visible",
    "queue",
    "queue_cohorts",
    "queue_count",
    "queue_is_default",
    "released_feedback",
    "sees_agreed_scores",
    "sees_submitted_scores",
    "vast_te_stellen",
    "vaststelling_list",
    "voorschrift_for",
    "voorschrift_uses",
    "werkproces_rule",
]

"""Reads of the diploma app: a student's readiness and the stored one (readiness), a cohort's (cohort), the reports
a user sees (reports)."""

from diploma.selectors.cohort import (
    cohort_conditions,
    cohort_overview,
    cohort_overview_streamed,
    cohort_readiness,
    cohort_readiness_page,
    cohort_readiness_with_facts,
)
from diploma.selectors.readiness import (
    OVERVIEW_STALE_MAX,
    STORED_FORMAT,
    ConditionResult,
    ReadinessRecord,
    StudentReadiness,
    cohort_size,
    facts_for,
    facts_of,
    keuzedeel_catalogus,
    readiness_for,
    readiness_records,
    stale_inschrijving_ids,
    student_readiness,
)
from diploma.selectors.reports import (
    report_list,
)

__all__ = [
    "ConditionResult",
    "OVERVIEW_STALE_MAX",
    "ReadinessRecord",
    "STORED_FORMAT",
    "StudentReadiness",
    "cohort_conditions",
    "cohort_overview",
    "cohort_overview_streamed",
    "cohort_readiness",
    "cohort_readiness_page",
    "cohort_readiness_with_facts",
    "cohort_size",
    "facts_for",
    "facts_of",
    "keuzedeel_catalogus",
    "readiness_for",
    "readiness_records",
    "report_list",
    "stale_inschrijving_ids",
    "student_readiness",
]

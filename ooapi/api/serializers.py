"""The OOAPI v5 shapes (Person, ComponentOffering, ComponentOfferingAssociation, Result, Service), with the
attributes of the mbo profile's `nl-test-admin` consumer (NED-OOAPI, flows 1 and 5). Mapping: docs/ooapi.md."""

import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings

from assessment.models import Niveau
from ooapi import ids
from ooapi.ids import Exam
from ooapi.selectors import Association, Offering, Uitslag
from portfolio.models import Inschrijving

CONSUMER = "nl-test-admin"
LANGUAGE = "nl-NL"
SPECIFICATION = "https://open-education-api.github.io/specification/v5/docs.html"
DOCUMENTATION = "https://netwerkexamineringdigitalisering.github.io/NED-OOAPI/"
# The portal records no end for a cohort; four school years is the longest nominal mbo course. An offering's
# period is informative: a result dated after it is published all the same.
SCHOOL_YEARS = 4
# The legal unit is the kerntaak (DOMAIN §2): it carries the whole weight, its werkprocessen feed it by rule.
WEIGHT = {Exam.KERNTAAK: 100, Exam.WERKPROCES: 0}
PASSED = {Niveau.ONVOLDOENDE: "failed", Niveau.VOLDOENDE: "passed", Niveau.GOED: "passed"}


def _text(value: str) -> list[dict]:
    return [{"language": LANGUAGE, "value": value}]


def service_output() -> dict:
    return {
        "contactEmail": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "specification": SPECIFICATION,
        "documentation": DOCUMENTATION,
        "consumers": [{"consumerKey": CONSUMER}],
    }


def person_output(inschrijving: Inschrijving) -> dict:
    student = inschrijving.student
    return {
        "personId": ids.person_id(inschrijving.pk),
        "primaryCode": {"codeType": "studentNumber", "code": inschrijving.studentnummer},
        "givenName": student.first_name,
        "surname": student.last_name,
        "displayName": student.get_full_name() or student.username,
        "activeEnrollment": student.is_active,
        "affiliations": ["student"],
        "mail": student.email,
        "otherCodes": [{"codeType": "userName", "code": student.username}],
    }


def _result_value_type(offering: Offering) -> str:
    if offering.examen.soort == Exam.KERNTAAK and offering.voorschrift.kerntaak_cijfers:
        return "1-10"
    return "pass-or-fail"


def offering_period(cohort) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first school day of the cohort's first year to the end of its fourth school year."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime(cohort.startjaar, 8, 1, tzinfo=zone)
    end = datetime.datetime(cohort.startjaar + SCHOOL_YEARS, 7, 31, 23, 59, 59, tzinfo=zone)
    return start, end


def offering_output(offering: Offering) -> dict:
    cohort, examen = offering.cohort, offering.examen
    kerntaak = examen.kerntaak
    start, end = offering_period(cohort)
    return {
        "offeringId": ids.offering_id(cohort.pk, examen.soort, examen.code),
        "primaryCode": {
            "codeType": "offeringCode",
            "code": f"{examen.code} {cohort.opleiding.naam} {cohort.schooljaar}",
        },
        "offeringType": "component",
        "name": _text(f"{examen.code} {examen.titel}"),
        "abbreviation": examen.code,
        "description": _text(examen.omschrijving or examen.titel),
        "teachingLanguage": "nld",
        "resultExpected": True,
        "resultValueType": _result_value_type(offering),
        "resultWeight": WEIGHT[examen.soort],
        "startDateTime": start.isoformat(),
        "endDateTime": end.isoformat(),
        "consumers": [
            {
                "consumerKey": CONSUMER,
                "offeringState": "active",
                "cohort": cohort.schooljaar,
                "finalResultAllowed": True,
            }
        ],
        "ext": {
            "examType": "kerntaak" if examen.soort == Exam.KERNTAAK else "werkproces",
            "kerntaakCode": kerntaak.code,
            "profielCode": kerntaak.profiel.code if kerntaak.profiel is not None else None,
            "crebo": kerntaak.dossier.crebo,
            "dossierVersion": kerntaak.dossier.volgnummer,
        },
    }


def _result(uitslag: Uitslag, offering: Offering) -> dict:
    score = str(uitslag.cijfer) if _result_value_type(offering) == "1-10" else uitslag.niveau
    return {
        "state": "completed",
        "pass": PASSED[Niveau(uitslag.niveau)],
        "score": score,
        "resultDate": uitslag.datum.isoformat(),
        "weight": WEIGHT[offering.examen.soort],
        # Vastgesteld by (the coordinator for) the examencommissie: final in the profile's sense.
        "consumers": [{"consumerKey": CONSUMER, "attendance": "present", "final": True}],
    }


def association_output(
    association: Association, *, person: dict | str | None = None, offering: dict | str | None = None
):
    examen = association.offering.examen
    data: dict = {
        "associationId": ids.association_id(association.inschrijving.pk, examen.soort, examen.code),
        "associationType": "componentOfferingAssociation",
        "role": "student",
        "state": "associated",
    }
    if association.uitslag is not None:
        if association.uitslag.poging is not None:
            data["consumers"] = [{"consumerKey": CONSUMER, "attempt": association.uitslag.poging}]
        data["result"] = _result(association.uitslag, association.offering)
    if person is not None:
        data["person"] = person
    if offering is not None:
        data["offering"] = offering
    return data


def page_output(items: list, *, page_size: int, page_number: int, total: int) -> dict:
    pages = max(1, -(-total // page_size))
    return {
        "pageSize": page_size,
        "pageNumber": page_number,
        "hasPreviousPage": page_number > 1,
        "hasNextPage": page_number < pages,
        "totalPages": pages,
        "items": items,
    }

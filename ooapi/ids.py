"""OOAPI ids: stable UUIDs that carry what they name, so no table maps them and a lookup is one query.

An id is an RFC 9562 version-8 (custom) UUID. From the most significant bit: 8 bits for the kind (person,
offering, association), 40 bits for a row id (the enrolment or the cohort), the version nibble, 12 bits for
the exam kind (kerntaak or werkproces), the variant bits and 62 bits of a uuid5 hash of the exam code.
Exams are named by code, not by row, as results are everywhere in the portal: an id stays the same when a
cohort or a student moves to a newer version of the dossier. A lookup decodes the row id and compares the
hash with the few exam codes of that row's dossier version.
"""

import re
import uuid
from dataclasses import dataclass
from enum import IntEnum

NAMESPACE = uuid.UUID("514699de-a374-4827-a18d-ee0c653ff240")
CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
PK_BITS = 40
HASH_BITS = 62
VERSION = 8


class Kind(IntEnum):
    PERSON = 1
    OFFERING = 2
    ASSOCIATION = 3


class Exam(IntEnum):
    NONE = 0
    KERNTAAK = 1
    WERKPROCES = 2


@dataclass(frozen=True)
class Ref:
    kind: Kind
    pk: int
    exam: Exam = Exam.NONE
    code_hash: int = 0

    def names(self, exam: Exam, code: str) -> bool:
        return self.exam == exam and self.code_hash == code_hash(code)


class MalformedId(ValueError):
    """Not a UUID at all (a 400); a UUID that names nothing of ours decodes to None (a 404)."""


def code_hash(code: str) -> int:
    return uuid.uuid5(NAMESPACE, code).int & ((1 << HASH_BITS) - 1)


def encode(kind: Kind, pk: int, exam: Exam = Exam.NONE, code: str = "") -> str:
    if not 0 < pk < 1 << PK_BITS:
        raise ValueError(f"id {pk} past de OOAPI-id niet")
    value = (kind << 120) | (pk << 80) | (VERSION << 76) | (exam << 64) | (0b10 << 62)
    if exam != Exam.NONE:
        value |= code_hash(code)
    return str(uuid.UUID(int=value))


def decode(value: str, kind: Kind) -> Ref | None:
    if not CANONICAL.fullmatch(value):
        raise MalformedId(value)
    number = uuid.UUID(value).int
    pk = (number >> 80) & ((1 << PK_BITS) - 1)
    exam = (number >> 64) & 0xFFF
    if number >> 120 != kind or (number >> 76) & 0xF != VERSION or (number >> 62) & 0b11 != 0b10 or not pk:
        return None
    if exam not in tuple(Exam) or (kind == Kind.PERSON) != (exam == Exam.NONE):
        return None
    code = number & ((1 << HASH_BITS) - 1)
    if exam == Exam.NONE and code:
        return None
    return Ref(kind=Kind(kind), pk=pk, exam=Exam(exam), code_hash=code)


def person_id(inschrijving_id: int) -> str:
    return encode(Kind.PERSON, inschrijving_id)


def offering_id(cohort_id: int, exam: Exam, code: str) -> str:
    return encode(Kind.OFFERING, cohort_id, exam, code)


def association_id(inschrijving_id: int, exam: Exam, code: str) -> str:
    return encode(Kind.ASSOCIATION, inschrijving_id, exam, code)

import pytest

from tests.factories import enrolled_student


@pytest.fixture
def student(p3):
    """Not the persona Sanne with her cohort and assessors: one P3 enrolment and nothing around it."""
    return enrolled_student(p3)

import pytest

# The helpers that tests share (tests/factories.py) assert like the tests themselves: pytest rewrites those
# asserts too, so a failing helper reports the values it compared.
pytest.register_assert_rewrite("tests.factories")

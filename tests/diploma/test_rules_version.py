"""Stored readiness is fresh while its grondslag names today's diploma.rules.RULES_VERSION. This test holds the
fingerprint of the code a readiness is computed with, per version: change that code and the test fails until
RULES_VERSION is raised (so every stored readiness is computed again) and the new version is recorded below.
A comment, a docstring or formatting is no change: the fingerprint is taken of the syntax tree without them."""

import ast
import hashlib
import inspect
import textwrap
from pathlib import Path

from assessment import rules as assessment_rules
from assessment import selectors as assessment_selectors
from diploma import rules
from diploma.selectors import readiness as selectors

# RULES_VERSION -> fingerprint of the code below at that version. Add a line; never change an old one.
RECORDED = {
    1: "f0cb1fefec0c653272b3b13fd521046053b2c883bd98f401e5c4c7d6a998b76d",
}

# How facts are read and turned into a readiness, besides the two rules packages.
READERS = (
    selectors.facts_for,
    selectors._keuzedelen,
    selectors.facts_of,
    selectors._readiness,
    selectors._row,
    selectors._Structure,
    assessment_selectors.final_niveaus_of,
)


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    node.body = body[1:] or [ast.Pass()]
    return tree


def _tree(source: str) -> str:
    return ast.dump(_without_docstrings(ast.parse(textwrap.dedent(source))), include_attributes=False)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for package in (rules, assessment_rules):
        assert package.__file__ is not None
        for path in sorted(Path(package.__file__).parent.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(_tree(path.read_text()).encode())
    for reader in READERS:
        digest.update(reader.__qualname__.encode())
        digest.update(_tree(inspect.getsource(reader)).encode())
    return digest.hexdigest()


def test_the_rules_version_is_recorded_with_the_code_it_names():
    current = fingerprint()
    assert rules.RULES_VERSION in RECORDED, (
        f"record RULES_VERSION {rules.RULES_VERSION} in RECORDED with its fingerprint {current!r}"
    )
    assert RECORDED[rules.RULES_VERSION] == current, (
        "the code a readiness is computed with changed: raise diploma.rules.RULES_VERSION (every stored readiness "
        f"is computed again) and record the new version in RECORDED with the fingerprint {current!r}"
    )
    assert len(set(RECORDED.values())) == len(RECORDED), "two versions with the same code"


def test_comments_docstrings_and_formatting_are_no_change():
    plain = "def f(x):\n    return x + 1\n"
    noted = 'def f(x):\n    """Adds one."""\n    # why: the next one\n    return (\n        x + 1\n    )\n'
    assert _tree(plain) == _tree(noted)
    assert _tree(plain) != _tree("def f(x):\n    return x + 2\n")


def test_the_grondslag_names_the_rules_version(monkeypatch, p3, cohort):
    context = selectors._Context()
    before = context.grondslag(p3, cohort.startjaar)
    monkeypatch.setattr(rules, "RULES_VERSION", rules.RULES_VERSION + 1)
    assert selectors._Context().grondslag(p3, cohort.startjaar) != before

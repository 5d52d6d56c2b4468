"""Fails when requirements/lock.txt no longer matches pyproject.toml: run `make lock` after changing a pin.

Offline and cheap (part of `make lint`): every direct dependency of pyproject.toml (runtime and the `dev` extra)
must be in the lock, at exactly its == version, and every package the lock holds for pyproject.toml must still be
a direct dependency there.
"""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
EXTRAS = ["dev"]  # the extras `make lock` compiles

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*(?:;.*)?$")
LOCKED = re.compile(r"^([a-z0-9][a-z0-9._-]*)==([^\s;\\]+)")
VIA_PROJECT = "dossierportaal (pyproject.toml)"


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_requirements() -> dict[str, str]:
    """Name -> version specifier ("==1.2.3", or "" when unpinned) of every direct dependency."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in EXTRAS:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    result: dict[str, str] = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        if match is None:
            sys.exit(f"pyproject.toml: cannot read requirement {requirement!r}")
        result[normalize(match[1])] = match[2].replace(" ", "")
    return result


def locked_packages() -> tuple[dict[str, set[str]], set[str]]:
    """Name -> locked versions, and the names the lock says come straight from pyproject.toml."""
    versions: dict[str, set[str]] = {}
    from_project: set[str] = set()
    current: str | None = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if match := LOCKED.match(line):
            current = normalize(match[1])
            versions.setdefault(current, set()).add(match[2])
        elif current and line.strip().lstrip("#").strip().removeprefix("via ").strip() == VIA_PROJECT:
            from_project.add(current)
    return versions, from_project


def main() -> int:
    if not LOCK.exists():
        print(f"{LOCK.relative_to(ROOT)} ontbreekt: draai `make lock`", file=sys.stderr)
        return 1
    direct = direct_requirements()
    versions, from_project = locked_packages()
    problems = []
    for name, specifier in sorted(direct.items()):
        if name not in versions:
            problems.append(f"{name}{specifier} staat niet in de lock")
        elif specifier.startswith("==") and versions[name] != {specifier[2:]}:
            locked = ", ".join(sorted(versions[name]))
            problems.append(f"{name}{specifier} in pyproject.toml, {locked} in de lock")
    for name in sorted(from_project - direct.keys()):
        problems.append(f"{name} staat in de lock als directe dependency, niet meer in pyproject.toml")
    if problems:
        print(f"{LOCK.relative_to(ROOT)} is verouderd; draai `make lock`:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{LOCK.relative_to(ROOT)}: {len(direct)} directe pins kloppen")
    return 0


if __name__ == "__main__":
    sys.exit(main())

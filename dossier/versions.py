"""Versions of a kwalificatiedossier: criterion identity by content, the diff between two texts, a copy.

Criteria are paired by their text, never by their position: first exact matches, then near-identical
texts (a typo fix, a word added). What is left over is added or removed. The same pairing decides which
database row a criterion of a new text updates, so a row never silently takes another criterion's text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.utils.translation import gettext as _

from dossier.models import (
    Criterium,
    GeneriekOnderdeel,
    Kerntaak,
    KerntaakAanvulling,
    Kwalificatiedossier,
    Profiel,
    Vakkennis,
    Werkproces,
    WerkprocesAanvulling,
    WerkprocesCompetentie,
)

# Two texts this similar are one criterion reworded; below it they are one removed and one added.
NEAR_IDENTICAL = 0.85

# (werkproces code, soort, profiel code or None) → the criteria texts of that list, in order.
type Snapshot = dict[tuple[str, str, str | None], list[str]]


@dataclass(frozen=True)
class Pair:
    old: int | None  # index in the old list, None for an added text
    new: int | None  # index in the new list, None for a removed text
    kind: str  # "same", "moved", "reworded", "added", "removed"


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def match_texts(old: list[str], new: list[str]) -> list[Pair]:
    """Pairs the texts of two versions of one list: exact first, then near-identical, by content."""
    pairs: list[Pair] = []
    free_old = list(range(len(old)))
    free_new = list(range(len(new)))
    for j in list(free_new):
        i = next((i for i in free_old if old[i] == new[j]), None)
        if i is not None:
            free_old.remove(i)
            free_new.remove(j)
            pairs.append(Pair(i, j, "same"))
    candidates = []
    for i in free_old:
        for j in free_new:
            ratio = difflib.SequenceMatcher(None, _normal(old[i]), _normal(new[j]), autojunk=False).ratio()
            if ratio >= NEAR_IDENTICAL:
                candidates.append((ratio, -abs(i - j), i, j))
    for _ratio, _distance, i, j in sorted(candidates, reverse=True):
        if i in free_old and j in free_new:
            free_old.remove(i)
            free_new.remove(j)
            pairs.append(Pair(i, j, "reworded"))
    pairs += [Pair(None, j, "added") for j in free_new]
    pairs += [Pair(i, None, "removed") for i in free_old]
    return _mark_moves(pairs)


def _mark_moves(pairs: list[Pair]) -> list[Pair]:
    """A kept text is 'moved' when its place among the kept texts changed (not merely shifted by an
    insertion or removal above it)."""
    # a "same" pair has both indexes
    kept = sorted((p for p in pairs if p.kind == "same"), key=lambda p: cast(int, p.old))
    stable = set(_longest_increasing([cast(int, p.new) for p in kept]))
    moved = {id(p) for p in kept if p.new not in stable}
    return [Pair(p.old, p.new, "moved") if id(p) in moved else p for p in pairs]


def _longest_increasing(values: list[int]) -> list[int]:
    best: list[list[int]] = []
    for value in values:
        candidates = [seq for seq in best if seq[-1] < value]
        longest = max(candidates, key=len, default=[])
        best.append([*longest, value])
    return max(best, key=len, default=[])


@dataclass
class WerkprocesDiff:
    code: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reworded: list[tuple[str, str]] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.reworded or self.moved)


@dataclass
class DossierDiff:
    werkprocessen: list[WerkprocesDiff] = field(default_factory=list)
    werkprocessen_added: list[str] = field(default_factory=list)
    werkprocessen_removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.werkprocessen or self.werkprocessen_added or self.werkprocessen_removed)

    def counts(self) -> dict[str, int]:
        return {
            "toegevoegd": sum(len(w.added) for w in self.werkprocessen),
            "verwijderd": sum(len(w.removed) for w in self.werkprocessen),
            "anders verwoord": sum(len(w.reworded) for w in self.werkprocessen),
            "verplaatst": sum(len(w.moved) for w in self.werkprocessen),
        }

    def lines(self) -> list[str]:
        """The diff as a Dutch text, per werkproces."""
        out = []
        for code in self.werkprocessen_added:
            out.append(_("%(code)s: nieuw werkproces") % {"code": code})
        for code in self.werkprocessen_removed:
            out.append(_("%(code)s: werkproces niet meer in het dossier") % {"code": code})
        for w in self.werkprocessen:
            out.append(f"{w.code}:")
            out += [f"  + {text}" for text in w.added]
            out += [f"  - {text}" for text in w.removed]
            out += [f"  ~ {old} → {new}" for old, new in w.reworded]
            out += [f"  ↕ {text}" for text in w.moved]
        return out


def criteria_diff(old: Snapshot, new: Snapshot) -> DossierDiff:
    """What changes from `old` to `new`, per werkproces; only the lists in `new` are compared."""
    per_werkproces: dict[str, WerkprocesDiff] = {}
    for key in sorted(new, key=lambda k: (k[0], k[1] != "resultaat", k[2] or "")):
        before, after = old.get(key, []), new[key]
        diff = per_werkproces.setdefault(key[0], WerkprocesDiff(code=key[0]))
        for pair in match_texts(before, after):
            # the kind says which indexes a pair has: only "added" lacks old, only "removed" lacks new
            old_index, new_index = cast(int, pair.old), cast(int, pair.new)
            if pair.kind == "added":
                diff.added.append(after[new_index])
            elif pair.kind == "removed":
                diff.removed.append(before[old_index])
            elif pair.kind == "reworded":
                diff.reworded.append((before[old_index], after[new_index]))
            elif pair.kind == "moved":
                diff.moved.append(after[new_index])
    return DossierDiff(werkprocessen=[d for d in per_werkproces.values() if not d.is_empty])


def snapshot(dossier: Kwalificatiedossier, *, profielen: list[str | None] | None = None) -> Snapshot:
    """The criteria lists of one version in one query; `profielen` limits them (None: basisdeel)."""
    rows = Criterium.objects.filter(werkproces__kerntaak__dossier=dossier).order_by(
        "werkproces__code", "soort", "profiel__code", "volgorde"
    )
    result: Snapshot = defaultdict(list)
    for code, soort, profiel, tekst in rows.values_list("werkproces__code", "soort", "profiel__code", "tekst"):
        if profielen is None or profiel in profielen:
            result[(code, soort, profiel)].append(tekst)
    return dict(result)


def version_diff(old: Kwalificatiedossier, new: Kwalificatiedossier, *, profiel: str | None = None) -> DossierDiff:
    """The diff between two stored versions, for everything or for what applies to one profiel."""
    scope = None if profiel is None else [None, profiel]
    before, after = snapshot(old, profielen=scope), snapshot(new, profielen=scope)
    diff = criteria_diff(before, after)
    old_codes = {k[0] for k in before} | set(
        Werkproces.objects.filter(kerntaak__dossier=old).values_list("code", flat=True)
    )
    new_codes = {k[0] for k in after} | set(
        Werkproces.objects.filter(kerntaak__dossier=new).values_list("code", flat=True)
    )
    diff.werkprocessen_added = sorted(new_codes - old_codes)
    diff.werkprocessen_removed = sorted(old_codes - new_codes)
    for key in before.keys() - after.keys():
        if key[0] in new_codes:
            entry = next((w for w in diff.werkprocessen if w.code == key[0]), None)
            if entry is None:
                entry = WerkprocesDiff(code=key[0])
                diff.werkprocessen.append(entry)
            entry.removed += before[key]
    diff.werkprocessen.sort(key=lambda w: w.code)
    return diff


def version_copy(source: Kwalificatiedossier, *, volgnummer: int, versie: str = "") -> Kwalificatiedossier:
    """A new version with exactly the text of `source` (criteria keep their sleutel), in a fixed number
    of queries; the import then changes the copy, never the frozen source."""
    copy = Kwalificatiedossier.objects.get(pk=source.pk)
    copy.pk = None
    copy.volgnummer = volgnummer
    copy.versie = versie
    copy.save(force_insert=True)

    profielen = _copy_rows(Profiel.objects.filter(dossier=source), dossier=copy)
    kerntaken = _copy_rows(
        Kerntaak.objects.filter(dossier=source), dossier=copy, profiel_id=_mapped(profielen, "profiel_id")
    )
    _copy_rows(
        KerntaakAanvulling.objects.filter(kerntaak__dossier=source),
        kerntaak_id=_mapped(kerntaken, "kerntaak_id"),
        profiel_id=_mapped(profielen, "profiel_id"),
    )
    _copy_rows(
        Vakkennis.objects.filter(kerntaak__dossier=source),
        kerntaak_id=_mapped(kerntaken, "kerntaak_id"),
        profiel_id=_mapped(profielen, "profiel_id"),
    )
    werkprocessen = _copy_rows(
        Werkproces.objects.filter(kerntaak__dossier=source), kerntaak_id=_mapped(kerntaken, "kerntaak_id")
    )
    for model in (WerkprocesAanvulling, Criterium, WerkprocesCompetentie):
        _copy_rows(
            model.objects.filter(werkproces__kerntaak__dossier=source),
            werkproces_id=_mapped(werkprocessen, "werkproces_id"),
            profiel_id=_mapped(profielen, "profiel_id"),
        )
    _copy_rows(GeneriekOnderdeel.objects.filter(dossier=source), dossier=copy)
    links = Profiel.keuzedelen.through
    links.objects.bulk_create(
        links(profiel_id=profielen[row.profiel_id], keuzedeel_id=row.keuzedeel_id)
        for row in links.objects.filter(profiel__dossier=source)
    )
    return copy


def _mapped(ids: dict[int, int], attribute: str):
    def value(row):
        old = getattr(row, attribute)
        return ids[old] if old is not None else None

    return value


def _copy_rows(queryset, **changes) -> dict[int, int]:
    """Inserts a copy of every row with `changes` applied (a value or a function of the row); returns
    old pk → new pk."""
    rows = list(queryset.order_by("pk"))
    old_ids = [row.pk for row in rows]
    for row in rows:
        for name, change in changes.items():
            setattr(row, name, change(row) if callable(change) else change)
        row.pk = None
    queryset.model.objects.bulk_create(rows)
    return dict(zip(old_ids, [row.pk for row in rows], strict=True))

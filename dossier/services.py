"""Writes to the dossier models; the importer is the only way dossier text enters the database."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from django.db import IntegrityError, models, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from dossier.importer.parser import ParsedDossier, ParsedKerntaak, ParsedWerkproces
from dossier.importer.reference import find_known_dossier
from dossier.models import (
    Competentie,
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
from dossier.selectors import dossier_is_frozen, dossier_latest
from dossier.versions import DossierDiff, Snapshot, criteria_diff, match_texts, snapshot, version_copy


@dataclass
class ImportResult:
    dossier: Kwalificatiedossier
    read: dict[str, int] = field(default_factory=dict)
    changes: Counter = field(default_factory=Counter)
    not_in_file: list[str] = field(default_factory=list)
    diff: DossierDiff = field(default_factory=DossierDiff)
    # "nieuw" (first version), "ongewijzigd", "bijgewerkt" (an unused version in place), "nieuwe versie"
    outcome: str = "ongewijzigd"
    previous: Kwalificatiedossier | None = None
    dry_run: bool = False


OFFSET = 10_000


class _Writer:
    """Upserts by natural key and counts what it created, changed and removed."""

    def __init__(self) -> None:
        self.changes: Counter = Counter()

    def upsert[M: models.Model](self, model: type[M], lookup: dict, values: dict) -> M:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            self.changes["nieuw"] += 1
            return model._default_manager.create(**lookup, **values)
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            self.changes["gewijzigd"] += 1
        else:
            self.changes["ongewijzigd"] += 1
        return obj

    def sync_list(self, model: type[Vakkennis | WerkprocesCompetentie], parent: dict, rows: list[dict]) -> None:
        """Makes the rows under `parent` (one profiel's list) equal to `rows`, matched by position."""
        existing: list[Vakkennis | WerkprocesCompetentie]
        existing = list(model._default_manager.filter(**parent).order_by("volgorde"))
        for volgorde, values in enumerate(rows, start=1):
            if volgorde <= len(existing):
                obj = existing[volgorde - 1]
                changed = [name for name, value in values.items() if getattr(obj, name) != value]
                if obj.volgorde != volgorde:
                    changed.append("volgorde")
                    obj.volgorde = volgorde
                if changed:
                    for name in changed:
                        if name != "volgorde":
                            setattr(obj, name, values[name])
                    obj.save(update_fields=changed)
                    self.changes["gewijzigd"] += 1
                else:
                    self.changes["ongewijzigd"] += 1
            else:
                model._default_manager.create(**parent, **values, volgorde=volgorde)
                self.changes["nieuw"] += 1
        stale = [obj.pk for obj in existing[len(rows) :]]
        if stale:
            model._default_manager.filter(pk__in=stale).delete()
            self.changes["verwijderd"] += len(stale)

    def changed(self) -> bool:
        return bool(self.changes["nieuw"] or self.changes["gewijzigd"] or self.changes["verwijderd"])

    def sync_criteria(self, parent: dict, texts: list[str]) -> None:
        """Makes one criteria list equal to `texts`, pairing rows by content (never by position): a kept
        or reworded criterion keeps its row and sleutel, a removed one is deleted, a new one created."""
        existing = list(Criterium.objects.filter(**parent).order_by("volgorde"))
        pairs = match_texts([c.tekst for c in existing], texts)
        # a pair without new has old, and the other way round (dossier.versions.match_texts)
        doomed = [existing[cast(int, p.old)].pk for p in pairs if p.new is None]
        if doomed:
            Criterium.objects.filter(pk__in=doomed).delete()
            self.changes["verwijderd"] += len(doomed)
        kept = [(existing[p.old], p.new + 1) for p in pairs if p.old is not None and p.new is not None]
        if any(row.volgorde != volgorde for row, volgorde in kept):
            # Out of the way first: (werkproces, soort, volgorde) is unique at every moment.
            Criterium.objects.filter(pk__in=[row.pk for row, _ in kept]).update(volgorde=F("volgorde") + OFFSET)
        for row, volgorde in kept:
            tekst = texts[volgorde - 1]
            if (row.tekst, row.volgorde) != (tekst, volgorde):
                row.tekst, row.volgorde = tekst, volgorde
                row.save(update_fields=["tekst", "volgorde"])
                self.changes["gewijzigd"] += 1
            else:
                self.changes["ongewijzigd"] += 1
        for pair in pairs:
            if pair.old is None:
                new = cast(int, pair.new)
                Criterium.objects.create(**parent, tekst=texts[new], volgorde=new + 1)
                self.changes["nieuw"] += 1

    def sync_optional(self, model: type[models.Model], lookup: dict, values: dict | None) -> None:
        if values:
            self.upsert(model, lookup, values)
            return
        deleted, _ = model._default_manager.filter(**lookup).delete()
        self.changes["verwijderd"] += deleted


def identify_dossier(parsed: ParsedDossier, *, crebo: str | None, naam: str | None) -> tuple[str, str, dict]:
    """Crebo and name of the dossier (the export carries neither) and reference data per profiel."""
    known = find_known_dossier({p.code: p.naam for p in parsed.profielen})
    if known is None and not (crebo and naam):
        raise ApplicationError(
            _(
                "Onbekend kwalificatiedossier (profielen: %(profielen)s). Geef het crebo en de naam van het "
                "dossier op (bij de opdracht met --crebo en --naam)."
            )
            % {"profielen": ", ".join(f"{p.code} {p.naam}" for p in parsed.profielen)}
        )
    if crebo is not None and not (crebo.isdigit() and len(crebo) == 5):
        raise ApplicationError(_("Een crebo bestaat uit vijf cijfers, niet '%(crebo)s'.") % {"crebo": crebo})
    if known is None:
        return cast(str, crebo), cast(str, naam), {}  # both given when the dossier is unknown (above)
    return crebo or known.crebo, naam or known.naam, known.profielen


def dossier_import(
    *,
    parsed: ParsedDossier,
    crebo: str | None = None,
    naam: str | None = None,
    versie: str | None = None,
    geldig_vanaf: datetime.date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Reads parsed text into the dossier; importing the same text twice changes nothing.

    Different text updates the latest version in place while no cohort or student uses it; once one
    does, that version is frozen and the text becomes a new version (a copy with the changes), so what a
    vastgestelde result rests on never changes. An export carries full text for the basisdeel and for
    the profielen it was made for; text that other profielen add (from their own exports) is kept.
    With `dry_run` everything is computed and nothing is stored.
    """
    crebo, naam, reference = identify_dossier(parsed, crebo=crebo, naam=naam)
    _check_kwalificatie_crebos(crebo, parsed, reference)
    try:
        with transaction.atomic():
            result = _import(parsed, crebo, naam, reference, versie=versie, geldig_vanaf=geldig_vanaf)
            result.dry_run = dry_run
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        # Two imports of the same dossier at once both made version N+1: the second one is refused.
        raise ApplicationError(
            _("Iemand anders las tegelijk een versie van dit dossier in; bekijk het resultaat en probeer het opnieuw.")
        ) from None
    return result


def _import(parsed, crebo, naam, reference, *, versie, geldig_vanaf) -> ImportResult:
    latest = dossier_latest(crebo=crebo)
    labels = {"versie": versie, "geldig_vanaf": geldig_vanaf}
    writer: _Writer | None
    if latest is None:
        writer = _Writer()
        dossier = writer.upsert(
            Kwalificatiedossier,
            {"crebo": crebo, "volgnummer": 1},
            {**_dossier_values(parsed, naam, **labels), "created_at": timezone.now()},
        )
        _apply(dossier, parsed, naam, reference, **labels, writer=writer, with_dossier_row=False)
        return _result(dossier, parsed, writer, DossierDiff(), "nieuw", None)
    diff = criteria_diff(snapshot(latest), parsed_snapshot(parsed))
    known = set(Werkproces.objects.filter(kerntaak__dossier=latest).values_list("code", flat=True))
    diff.werkprocessen_added = sorted({w.code for w in parsed.werkprocessen()} - known)
    savepoint = transaction.savepoint_create()
    try:
        writer = _apply(latest, parsed, naam, reference, **labels)
    except ProtectedError:
        writer = None  # something the old text still refers to would have gone: that is a change too
    if writer is not None and not writer.changed():
        transaction.savepoint_commit(savepoint)
        return _result(latest, parsed, writer, diff, "ongewijzigd", None)
    if writer is not None and not dossier_is_frozen(latest):
        transaction.savepoint_commit(savepoint)
        return _result(latest, parsed, writer, diff, "bijgewerkt", None)
    transaction.savepoint_rollback(savepoint)
    dossier = version_copy(latest, volgnummer=latest.volgnummer + 1, versie=versie or "")
    Kwalificatiedossier.objects.filter(pk=dossier.pk).update(created_at=timezone.now(), geldig_vanaf=geldig_vanaf)
    dossier.refresh_from_db()
    writer = _apply(dossier, parsed, naam, reference, versie=None, geldig_vanaf=None)
    return _result(dossier, parsed, writer, diff, "nieuwe versie", latest)


def _result(dossier, parsed, writer, diff, outcome, previous) -> ImportResult:
    parsed_codes = {k.code for k in parsed.kerntaken} | {w.code for w in parsed.werkprocessen()}
    known_codes = set(Kerntaak.objects.filter(dossier=dossier).values_list("code", flat=True)) | set(
        Werkproces.objects.filter(kerntaak__dossier=dossier).values_list("code", flat=True)
    )
    return ImportResult(
        dossier=dossier,
        read=_read_counts(parsed),
        changes=writer.changes,
        not_in_file=sorted(known_codes - parsed_codes),
        diff=diff,
        outcome=outcome,
        previous=previous,
    )


def _check_kwalificatie_crebos(crebo: str, parsed: ParsedDossier, reference: dict) -> None:
    """A kwalificatie (profiel crebo) belongs to one dossier: another dossier with the same one would make
    every lookup by crebo ambiguous later, so it is refused now."""
    crebos = {ref[1] for ref in reference.values() if ref[1]}
    clash = (
        Profiel.objects.filter(crebo__in=crebos)
        .exclude(dossier__crebo=crebo)
        .select_related("dossier")
        .order_by("crebo")
        .first()
    )
    if clash is not None:
        raise ApplicationError(
            _("Kwalificatie %(crebo)s (%(naam)s) hoort al bij dossier %(dossier)s (crebo %(dossier_crebo)s).")
            % {
                "crebo": clash.crebo,
                "naam": clash.naam,
                "dossier": clash.dossier.naam,
                "dossier_crebo": clash.dossier.crebo,
            }
        )


def parsed_snapshot(parsed: ParsedDossier) -> Snapshot:
    """The criteria lists this text replaces, keyed as `dossier.versions.snapshot` keys them."""
    result: Snapshot = {}
    for kerntaak in parsed.kerntaken:
        scopes = [kerntaak.profiel] if kerntaak.profiel else [None, *parsed.exported_for]
        if kerntaak.profiel and kerntaak.profiel not in parsed.exported_for:
            continue
        for werkproces in kerntaak.werkprocessen:
            if not werkproces.has_body:
                continue
            for soort in Criterium.Soort.values:
                for scope in scopes:
                    result[(werkproces.code, soort, scope)] = [
                        c.tekst for c in werkproces.criteria if c.soort == soort and c.profiel == scope
                    ]
                for criterium in werkproces.criteria:
                    if criterium.soort == soort and criterium.profiel not in scopes:
                        result.setdefault((werkproces.code, soort, criterium.profiel), []).append(criterium.tekst)
    return result


def _dossier_values(
    parsed: ParsedDossier, naam: str, *, versie: str | None, geldig_vanaf: datetime.date | None
) -> dict:
    values: dict[str, object] = {
        "naam": naam,
        "context": parsed.context,
        "beroepshouding": parsed.beroepshouding,
        "resultaat_beroepengroep": parsed.resultaat_beroepengroep,
    }
    if versie is not None:
        values["versie"] = versie
    if geldig_vanaf is not None:
        values["geldig_vanaf"] = geldig_vanaf
    return values


def _apply(
    dossier: Kwalificatiedossier,
    parsed: ParsedDossier,
    naam: str,
    reference: dict,
    *,
    versie: str | None,
    geldig_vanaf: datetime.date | None,
    writer: _Writer | None = None,
    with_dossier_row: bool = True,
) -> _Writer:
    writer = writer or _Writer()
    if with_dossier_row:
        values = _dossier_values(parsed, naam, versie=versie, geldig_vanaf=geldig_vanaf)
        writer.upsert(Kwalificatiedossier, {"pk": dossier.pk}, values)

    profielen = _import_profielen(writer, dossier, parsed, reference)
    in_scope = [None, *(profielen[code] for code in parsed.exported_for)]
    for volgorde, parsed_kerntaak in enumerate(parsed.kerntaken, start=1):
        _import_kerntaak(writer, dossier, parsed_kerntaak, volgorde, profielen, in_scope)
    for volgorde, generiek in enumerate(parsed.generiek, start=1):
        writer.upsert(
            GeneriekOnderdeel,
            {"dossier": dossier, "soort": generiek.soort},
            {
                "naam": generiek.naam,
                "tekst": generiek.tekst,
                "vanaf_niveau": generiek.vanaf_niveau,
                "volgorde": volgorde,
            },
        )
    return writer


def _import_profielen(
    writer: _Writer, dossier: Kwalificatiedossier, parsed: ParsedDossier, reference: dict
) -> dict[str, Profiel]:
    profielen = {}
    for volgorde, profiel in enumerate(parsed.profielen, start=1):
        _, ref_crebo, ref_niveau = reference.get(profiel.code, ("", "", None))
        values = {"naam": profiel.naam, "volgorde": volgorde}
        if ref_crebo:
            values["crebo"] = ref_crebo
        if profiel.niveau is not None or ref_niveau is not None:
            values["niveau"] = profiel.niveau if profiel.niveau is not None else ref_niveau
        # Detail fields only where this export carries them, so another profiel's import survives.
        detail = {
            "wettelijke_beroepsvereisten": profiel.wettelijke_beroepsvereisten,
            "branchevereisten": profiel.branchevereisten,
            "toelichting_branchevereisten": profiel.toelichting_branchevereisten,
            "typering": profiel.typering,
            "typering_beroep": profiel.typering_beroep,
            "studieduur": profiel.studieduur,
        }
        values.update({key: value for key, value in detail.items() if value not in (None, "")})
        profielen[profiel.code] = writer.upsert(Profiel, {"dossier": dossier, "code": profiel.code}, values)
    return profielen


def _import_kerntaak(
    writer: _Writer,
    dossier: Kwalificatiedossier,
    parsed: ParsedKerntaak,
    volgorde: int,
    profielen: dict[str, Profiel],
    in_scope: list[Profiel | None],
) -> None:
    profiel = profielen[parsed.profiel] if parsed.profiel else None
    values = {"titel": parsed.titel, "profiel": profiel, "volgorde": volgorde}
    if parsed.has_body:
        values |= {"complexiteit": parsed.complexiteit, "verantwoordelijkheid": parsed.verantwoordelijkheid}
    kerntaak = writer.upsert(Kerntaak, {"dossier": dossier, "code": parsed.code}, values)
    if parsed.has_body:
        scopes = _scopes(in_scope, profiel)
        for scope in scopes:
            code = scope.code if scope else None
            writer.sync_list(
                Vakkennis,
                {"kerntaak": kerntaak, "profiel": scope},
                [{"tekst": tekst} for tekst, owner in parsed.vakkennis if _owner(owner, parsed) == code],
            )
            if scope is not None and profiel is None:
                writer.sync_optional(
                    KerntaakAanvulling,
                    {"kerntaak": kerntaak, "profiel": scope},
                    parsed.aanvullingen.get(scope.code),
                )
        if profiel is None:
            # Additions for a profiel the export was not made for: stored for that profiel, list by list.
            for code in _extra_owners(scopes, [owner for _tekst, owner in parsed.vakkennis], parsed.aanvullingen):
                items = [{"tekst": tekst} for tekst, owner in parsed.vakkennis if owner == code]
                if items:
                    writer.sync_list(Vakkennis, {"kerntaak": kerntaak, "profiel": profielen[code]}, items)
                if parsed.aanvullingen.get(code):
                    writer.upsert(
                        KerntaakAanvulling,
                        {"kerntaak": kerntaak, "profiel": profielen[code]},
                        parsed.aanvullingen[code],
                    )
    for wp_volgorde, parsed_werkproces in enumerate(parsed.werkprocessen, start=1):
        _import_werkproces(writer, kerntaak, parsed_werkproces, wp_volgorde, profielen, in_scope)


def _import_werkproces(
    writer: _Writer,
    kerntaak: Kerntaak,
    parsed: ParsedWerkproces,
    volgorde: int,
    profielen: dict[str, Profiel],
    in_scope: list[Profiel | None],
) -> None:
    values = {"titel": parsed.titel, "volgorde": volgorde}
    if parsed.has_body:
        values["omschrijving"] = parsed.omschrijving
    werkproces = writer.upsert(Werkproces, {"kerntaak": kerntaak, "code": parsed.code}, values)
    if not parsed.has_body:
        return
    kerntaak_profiel = kerntaak.profiel
    for scope in _scopes(in_scope, kerntaak_profiel):
        code = scope.code if scope else None
        for soort in Criterium.Soort.values:
            writer.sync_criteria(
                {"werkproces": werkproces, "soort": soort, "profiel": scope},
                [c.tekst for c in parsed.criteria if c.soort == soort and c.profiel == code],
            )
        names = [naam for naam, owner in parsed.competenties if _wp_owner(owner, kerntaak_profiel) == code]
        competenties = {c.naam: c for c in Competentie.objects.filter(naam__in=names)}
        for naam in names:
            if naam not in competenties:
                competenties[naam] = Competentie.objects.create(naam=naam)
                writer.changes["nieuw"] += 1
        writer.sync_list(
            WerkprocesCompetentie,
            {"werkproces": werkproces, "profiel": scope},
            [{"competentie_id": competenties[naam].pk} for naam in names],
        )
        if scope is not None and kerntaak_profiel is None:
            omschrijving = parsed.aanvullingen.get(scope.code)
            writer.sync_optional(
                WerkprocesAanvulling,
                {"werkproces": werkproces, "profiel": scope},
                {"omschrijving": omschrijving} if omschrijving else None,
            )
    if kerntaak_profiel is None:
        owners = [c.profiel for c in parsed.criteria] + [owner for _naam, owner in parsed.competenties]
        for code in _extra_owners(_scopes(in_scope, None), owners, parsed.aanvullingen):
            _import_extra_additions(writer, werkproces, parsed, profielen[code])


def _extra_owners(scopes: list[Profiel | None], owners: list[str | None], aanvullingen: dict) -> list[str]:
    """Profielen whose 'Voor … geldt aanvullend' text is in this export although it was not made for them."""
    in_scope = {scope.code for scope in scopes if scope is not None}
    return sorted({code for code in [*owners, *aanvullingen] if code and code not in in_scope})


def _import_extra_additions(
    writer: _Writer, werkproces: Werkproces, parsed: ParsedWerkproces, profiel: Profiel
) -> None:
    """Only the lists this text has for the profiel are replaced; its other additions (from its own
    export) stay as they are."""
    for soort in Criterium.Soort.values:
        texts = [c.tekst for c in parsed.criteria if c.soort == soort and c.profiel == profiel.code]
        if texts:
            writer.sync_criteria({"werkproces": werkproces, "soort": soort, "profiel": profiel}, texts)
    names = [naam for naam, owner in parsed.competenties if owner == profiel.code]
    if names:
        competenties = {c.naam: c for c in Competentie.objects.filter(naam__in=names)}
        for naam in names:
            if naam not in competenties:
                competenties[naam] = Competentie.objects.create(naam=naam)
                writer.changes["nieuw"] += 1
        writer.sync_list(
            WerkprocesCompetentie,
            {"werkproces": werkproces, "profiel": profiel},
            [{"competentie_id": competenties[naam].pk} for naam in names],
        )
    if parsed.aanvullingen.get(profiel.code):
        writer.upsert(
            WerkprocesAanvulling,
            {"werkproces": werkproces, "profiel": profiel},
            {"omschrijving": parsed.aanvullingen[profiel.code]},
        )


def _scopes(in_scope: list[Profiel | None], owner: Profiel | None) -> list[Profiel | None]:
    """Which profiel lists of one kerntaak or werkproces this import replaces."""
    if owner is None:
        return in_scope
    return [owner] if owner in in_scope else []


def _owner(owner: str | None, kerntaak: ParsedKerntaak) -> str | None:
    return owner if owner is not None else kerntaak.profiel


def _wp_owner(owner: str | None, kerntaak_profiel: Profiel | None) -> str | None:
    if owner is not None:
        return owner
    return kerntaak_profiel.code if kerntaak_profiel else None


def _read_counts(parsed: ParsedDossier) -> dict[str, int]:
    werkprocessen = parsed.werkprocessen()
    criteria = [c for w in werkprocessen for c in w.criteria]
    return {
        "profielen": len(parsed.profielen),
        "kerntaken": len(parsed.kerntaken),
        "werkprocessen": len(werkprocessen),
        "werkprocessen met tekst": sum(w.has_body for w in werkprocessen),
        "resultaatcriteria": sum(c.soort == "resultaat" for c in criteria),
        "gedragscriteria": sum(c.soort == "gedrag" for c in criteria),
        "criteria die een profiel aanvult": sum(
            c.profiel is not None
            for k in parsed.kerntaken
            if k.profiel is None
            for w in k.werkprocessen
            for c in w.criteria
        ),
        "vakkennis en vaardigheden": sum(len(k.vakkennis) for k in parsed.kerntaken),
        "competenties (koppelingen)": sum(len(w.competenties) for w in werkprocessen),
        "competenties (namen)": len({naam for w in werkprocessen for naam, _ in w.competenties}),
        "generieke onderdelen": len(parsed.generiek),
    }

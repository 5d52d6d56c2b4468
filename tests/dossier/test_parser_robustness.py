"""The parser on damaged and re-encoded copies of the shared dossier: the same data, or a refusal.

Each input is the real export with one change. A change that only moves page breaks, line endings or
invisible characters must parse to exactly what the original parses to; anything else parses to what
the text says or is refused with a Dutch message naming the line.
"""

import dataclasses
import json

import pytest

from dossier.importer.parser import DossierParseError, ParsedDossier, parse_dossier
from tests.factories import DOSSIER_TXT

W1 = "B1-K1-W1:\u00a0Verzamelt klant-, product- en marktinformatie"
W2 = "B1-K1-W2:\u00a0Doet voorstellen voor verkoopbeleid, marketingbeleid en/of marktbewerking"
K1 = "B1-K1:\u00a0Onderzoekt de markt en doet voorstellen voor commercieel beleid"
K2 = "B1-K2:\u00a0Voert het verkooptraject uit"
K2_W1 = "B1-K2-W1:\u00a0Bereidt het verkooptraject voor"
K2_W3 = "B1-K2-W3:\u00a0Voert verkoopgesprekken"
P3_W4 = "P3-K1-W4\u00a0Verstrekt informatie en advies aan flexkrachten en opdrachtgevers"
OVERVIEW_HEADER = "Overzicht van het kwalificatiedossier"
NL = "\n"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def text() -> str:
    return DOSSIER_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def original(text) -> dict:
    return canonical(parse_dossier(text))


def canonical(parsed: ParsedDossier) -> dict:
    """Every kerntaak, werkproces, criterium, competentie, vakkennis item and profiel field, in order."""
    return dataclasses.asdict(parsed)


def page_break(header: str | None, page: int = 13) -> str:
    """A page footer plus the repeated page header, laid out as the export lays them out."""
    return f"\n\n{page} van 24\n\n\n\n{header}\n\n" if header else f"\n\n{page} van 24\n\n\n\n"


def header_only_break(header: str) -> str:
    """The other form in the export: the next page starts with its header, indented, without footer."""
    return f"\n {header}\n\n"


def break_after(text: str, line_end: str, insertion: str) -> str:
    """Replaces the first line break that follows `line_end` directly by `insertion`."""
    position = text.index(line_end + "\n") + len(line_end)
    return text[:position] + insertion + text[position + 1 :]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def refusal(text: str) -> str:
    with pytest.raises(DossierParseError) as excinfo:
        parse_dossier(text)
    return str(excinfo.value)


def werkproces(parsed: ParsedDossier, code: str):
    return next(w for w in parsed.werkprocessen() if w.code == code)


# -- 1. page breaks anywhere --------------------------------------------------------------------------

PAGE_BREAK_SPOTS = [
    pytest.param("Op de behoeften en verwachtingen", W1, id="inside-wrapped-competenties"),
    pytest.param("Kwaliteit", K2_W1, id="competenties-wrapped-inside-a-name"),
    pytest.param("voert zo nodig verkoopgesprekken in het", K2_W3, id="mid-sentence-before-capital-Engels"),
    pytest.param("mogelijk verschillende", K2_W3, id="mid-sentence-before-capital-DMU"),
    pytest.param("sociale zekerheid,", W1, id="mid-sentence-before-capital-CAO"),
    pytest.param("een aanbod uit.", K2_W3, id="end-of-a-paragraph"),
    pytest.param("De NBBU-", "P3 Intercedent", id="profiel-toelichting-after-hyphen"),
    pytest.param("Deze bijlage is te vinden op", None, id="generieke-onderdelen"),
    pytest.param("\nResultaat", W1, id="between-resultaat-and-its-list"),
    pytest.param("\nGedrag", W1, id="between-gedrag-and-its-list"),
    pytest.param("\nOmschrijving", W1, id="between-omschrijving-and-its-text"),
    pytest.param("Voor Intercedent geldt aanvullend:", K1, id="between-aanvullend-and-its-text"),
    pytest.param("\nVakkennis en vaardigheden", K1, id="between-vakkennis-and-its-list"),
    pytest.param(W2, W2, id="between-werkproces-heading-and-omschrijving"),
    pytest.param(K2, K2, id="between-kerntaak-heading-and-complexiteit"),
    pytest.param("gedurende de periode dat zij één of", P3_W4, id="profieldeel-omschrijving"),
    pytest.param("B1-K1 Onderzoekt de markt en doet", OVERVIEW_HEADER, id="overview-wrapped-kerntaak-title"),
    pytest.param("B1-K1-W1 Verzamelt klant-, product- en marktinformatie", None, id="overview-between-werkprocessen"),
    pytest.param("P3 Intercedent", OVERVIEW_HEADER, id="overview-between-profiel-and-its-kerntaken"),
    pytest.param("de kwalificatie", OVERVIEW_HEADER, id="overview-table-between-heads-and-row"),
]  # fmt: skip


@pytest.mark.parametrize(("line_end", "header"), PAGE_BREAK_SPOTS)
def test_a_page_break_anywhere_changes_nothing(text, original, line_end, header):
    broken = break_after(text, line_end, page_break(header))

    assert canonical(parse_dossier(broken)) == original


@pytest.mark.parametrize(
    ("line_end", "header"),
    [
        ("Op de behoeften en verwachtingen", W1),
        ("voert zo nodig verkoopgesprekken in het", K2_W3),
        ("\nResultaat", W1),
        ("Voor Intercedent geldt aanvullend:", K1),
    ],
)
def test_a_page_break_without_footer_changes_nothing(text, original, line_end, header):
    broken = break_after(text, line_end, header_only_break(header))

    assert canonical(parse_dossier(broken)) == original


def test_a_page_break_at_a_sentence_end_inside_a_paragraph_starts_a_new_paragraph(text):
    # Undecidable from the text: the export drops the blank line of a paragraph end at a page break,
    # so 'sentence end + capital' after a page break is read as a new paragraph. No word is lost.
    broken = break_after(text, "potentiële inlenende\norganisaties.", page_break(W2))

    aanvulling = werkproces(parse_dossier(broken), "B1-K1-W2").aanvullingen["P3"]
    original = werkproces(parse_dossier(text), "B1-K1-W2").aanvullingen["P3"]

    assert aanvulling == original.replace("organisaties. Hij gaat", "organisaties.\n\nHij gaat")


def test_a_page_break_between_rows_of_the_profiel_table_changes_nothing(text):
    row = "P1 Intercedent 4 Nee middenkaderopleiding 4800\n"
    two_rows = text.replace(row, row + "P2 Commercieel medewerker 3 Nee vakopleiding 3200\n", 1)
    broken = two_rows.replace(row, row + page_break("Naam profiel Mbo-niveau")[1:], 1)

    parsed = parse_dossier(broken)

    assert canonical(parsed) == canonical(parse_dossier(two_rows))
    assert parsed.exported_for == ["P3", "P1"]
    p1 = parsed.profiel("P1")
    assert p1 is not None
    assert (p1.niveau, p1.typering) == (3, "vakopleiding")


def test_a_wrapped_row_of_the_profiel_table_is_read_whole(text, original):
    row = "P1 Intercedent 4 Nee middenkaderopleiding 4800"

    wrapped = text.replace(row, "P1 Intercedent 4 Nee\nmiddenkaderopleiding 4800", 1)

    assert canonical(parse_dossier(wrapped)) == original


def test_an_unreadable_row_of_the_profiel_table_is_refused(text):
    row = "P1 Intercedent 4 Nee middenkaderopleiding 4800"
    damaged = text.replace(row, "P1 Intercedent vier Nee middenkaderopleiding", 1)

    message = refusal(damaged)

    assert message.startswith(f"Regel {line_of(damaged, 'P1 Intercedent vier')}: de rij 'P1 Intercedent vier")
    assert "onleesbaar" in message


def test_text_after_competenties_that_is_no_competentie_is_refused(text):
    across_page = break_after(text, "Presenteren", page_break(W2) + "Zomaar een zin.\n")
    after_blank = text.replace("Presenteren\n", "Presenteren\n\nZomaar een zin.\n", 1)

    assert refusal(across_page) == (
        f"Regel {line_of(text, 'Presenteren' + NL)}: 'Presenteren Zomaar een zin.' is geen competentie; "
        "staat er tekst achter 'De onderliggende competenties zijn'?"
    )
    assert refusal(after_blank) == f"Regel {line_of(after_blank, 'Zomaar')}: tekst buiten een kopje: 'Zomaar een zin.'."


# -- 2. line endings and BOM ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="windows-crlf"),
        pytest.param(lambda t: t.replace("\n", "\r"), id="old-mac-cr"),
        pytest.param(lambda t: "\ufeff" + t, id="utf8-bom"),
        pytest.param(lambda t: "\ufeff" + t.replace("\n", "\r\n"), id="bom-and-crlf"),
        pytest.param(lambda t: t.replace("\n13 van 24\n", "\n13 van 24\n\f", 1), id="form-feed-at-page-start"),
    ],
)
def test_line_endings_and_bom_change_nothing(text, original, encode):
    assert canonical(parse_dossier(encode(text))) == original


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_in_refusals_do_not_depend_on_line_endings(text, newline):
    changed = text.replace("Voor Intercedent geldt aanvullend:", "Voor Marketeer geldt aanvullend:", 1)
    expected = line_of(changed, "Voor Marketeer")

    message = refusal(changed.replace("\n", newline))

    assert message == f"Regel {expected}: onbekend profiel 'Marketeer' in 'Voor Marketeer geldt aanvullend'."


# -- 3. invisible characters ---------------------------------------------------------------------------


def test_non_breaking_spaces_become_normal_spaces(text, original):
    injected = (
        text.replace("Relevante informatie (ten behoeve", "Relevante\u00a0informatie\u202f(ten\u00a0\u00a0behoeve", 1)
        .replace("B1-K1:\u00a0Onderzoekt", "B1-K1:\u202fOnderzoekt")
        .replace("Voor Intercedent geldt aanvullend:", "Voor\u00a0Intercedent\u202fgeldt aanvullend:")
        .replace("Formuleren en rapporteren, Onderzoeken", "Formuleren\u00a0en rapporteren,\u202fOnderzoeken", 1)
    )

    assert canonical(parse_dossier(injected)) == original


def test_soft_hyphens_are_removed_and_close_up_split_words(text, original):
    injected = (
        text.replace("ten behoeve van een opdracht", "ten be\u00adhoeve van een op\u00addracht", 1)
        .replace("en verwerkt ten\nbehoeve", "en verwerkt ten\nbe\u00ad\nhoeve", 1)
        .replace("Op de behoeften en verwachtingen\nvan", "Op de behoeften en ver\u00ad\nwachtingen\nvan", 1)
        .replace("Verantwoordelijkheid en zelfstandigheid", "Verantwoordelijk\u00adheid en zelfstandigheid")
    )  # fmt: skip

    parsed = parse_dossier(injected)

    assert canonical(parsed) == original
    assert "\u00ad" not in json.dumps(canonical(parsed), ensure_ascii=False)


def test_a_word_split_by_a_soft_hyphen_and_a_line_wrap_is_joined(text):
    injected = text.replace(
        "is gepresenteerd voldoen aan de eisen van de organisatie.",
        "is gepresenteerd voldoen aan de eisen van de verkoop\u00ad\nprocessen van de organisatie.",
        1,
    )

    criteria = [c.tekst for c in werkproces(parse_dossier(injected), "B1-K2-W4").criteria]

    assert criteria[0] == (
        "Het aanbod aan de klant en de wijze waarop het aanbod is gepresenteerd voldoen aan de eisen van de "
        "verkoopprocessen van de organisatie."
    )


def test_a_word_split_by_a_soft_hyphen_across_a_page_break_is_joined(text):
    injected = text.replace(
        "voert zo nodig verkoopgesprekken in het\nEngels.",
        "voert zo nodig verkoop\u00ad" + page_break(K2_W3) + "gesprekken in het Engels.",
        1,
    )

    aanvulling = werkproces(parse_dossier(injected), "B1-K2-W3").aanvullingen["P3"]

    assert aanvulling.endswith("De intercedent luistert zo nodig naar mededelingen in het Engels en voert zo nodig "
                               "verkoopgesprekken in het Engels.")  # fmt: skip
    assert "\u00ad" not in aanvulling


# -- 4. 'Voor <profiel> geldt aanvullend' for every profiel -------------------------------------------

W1_LAST_P3_RESULTAAT = "- Informatie over wijzigingen in relevante wet- en regelgeving is beschikbaar.\n"


@pytest.mark.parametrize(
    ("naam", "code"),
    [
        ("Commercieel medewerker", "P1"),
        ("Contactcenter medewerker", "P2"),
        ("(Junior) accountmanager", "P4"),
        ("Vestigingsmanager groothandel", "P6"),
    ],
)
def test_an_addition_for_any_profiel_of_the_dossier_is_stored_for_that_profiel(text, original, naam, code):
    added = text.replace(
        W1_LAST_P3_RESULTAAT,
        f"{W1_LAST_P3_RESULTAAT}\nVoor {naam} geldt aanvullend:\n"
        "- Klantgegevens zijn in het CRM-systeem\nvastgelegd.\n",
        1,
    )

    parsed = parse_dossier(added)

    criteria = [(c.soort, c.tekst, c.profiel) for c in werkproces(parsed, "B1-K1-W1").criteria]
    assert criteria[3] == ("resultaat", "Klantgegevens zijn in het CRM-systeem vastgelegd.", code)
    assert [c for c in criteria if c[2] == code] == [criteria[3]]
    # everything else is as in the original
    werkproces(parsed, "B1-K1-W1").criteria.pop(3)
    assert canonical(parsed) == original


def test_an_addition_whose_heading_wraps_over_two_lines_is_read(text):
    added = text.replace(
        W1_LAST_P3_RESULTAAT,
        f"{W1_LAST_P3_RESULTAAT}\nVoor Assistent-manager internationale\nhandel geldt aanvullend:\n"
        "- Importregels zijn bekend.\n",
        1,
    )

    criteria = werkproces(parse_dossier(added), "B1-K1-W1").criteria

    assert [(c.tekst, c.profiel) for c in criteria if c.profiel == "P5"] == [("Importregels zijn bekend.", "P5")]


def test_an_addition_for_a_profiel_outside_the_table_keeps_its_omschrijving(text):
    added = text.replace(
        "Hij brengt in kaart wat de kansen zijn voor 'new business'.\n",
        "Hij brengt in kaart wat de kansen zijn voor 'new business'.\n\n"
        "Voor Contactcenter medewerker geldt aanvullend:\nDe medewerker verzamelt informatie uit klantgesprekken.\n",
        1,
    )

    aanvullingen = werkproces(parse_dossier(added), "B1-K1-W1").aanvullingen

    assert aanvullingen["P2"] == "De medewerker verzamelt informatie uit klantgesprekken."
    assert aanvullingen["P3"].startswith("De intercedent signaleert en verzamelt informatie")


def test_two_additions_for_one_profiel_under_one_kopje_are_both_kept(text):
    added = text.replace(
        "Hij brengt in kaart wat de kansen zijn voor 'new business'.\n",
        "Hij brengt in kaart wat de kansen zijn voor 'new business'.\n\n"
        "Voor Intercedent geldt aanvullend:\nHij volgt de cao's.\n",
        1,
    )

    aanvulling = werkproces(parse_dossier(added), "B1-K1-W1").aanvullingen["P3"]

    assert aanvulling.endswith("Hij brengt in kaart wat de kansen zijn voor 'new business'.\n\nHij volgt de cao's.")


def test_an_addition_for_an_unknown_profiel_is_refused_with_its_line(text):
    added = text.replace(
        W1_LAST_P3_RESULTAAT, f"{W1_LAST_P3_RESULTAAT}\nVoor Marketeer geldt aanvullend:\n- Iets.\n", 1
    )

    assert refusal(added) == (
        f"Regel {line_of(added, 'Voor Marketeer')}: onbekend profiel 'Marketeer' in 'Voor Marketeer geldt aanvullend'."
    )


def test_an_addition_with_nothing_under_it_is_refused(text):
    emptied = text.replace(
        "Voor Intercedent geldt aanvullend:\n-\n\nGedrag", "Voor Intercedent geldt aanvullend:\n\nGedrag", 1
    )

    assert refusal(emptied) == (
        f"Regel {line_of(emptied, 'Voor Intercedent geldt aanvullend:' + NL + NL + 'Gedrag')}: "
        "onder 'Voor Intercedent geldt aanvullend' staat niets, ook geen '-' of 'N.v.t.'."
    )


# -- 5. incomplete and damaged files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Het bestand is leeg."),
        ("\ufeff\r\n \r\n", "Dit is geen kwalificatiedossier van SBB"),
        ("Boodschappenlijst\n- melk\n- brood\n", "Dit is geen kwalificatiedossier van SBB"),
    ],
)
def test_empty_or_foreign_text_is_refused(raw, message):
    assert refusal(raw).startswith(message)


def test_foreign_text_refusal_says_how_far_it_read():
    assert refusal("Boodschappenlijst\n- melk\n- brood\n").endswith("(regel 1 tot en met 4 gelezen).")


def test_a_file_cut_off_in_the_overview_is_refused_as_incomplete(text):
    cut = text[: text.index("B1-K3-W2 Behandelt klachten")]

    assert refusal(cut) == (
        f"Het bestand is onvolledig: na het overzicht op regel {line_of(text, OVERVIEW_HEADER)} ontbreekt het "
        f"basisdeel ('Basisdeel', '1. Beroepsspecifieke onderdelen'); het houdt op op regel {cut.count(NL) + 1}."
    )


@pytest.mark.parametrize(
    "cut_before",
    ["termijnoverschrijdingen tijdig", "Daarnaast adviseert de intercedent", "Keuzedeel\n", "Profieldeel\nP3"],
)
def test_a_file_cut_off_in_the_body_is_refused_with_its_last_line(text, cut_before):
    cut = text[: text.rindex(cut_before)]

    assert refusal(cut).startswith(f"Het bestand is onvolledig: het houdt op op regel {cut.count(NL) + 1} ")


def test_a_duplicate_werkproces_code_in_the_overview_is_refused(text):
    changed = text.replace("B1-K2-W3 Voert verkoopgesprekken", "B1-K2-W2 Voert verkoopgesprekken", 1)

    assert refusal(changed) == (
        f"Regel {line_of(changed, 'B1-K2-W2 Voert verkoopgesprekken')}: Werkproces B1-K2-W2 staat twee keer in het "
        "overzicht."
    )


def test_a_duplicate_werkproces_heading_right_after_its_namesake_is_refused(text):
    changed = text.replace(K2_W3 + "\n\nOmschrijving", "B1-K2-W2:\u00a0Voert verkoopgesprekken\n\nOmschrijving", 1)

    assert refusal(changed) == f"Regel {line_of(changed, 'B1-K2-W2:' + NBSP + 'Voert')}: B1-K2-W2 komt twee keer voor."


def test_a_duplicate_werkproces_heading_elsewhere_is_refused(text):
    heading = "B1-K2-W4:\u00a0Doet een aanbod met prijsberekening\n\nOmschrijving"
    changed = text.replace(heading, heading.replace("B1-K2-W4", "B1-K2-W2"), 1)

    assert refusal(changed) == (
        f"Regel {line_of(changed, 'B1-K2-W2:' + NBSP + 'Doet')}: werkproces B1-K2-W2 komt twee keer voor."
    )


def test_a_second_omschrijving_is_refused_instead_of_overwriting_the_first(text):
    kopje = "Resultaat\n\n- Relevante informatie (ten"
    changed = text.replace(kopje, "Omschrijving\n\nNog eens.\n\n" + kopje, 1)

    assert refusal(changed) == (
        f"Regel {line_of(changed, 'Omschrijving' + NL + NL + 'Nog eens')}: het kopje 'Omschrijving' staat "
        "twee keer bij B1-K1-W1."
    )


def test_an_empty_resultaat_list_is_refused_with_the_line_of_its_kopje(text):
    start = text.index("Resultaat\n\n- De online interacties")
    end = text.index("Voor Intercedent geldt aanvullend:", start)
    emptied = text[:start] + "Resultaat\n\n" + text[end:]

    assert refusal(emptied) == (
        f"Regel {line_of(emptied, 'Resultaat' + NL + NL + 'Voor Intercedent geldt aanvullend:' + NL + 'N.v.t.')}: "
        "onder 'Resultaat' van werkproces B1-K3-W4 staan geen criteria."
    )


def test_a_missing_gedrag_kopje_is_refused_with_the_line_of_the_werkproces(text):
    start = text.index("Gedrag\n\n- Toetst kritisch")
    end = text.index("Voor Intercedent geldt aanvullend:", start)

    message = refusal(text[:start] + text[end:])

    assert message == (
        "Het bestand is onvolledig: bij werkproces B1-K3-W4 ontbreekt gedrag, competenties "
        f"(het werkproces begint op regel {line_of(text, 'B1-K3-W4:')})."
    )


def test_text_outside_any_kopje_in_a_werkproces_is_refused(text):
    changed = text.replace(W2 + "\n\nOmschrijving", W2 + "\n\nEen losse zin.\n\nOmschrijving", 1)

    assert refusal(changed) == f"Regel {line_of(changed, 'Een losse zin.')}: tekst buiten een kopje: 'Een losse zin.'."

"""Reading status decks shaped like the seed winter plan (004) and year plan (001)."""

from __future__ import annotations

import pytest

from fremdrift.interchange.readers import (
    DRIFT_MERGE_THRESHOLD,
    NEAR_MATCH_THRESHOLD,
    merge_suggested,
    read_file,
    read_pptx,
)

from . import builders as b


def initiative(document: dict, title_start: str) -> dict:
    """The one initiative whose title starts with ``title_start``."""
    found = [i for i in document["initiatives"] if i["title"].startswith(title_start)]
    assert len(found) == 1, [i["title"][:40] for i in document["initiatives"]]
    return found[0]


def by_ref(document: dict, ref: str) -> dict:
    return next(i for i in document["initiatives"] if i["ref"] == ref)


BOOKING_LONG_REF = "proevehandling-hvor-laegevagten-booker-tid-til-patienten-i"
BOOKING_SHORT_REF = BOOKING_LONG_REF + "-2"


@pytest.fixture(scope="module")
def winter():
    return read_pptx(b.winter_deck(), filename="vinterplan.pptx")


@pytest.fixture(scope="module")
def year_plan():
    return read_pptx(b.year_plan_deck(), filename="aarsplan_2021.pptx")


@pytest.fixture(scope="module")
def rendered():
    return read_pptx(b.renderer_like_deck(), filename="rapport.pptx")


# --- plan, areas, skipped slides --------------------------------------------------------------


def test_the_document_is_in_the_interchange_format(winter):
    document = winter.document
    assert document["format"] == "fremdrift-plan/1"
    assert set(document) == {"format", "plan", "areas", "initiatives"}
    keys = {
        "ref",
        "theme",
        "title",
        "kind",
        "work_form",
        "phase",
        "phase_target",
        "year_task",
        "status",
        "status_date",
        "follow_up",
        "areas",
        "history",
    }
    for item in document["initiatives"]:
        assert keys <= set(item)
        assert {"local", "common", "lead", "text"} <= set(item["follow_up"])


def test_the_plan_title_and_deck_date_come_from_the_title_slide(winter):
    plan = winter.document["plan"]
    assert plan["title"] == "360 graders vinterplan"
    assert plan["slug"] == "360-graders-vinterplan"
    assert {i["status_date"] for i in winter.document["initiatives"]} == {"2022-02-08"}


def test_the_purpose_slide_bullets_become_the_plan_purpose(winter):
    assert winter.document["plan"]["purpose"] == [
        "Komme godt og sikkert gennem vinteren",
        "Være beredt, hvis COVID-19 eller andre infektionssygdomme skalerer i omfang",
        "Håndtere det øgede pres på den akutte aktivitet",
    ]


def test_slides_without_tables_are_skipped_as_info_not_errors(winter, year_plan):
    assert [(s.level, s.code, s.location.slide) for s in winter.skipped] == [
        ("info", "slide_without_table", 2)
    ]
    assert "Baggrund" in winter.skipped[0].message
    assert [s.location.slide for s in year_plan.skipped] == [2]


def test_a_table_with_an_unknown_header_gives_a_warning_naming_the_slide(winter):
    warnings = [d for d in winter.diagnostics if d.code == "unknown_table_header"]
    assert len(warnings) == 1
    assert warnings[0].level == "warning"
    assert warnings[0].location.slide == 10
    assert "Kommune | Akutte indlæggelser" in warnings[0].message
    assert "slide 10" in str(warnings[0])


def test_areas_are_slide_titles_without_pagination_and_continuations_join_them(winter):
    areas = [(a["slug"], a["title"]) for a in winter.document["areas"]]
    assert areas == [
        ("personale", b.PERSONALE),
        ("praktiserende-laeger", "Praktiserende læger"),
        ("hospitaler", "Hospitaler"),
        ("kommuner", "Kommuner"),
    ]
    personale = winter.document["areas"][0]["initiatives"]
    assert len(personale) == 7  # four rows on "Slide 1 af 2", three on "Slide 2 af 2"


def test_plan_title_falls_back_to_the_file_name_without_a_title_slide():
    deck = b.DeckBuilder()
    deck.text_slide("Baggrund", "Region Midtjylland oplever et stort pres.")
    deck.table_slide("Kommuner", b.TableSpec([b.WINTER_HEADER_3, ["Dataoverblik", "I gang", ""]]))
    result = read_pptx(deck.to_bytes(), filename="vinter_plan_2021.pptx")
    assert result.document["plan"]["title"] == "vinter plan 2021"
    assert result.document["plan"]["slug"] == "vinter-plan-2021"
    assert result.document["initiatives"][0]["status_date"] is None
    assert result.document["initiatives"][0]["history"][0]["date"] is None


def test_the_plan_slug_parameter_wins_over_the_title():
    result = read_pptx(b.year_plan_deck(), filename="x.pptx", plan_slug="aarsplan-2021")
    assert result.document["plan"]["slug"] == "aarsplan-2021"


def test_each_area_lists_the_refs_of_its_initiatives(winter):
    refs = {i["ref"] for i in winter.document["initiatives"]}
    for area in winter.document["areas"]:
        assert set(area["initiatives"]) <= refs
        for ref in area["initiatives"]:
            item = next(i for i in winter.document["initiatives"] if i["ref"] == ref)
            assert area["slug"] in item["areas"]


def test_refs_are_unique_ascii_slugs_of_at_most_sixty_characters(winter):
    refs = [i["ref"] for i in winter.document["initiatives"]]
    assert len(refs) == len(set(refs))
    for ref in refs:
        assert len(ref) <= 60
        assert ref.isascii() and ref == ref.lower() and " " not in ref
    assert "etablering-af-uddannelses-og-kompetenceudviklingsprogrammer" in refs
    assert BOOKING_SHORT_REF in refs


# --- themes -----------------------------------------------------------------------------------


def test_a_merged_first_column_cell_is_the_theme_of_every_row_it_spans(winter):
    theme = "Flere faggrupper i spil til patientnære opgaver"
    for start in ("Terapeuter, farmakonomer", "Etablering af uddannelses", "Mulighederne for"):
        assert initiative(winter.document, start)["theme"] == theme


def test_a_theme_broken_over_lines_with_a_hyphen_is_joined(winter):
    item = initiative(winter.document, "Fortsætte udviklingen")
    assert item["theme"] == "Sprede vagtbelastning og få flere til at tage vagter"


def test_a_blank_theme_cell_keeps_the_theme_above(winter):
    item = initiative(winter.document, "Evaluering af introduktionsforløb")
    assert item["theme"] == "Sikre god introduktion"


def test_a_bold_first_line_is_the_theme_and_not_part_of_the_title(winter):
    item = initiative(winter.document, "Borgerrettet kommunikation")
    assert item["theme"] == "Visitation i Lægevagten"
    assert item["title"] == (
        "Borgerrettet kommunikation\n• Kampagne om, i hvilke situationer lægevagten skal anvendes"
    )
    assert initiative(winter.document, "Talepromt")["theme"] == "Visitation i Lægevagten"


def test_a_full_width_row_is_a_theme_heading(winter):
    assert initiative(winter.document, "Dialog med PLO-Midtjylland")["theme"] == (
        "Styrket samarbejde i den præhospitale indsats"
    )
    overblik = initiative(winter.document, "Prøvehandling i en klynge")
    assert overblik["theme"] == "Forebygge akutte indlæggelser og genindlæggelser"


def test_initiativer_merged_over_two_header_cells_makes_the_first_column_the_theme(winter):
    item = by_ref(winter.document, BOOKING_SHORT_REF)
    assert item["theme"] == "Akut"
    assert item["areas"] == ["hospitaler"]


# --- follow-up --------------------------------------------------------------------------------


def follow_up(document: dict, title_start: str) -> tuple:
    found = [i for i in document["initiatives"] if i["title"].startswith(title_start)]
    value = (found[0] if len(found) == 1 else by_ref(document, title_start))["follow_up"]
    return value["local"], value["common"], value["lead"]


def test_bare_lokalt_is_local_follow_up_without_a_unit(winter):
    item = initiative(winter.document, "Fortsætte udviklingen")["follow_up"]
    assert (item["local"], item["common"], item["lead"]) == ([], [], None)
    assert item["has_local"] and not item["has_common"]
    assert item["text"] == "Lokalt"


def test_common_units_are_split_at_commas_and_the_first_leads(winter):
    assert follow_up(winter.document, "Etablering af uddannelses") == (
        [],
        ["Koncern HR", "Center for Kompetenceudvikling"],
        "Koncern HR",
    )
    assert follow_up(winter.document, "Terapeuter") == ([], ["ERFA på tværs"], "ERFA på tværs")


def test_tovholder_marks_the_lead(winter):
    assert follow_up(winter.document, BOOKING_LONG_REF) == (
        [],
        ["Tværgående arbejdsgruppe", "Sundhedsplanlægning", "Koncernøkonomi"],
        "Koncernøkonomi",
    )
    assert follow_up(winter.document, "Dialog med PLO-Midtjylland") == (
        ["Præhospitalet"],
        [],
        "Præhospitalet",
    )


def test_local_and_common_parts_in_either_order(winter):
    assert follow_up(winter.document, "Afdække omfang") == (
        ["Horsensklyngen"],
        ["Sundhedsplanlægning"],
        "Sundhedsplanlægning",
    )
    assert follow_up(winter.document, "Prøvehandling i en klynge") == (
        ["Randersklyngen"],
        [],
        None,
    )


def test_har_ansvaret_marks_the_lead(winter):
    assert follow_up(winter.document, "Evaluering af introduktionsforløb") == (
        [],
        ["Koncern HR", "Sundhedsuddannelser"],
        "Sundhedsuddannelser",
    )


def test_sentences_in_a_follow_up_cell_are_kept_as_text_only(winter):
    item = initiative(winter.document, "Mulighederne for")["follow_up"]
    assert item["local"] == []
    assert item["text"].startswith("Lokalt: Flere af regionens enheder arbejder")
    assert item["has_local"] and item["has_common"]


# --- status and history from red runs ---------------------------------------------------------


def test_red_runs_are_the_latest_status_and_the_rest_the_earlier_one(winter):
    item = initiative(winter.document, "Etablering af uddannelses")
    earlier = "Koncern HR arbejder med en række forslag."
    latest = earlier + "\nLøsninger udarbejdes i dialog med de sygeplejefaglige direktører"
    assert item["status"] == latest
    assert [h["status"] for h in item["history"]] == [earlier, latest]
    assert [h["date"] for h in item["history"]] == ["2022-02-08", "2022-02-08"]


def test_a_red_sentence_inside_a_paragraph_is_removed_from_the_earlier_status(winter):
    item = initiative(winter.document, "Mulighederne for")
    assert item["history"][0]["status"] == (
        "Uddannelse af nuværende medarbejdere er igangsat\nEn afdækning er gennemført."
    )
    assert item["history"][1]["status"].endswith("går videre med et fælles koncept.")


def test_a_status_without_red_has_one_history_entry(winter):
    item = initiative(winter.document, "Talepromt")
    assert item["status"] == "Er indtalt.\nAktiveret den 22. november 2021"
    assert item["history"] == [
        {
            "date": "2022-02-08",
            "phase": None,
            "phase_target": None,
            "status": "Er indtalt.\nAktiveret den 22. november 2021",
        }
    ]


def test_a_dark_red_run_counts_as_red():
    spec = b.TableSpec(
        [b.WINTER_HEADER_3, ["Indsats", ["Gammel tekst.", [b.red("Ny tekst.")]], "Lokalt"]],
        red_colour="C00000",
    )
    deck = b.DeckBuilder().table_slide("Hospitaler", spec)
    item = read_pptx(deck.to_bytes(), filename="d.pptx").document["initiatives"][0]
    assert [h["status"] for h in item["history"]] == ["Gammel tekst.", "Gammel tekst.\nNy tekst."]


def test_an_orange_run_does_not_count_as_red():
    spec = b.TableSpec(
        [b.WINTER_HEADER_3, ["Indsats", ["Gammel tekst.", [b.red("Ny tekst.")]], "Lokalt"]],
        red_colour="FFC000",
    )
    deck = b.DeckBuilder().table_slide("Hospitaler", spec)
    item = read_pptx(deck.to_bytes(), filename="d.pptx").document["initiatives"][0]
    assert len(item["history"]) == 1


# --- one initiative, many areas ---------------------------------------------------------------


def test_the_same_initiative_in_several_areas_is_one_initiative_listed_in_each(winter):
    item = initiative(winter.document, "Samarbejde om patienter indlagt i eget hjem")
    assert item["areas"] == ["praktiserende-laeger", "hospitaler", "kommuner"]
    for area in winter.document["areas"]:
        if area["slug"] in item["areas"]:
            assert item["ref"] in area["initiatives"]
    assert initiative(winter.document, "Prøvehandling i en klynge")["areas"] == [
        "praktiserende-laeger",
        "kommuner",
    ]
    assert initiative(winter.document, "Afdække omfang")["areas"] == [
        "praktiserende-laeger",
        "kommuner",
    ]
    merged = [d for d in winter.diagnostics if d.code == "merged_across_areas"]
    assert len(merged) == 4 and all(d.level == "info" for d in merged)


def test_drifted_repeats_are_near_matches_kept_separate_by_the_reader(winter):
    PLO = "dialog-med-plo-midtjylland-om-mulighederne-for"
    PLO_M = "dialog-med-plo-m-om-mulighederne-for-proevehandling-hvor"
    KOMMUNER = "proevehandling-hvor-praehospitalet-som-i-vagttid-kan"
    found = {(n.ref_a, n.ref_b): n.suggested for n in winter.near_matches}
    assert found == {
        (BOOKING_LONG_REF, BOOKING_SHORT_REF): True,  # a title and its shortened form
        (PLO, PLO_M): True,  # "PLO-M" for "PLO-Midtjylland", shortened
        (PLO, KOMMUNER): True,  # reworded, the same status
        (PLO_M, KOMMUNER): False,  # reworded, the status has moved on: asked, not merged
    }
    for near in winter.near_matches:
        assert near.score >= NEAR_MATCH_THRESHOLD
        assert near.areas_a != near.areas_b
        assert near.suggested == (near.score >= DRIFT_MERGE_THRESHOLD)
    refs = [i["ref"] for i in winter.document["initiatives"]]
    assert {PLO, PLO_M, KOMMUNER, BOOKING_SHORT_REF} <= set(refs)


def test_merging_the_suggested_near_matches_makes_one_initiative_in_every_area(winter):
    document, merged = merge_suggested(winter.document, winter.near_matches)
    assert len(merged) == 3
    assert len(document["initiatives"]) == len(winter.document["initiatives"]) - 3
    item = initiative(document, "Dialog med PLO-Midtjylland")
    assert item["areas"] == ["praktiserende-laeger", "hospitaler", "kommuner"]
    assert item["status"] == "Dialog med PLO-Midtjylland om konkret model."
    booking = by_ref(document, BOOKING_LONG_REF)
    assert booking["areas"] == ["praktiserende-laeger", "hospitaler"]
    hospitaler = next(a for a in document["areas"] if a["slug"] == "hospitaler")
    assert hospitaler["initiatives"][:2] == [BOOKING_LONG_REF, item["ref"]]
    refs = {i["ref"] for i in document["initiatives"]}
    assert all(set(area["initiatives"]) <= refs for area in document["areas"])


def test_work_form_is_taken_from_a_title_that_starts_with_it(winter):
    assert initiative(winter.document, "Prøvehandling i en klynge")["work_form"] == "prøvehandling"
    assert initiative(winter.document, "Talepromt")["work_form"] is None


# --- the year plan ----------------------------------------------------------------------------


def test_the_year_plan_title_slide_names_the_plan(year_plan):
    plan = year_plan.document["plan"]
    assert plan["title"] == "Psykiatriens vision og strategiske årsplansindsatser 2021"
    assert plan["slug"] == "psykiatriens-vision-og-strategiske-aarsplansindsatser-2021"


def test_the_implementering_header_and_the_udviklingsindsatser_sub_header_set_the_kind(year_plan):
    kinds = [(i["title"], i["kind"]) for i in year_plan.document["initiatives"][:3]]
    assert kinds == [
        ("Patient- og pårørendepanelets anbefalinger", "implementering"),
        ("Modtagelse af førstegangsindlagte", "implementering"),
        ("Udvikling af samarbejdet med de pårørende", "udvikling"),
    ]
    assert initiative(year_plan.document, "Bedre flow")["kind"] == "udvikling"
    assert initiative(year_plan.document, "Patientstyrede")["kind"] == "implementering"
    assert initiative(year_plan.document, "Sikre ledelsespipeline")["kind"] == "udvikling"


def test_year_plan_status_cells_are_phases_with_targets(year_plan):
    phases = {
        i["title"]: (i["phase"], i["phase_target"], i["status"])
        for i in year_plan.document["initiatives"]
    }
    assert phases["Forløbsbeskrivelse for indlagte patienter"] == (
        "udvikling",
        "implementering",
        "",
    )
    assert phases["Modtagelse af førstegangsindlagte"] == ("implementering", None, "")
    assert phases["Bedre flow: Både internt mellem afsnit og ambulant samt mellem afdelinger"] == (
        "udvikling",
        None,
        "",
    )
    assert phases["Forskningsstrategi"][:2] == ("udvikling", "implementering")
    assert phases["Talentspor og forskningsforum"][:2] == ("implementering", None)
    assert phases["Samarbejdet med Steno Diabetes Center"][:2] == ("udvikling", "implementering")
    assert phases["Generisk model for samarbejde ml. HF og RF"][:2] == ("afprøvning", "udbredelse")
    assert phases["Sikre ledelsespipeline"][:2] == ("udvikling", "drift")


def test_the_opgave_column_is_the_year_task(year_plan):
    item = initiative(year_plan.document, "Forløbsbeskrivelse")
    assert item["year_task"] == "Fortsat afprøvning.\nEvalueringen foregår nationalt"
    assert item["history"] == [
        {"date": None, "phase": "udvikling", "phase_target": "implementering", "status": ""}
    ]


def test_a_title_in_a_text_box_names_the_area_and_parentheses_leave_the_slug(year_plan):
    areas = [(a["slug"], a["title"]) for a in year_plan.document["areas"]]
    assert areas[-1] == ("spor-5-udvikling", "Spor 5: Udvikling ... (nyt navn til sporet)")
    assert areas[0][0] == "spor-1-oeget-inddragelse-og-samarbejde-med-patienter-og"


# --- a deck shaped like our own renderer's ----------------------------------------------------


def test_a_fase_line_in_the_status_cell_gives_the_phase_and_is_not_status_text(rendered):
    item = initiative(rendered.document, "Konvertere akut aktivitet")
    assert (item["phase"], item["phase_target"]) == ("udvikling", "implementering")
    assert "Fase" not in item["status"]
    assert [h["status"] for h in item["history"]] == [
        "Igangsat.",
        "Igangsat.\nOpfølgning med hospitaler om foreløbig effekt i 1. kvt. 2022.",
    ]


def test_a_red_fase_line_is_a_new_phase_with_the_earlier_phase_unknown(rendered):
    item = initiative(rendered.document, "Fokus på rettidig udskrivelse")
    assert item["phase"] == "afprøvning"
    assert [(h["phase"], h["status"].split("\n")[0]) for h in item["history"]] == [
        (None, "Analyse og koncept forventet klar februar 2022"),
        ("afprøvning", "Analyse og koncept forventet klar februar 2022"),
    ]


def test_a_fortsat_row_on_the_next_slide_continues_the_initiative(rendered):
    titles = [i["title"] for i in rendered.document["initiatives"]]
    assert titles == [
        "Konvertere akut aktivitet til flere subakutte tider",
        "Fokus på rettidig udskrivelse af geriatriske patienter",
        "Afvikling af udsat aktivitet",
    ]
    item = initiative(rendered.document, "Fokus på rettidig udskrivelse")
    assert item["status"].endswith("\nKoncept drøftet på AUH.")
    assert [a["title"] for a in rendered.document["areas"]] == ["Hospitaler"]
    assert "continued_row" in rendered.codes()


def test_a_tema_header_column_gives_the_theme(rendered):
    assert initiative(rendered.document, "Afvikling")["theme"] == "Aktivitet"
    assert initiative(rendered.document, "Afvikling")["status_date"] == "2021-12-10"


def test_read_file_reads_a_deck_from_a_path(tmp_path):
    path = tmp_path / "aarsplan.pptx"
    path.write_bytes(b.year_plan_deck())
    result = read_file(path)
    assert len(result.document["initiatives"]) == 11
    assert result.document["areas"][0]["title"].startswith("Spor 1")


def test_initiativer_over_two_unmerged_header_cells_makes_the_first_column_the_theme():
    spec = b.TableSpec(
        [
            ["Initiativer", "", "Status", "Opfølgning: Lokal/Fælles"],
            ["Akut", "Konvertere akut aktivitet", "Igangsat", "Lokalt"],
        ]
    )
    deck = b.DeckBuilder().table_slide("Hospitaler", spec)
    item = read_pptx(deck.to_bytes(), filename="d.pptx").document["initiatives"][0]
    assert (item["theme"], item["title"]) == ("Akut", "Konvertere akut aktivitet")


def test_an_unknown_fase_line_is_kept_in_the_status_with_a_warning():
    spec = b.TableSpec([b.WINTER_HEADER_3, ["Indsats", "I gang\nFase: snart færdig", "Lokalt"]])
    result = read_pptx(
        b.DeckBuilder().table_slide("Hospitaler", spec).to_bytes(), filename="d.pptx"
    )
    item = result.document["initiatives"][0]
    assert (item["phase"], item["status"]) == (None, "I gang\nFase: snart færdig")
    warning = next(d for d in result.warnings if d.code == "unknown_phase")
    assert (warning.location.slide, warning.location.row, warning.location.column) == (
        1,
        2,
        "Status",
    )


def test_a_row_without_initiative_text_on_a_first_slide_is_a_warning():
    spec = b.TableSpec([b.WINTER_HEADER, ["Patientkontoret", "", "Forretningsudvalget", ""]])
    result = read_pptx(
        b.DeckBuilder().table_slide("Patientkontoret", spec).to_bytes(), filename="d.pptx"
    )
    assert [(d.code, d.location.row) for d in result.warnings] == [("row_without_title", 2)]


def test_texts_that_differ_only_in_a_number_are_not_merged():
    text = "Tværsektoriel audit af akutte indlæggelser og genindlæggelser i alle klynger, runde "
    spec_a = b.TableSpec([b.WINTER_HEADER_3, [text + "1", "I gang", "Lokalt"]])
    spec_b = b.TableSpec([b.WINTER_HEADER_3, [text + "2", "I gang", "Lokalt"]])
    deck = b.DeckBuilder().table_slide("Kommuner", spec_a).table_slide("Hospitaler", spec_b)
    result = read_pptx(deck.to_bytes(), filename="d.pptx")
    assert [i["areas"] for i in result.document["initiatives"]] == [["kommuner"], ["hospitaler"]]
    assert len(result.near_matches) == 1

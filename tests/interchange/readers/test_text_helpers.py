"""The small parsers behind the readers: names, slugs, pagination, phases, follow-up, red."""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.interchange.readers import normalise_name
from fremdrift.interchange.readers.followup import parse_follow_up
from fremdrift.interchange.readers.pptx_cells import is_reddish
from fremdrift.interchange.readers.text import (
    SlugRegistry,
    find_date,
    normalise_text,
    slugify,
    strip_pagination,
)
from fremdrift.interchange.readers.vocab import kind_heading, parse_phase, work_form_from_title


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Koncern HR", "  koncern   hr "),
        ("Præhospitalet", "PRAEHOSPITALET"),
        ("Århus", "Aarhus"),
        ("Horsens-\nklyngen", "Horsensklyngen"),
        ("Center for Kompetence-\nudvikling", "center for kompetenceudvikling"),
        ("Café Sundhed", "cafe sundhed"),
    ],
)
def test_normalise_name_ignores_case_accents_whitespace_and_hyphenation(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_normalise_name_keeps_an_elliptic_hyphen():
    assert normalise_name("senge- og akutafdelinger") == "senge- og akutafdelinger"


def test_normalise_text_also_drops_punctuation():
    assert normalise_text("‘Behandling i eget hjem’ – skal følges.") == normalise_text(
        "'behandling i eget hjem' - skal  følges"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Personale (særligt fokus)", "personale-saerligt-fokus"),
        ("Præhospitalet på Ærø og Åbyhøj", "praehospitalet-paa-aeroe-og-aabyhoej"),
        ("Udvikling -> Implementering!", "udvikling-implementering"),
        ("", "x"),
    ],
)
def test_slugify_is_ascii_with_danish_letters_spelled_out(text, slug):
    assert slugify(text) == slug


def test_slugs_are_cut_at_a_word_boundary_within_sixty_characters():
    slug = slugify("Øget anvendelse af direkte visitering fra hospitalsafdelingerne til private")
    assert slug == "oeget-anvendelse-af-direkte-visitering-fra"
    assert len(slug) <= 60


def test_a_slug_registry_numbers_repeats_within_the_length():
    registry = SlugRegistry()
    long_title = "a" * 70
    assert [registry.take("Akut"), registry.take("akut"), registry.take("AKUT")] == [
        "akut",
        "akut-2",
        "akut-3",
    ]
    first, second = registry.take(long_title), registry.take(long_title)
    assert len(first) == 60 and second.endswith("-2") and len(second) <= 60


@pytest.mark.parametrize(
    ("title", "area", "marked"),
    [
        ("Personale (særligt fokus på senge-/akutafdelinger)\nSlide 1 af 3", None, True),
        ("Praktiserende læger Slide 2 af 3", "Praktiserende læger", True),
        ("Hospitaler (fortsat)", "Hospitaler", True),
        ("Visitation i Lægevagten (fortsat fra sidste side)", "Visitation i Lægevagten", True),
        ("Akut – fortsat", "Akut", True),
        ("Kommuner (2/2)", "Kommuner", True),
        ("Kommuner", "Kommuner", False),
    ],
)
def test_pagination_marks_are_removed_from_titles(title, area, marked):
    stripped, found = strip_pagination(title)
    assert stripped == (area or "Personale (særligt fokus på senge-/akutafdelinger)")
    assert found is marked


@pytest.mark.parametrize(
    ("text", "phase", "target", "pure"),
    [
        ("Udvikling -> Implementering", "udvikling", "implementering", True),
        ("Afprøvning → Udbredelse", "afprøvning", "udbredelse", True),
        ("Udvikling –> Implementeret", "udvikling", "implementering", True),
        ("Udvikling - > Drift", "udvikling", "drift", True),
        ("Udviklingsopgave", "udvikling", None, True),
        ("Implementering", "implementering", None, True),
        ("Fase: Afdækning", "afdækning", None, True),
        ("Afsluttet", "afsluttet", None, True),
        ("Stoppet", "stoppet", None, True),
        ("Implementeret den 1. februar 2022", "implementering", None, False),
        ("I gang", None, None, False),
    ],
)
def test_phase_texts_give_phase_and_target(text, phase, target, pure):
    parsed = parse_phase(text)
    assert (parsed.phase, parsed.target, parsed.pure) == (phase, target, pure)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Udviklingsindsatser", "udvikling"),
        ("Udviklingsindsats", "udvikling"),
        ("Implementering", "implementering"),
        ("Udvikling af samarbejdet", None),
    ],
)
def test_kind_sub_headings(text, kind):
    assert kind_heading(text) == kind


@pytest.mark.parametrize(
    ("title", "work_form"),
    [
        ("Prøvehandling, hvor lægevagten booker tid", "prøvehandling"),
        ("Bookingsystem i Lægevagten - Prøvehandling", "prøvehandling"),
        ("Sprint: Standardtekster ved medicinordination", "sprint"),
        ("Kampagne om brug af lægevagten", "kampagne"),
        ("Afdække omfang, årsager", None),
        ("Dialog med PLO om prøvehandling", None),
    ],
)
def test_work_form_from_the_first_or_last_word_of_a_title(title, work_form):
    assert work_form_from_title(title) == work_form


@pytest.mark.parametrize(
    ("text", "local", "common", "lead"),
    [
        (
            "Lokalt: Randersklyngen / Fælles: Sundhedsplanlægning tovholder",
            ["Randersklyngen"],
            ["Sundhedsplanlægning"],
            "Sundhedsplanlægning",
        ),
        ("Lokalt", [], [], None),
        ("Fælles: ERFA på tværs", [], ["ERFA på tværs"], "ERFA på tværs"),
        (
            "Fælles: Koncern HR, Center for Kompetenceudvikling",
            [],
            ["Koncern HR", "Center for Kompetenceudvikling"],
            "Koncern HR",
        ),
        (
            "Fælles: Sundhedsplanlægning tovholder i samarbejde med BI-kontoret\n"
            "Lokalt: Drøftes i alle klynger",
            ["Drøftes i alle klynger"],
            ["Sundhedsplanlægning", "BI-kontoret"],
            "Sundhedsplanlægning",
        ),
        (
            "Fælles: Opgørelse over forbruget i kommunale akutfunktioner (Koncern Økonomi)",
            [],
            ["Koncern Økonomi"],
            "Koncern Økonomi",
        ),
        ("Lokalt: Brugen af vikarer er et lokalt anliggende", [], [], None),
        ("Lokalt: PLO-Midtjylland", ["PLO-Midtjylland"], [], None),
    ],
)
def test_follow_up_cells_give_local_and_common_units_and_the_lead(text, local, common, lead):
    parsed = parse_follow_up(text)
    assert (parsed["local"], parsed["common"], parsed["lead"]) == (local, common, lead)
    assert parsed["text"] == text


@pytest.mark.parametrize(
    ("text", "has_local", "has_common"),
    [
        ("Lokalt og fælles", True, True),
        ("Fælles og Lokalt", True, True),
        ("Både fælles og lokalt ansvar", True, True),
        ("Fælles:", False, True),
        ("", False, False),
    ],
)
def test_follow_up_flags_without_units(text, has_local, has_common):
    parsed = parse_follow_up(text)
    assert (parsed["has_local"], parsed["has_common"]) == (has_local, has_common)


@pytest.mark.parametrize(
    ("colour", "red"),
    [
        ("FF0000", True),
        ("C00000", True),
        ("E31B23", True),
        ("FFC000", False),
        ("FF99CC", False),
        ("000000", False),
        ("zzzzzz", False),
    ],
)
def test_red_means_close_to_ff0000(colour, red):
    assert is_reddish(colour) is red


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Status til Sundhedsstyregruppen 8. februar 2022", dt.date(2022, 2, 8)),
        ("Møde 15. dec. 2021", dt.date(2021, 12, 15)),
        ("2022-02-08", dt.date(2022, 2, 8)),
        ("AL møde 12-02-21", dt.date(2021, 2, 12)),
        ("08.02.2022", dt.date(2022, 2, 8)),
        ("Q3 2021", None),
        ("31. februar 2022", None),
    ],
)
def test_dates_are_found_in_danish_and_numeric_forms(text, date):
    assert find_date(text) == date

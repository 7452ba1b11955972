"""Hand-made and synthetic plan snapshots for tests, benchmarks and looking at the output.

The winter-plan sample uses texts from the region's 360 degree winter plan status deck; the
synthetic plan is shaped like it (areas of themed initiatives with long status texts).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime

from .snapshot import AreaSnapshot, InitiativeSnapshot, PlanSnapshot

WINTER_PURPOSE = (
    "Komme godt og sikkert gennem vinteren",
    "Være beredt, hvis COVID-19 eller andre infektionssygdomme skalerer i omfang",
    "Sikre godt arbejdsmiljø og bemanding i somatikken, psykiatrien og socialområdet på kort "
    "og lang sigt",
    "Håndtere det øgede pres på den akutte aktivitet",
    "Håndtere ventelister og planlagt aktivitet",
)

_WINTER = [
    # (area, theme, title, baseline status, current status, follow-up)
    (
        "personale",
        "Flere faggrupper i spil til patientnære opgaver",
        "Terapeuter, farmakonomer, serviceassistenter, kliniske diætister, psykologer, "
        "pædagoger, socialrådgivere m.fl. indgår i øget omfang i de patientnære opgaver de er "
        "bedst til og har de faglige forudsætninger for – og i vagter.\n"
        "Løbende erfaringsudveksling på tværs af afdelinger",
        "Jf. Regionsrådets beslutning 27. oktober 2021.",
        "Jf. Regionsrådets beslutning 27. oktober 2021. I gang på alle hospitaler.",
        "Lokalt\nFælles: ERFA på tværs",
    ),
    (
        "personale",
        "Flere faggrupper i spil til patientnære opgaver",
        "Mulighederne for på sigt at anvende og herunder uddanne operationsteknikere afsøges "
        "(både erhvervsuddannelse og kompetenceudvikling af nuværende medarbejdere)",
        "Uddannelse af nuværende medarbejdere er igangsat.",
        "Uddannelse af nuværende medarbejdere er igangsat.\n"
        "En afdækning er gennemført. HR-forum har besluttet, at Koncern HR går videre med at "
        "etablere et fælles og tværregionalt koncept. Oversygeplejerskerne ved operationsafsnit "
        "på de 5 somatiske hospitaler er inddraget.",
        "Lokalt: Flere af regionens enheder arbejder med lokalt at kompetenceudvikle "
        "medarbejdere til at kunne varetage opgaven som operationstekniker\n"
        "Fælles: Muligheden for at uddanne operationsteknikere via erhvervsuddannelse afsøges "
        "af Koncern HR, Center for Kompetenceudvikling",
    ),
    (
        "personale",
        "Sprede vagtbelastning og få flere til at tage vagter",
        "Lokale prøvehandlinger omkring vagttilrettelæggelse f.eks. med varierende/andre "
        "vagtlængder og starttidspunkter/sluttidspunkter",
        "Igangsat på nogle hospitaler.",
        "Igangsat på nogle hospitaler.\nGensidig orientering mellem enheder på møde i HR-forum "
        "23. februar 2022.",
        "Lokalt",
    ),
    (
        "personale",
        "Sikre god introduktion",
        "Evaluering af introduktionsforløb for nye sygeplejersker, jf. Budget 2021",
        "Gennemføres i 1. kvartal 2021.",
        "Gennemføres i 1. kvartal 2021.",
        "Fælles: Koncern HR; Sundhedsuddannelser har ansvaret for evalueringen",
    ),
    (
        "laeger",
        "Visitation i Lægevagten",
        "Talepromt på lægevagtstelefon\n• Aktiveres i perioder med længere ventetider end "
        "normalt. Opfordrer til at henvende sig til egen læge, hvis det kan vente",
        "Er indtalt.",
        "Er indtalt.\nAktiveret den 22. november 2021.",
        "Fælles: Koncern Økonomi tovholder",
    ),
    (
        "laeger",
        "Visitation i Lægevagten",
        "Viderestilling af 1-1-2 fejlopkald til AMK\n• Viderestilling sætter patient foran i "
        "køen til lægevagten. Det undersøges om der skal ændres på muligheden for "
        "viderestilling eller procedurerne ændres så patient stilles om til lægevagtens "
        "hovednummer el. anmodes om selv at ringe til lægevagtens hovednummer",
        "Undersøges nærmere i november 2021.\nPræhospitalet har indsamlet data på "
        "viderestillinger. Analyse og endelig afklaring medio jan. 2022.",
        "Undersøges nærmere i november 2021.\nPræhospitalet har indsamlet data på "
        "viderestillinger. Analyse og endelig afklaring medio jan. 2022.\n-> Arbejdsgang "
        "ændres, så 1-1-2 fejlopkald til AMK ikke længere viderestilles, men stilles om til "
        "lægevagtens hovednummer.\nImplementeret den 1. februar 2022.",
        "Fælles: Tværgående opfølgning, Koncern Økonomi tovholder",
    ),
    (
        "laeger",
        "Forebygge akutte indlæggelser og genindlæggelser",
        "Prøvehandling i en klynge vedr. tværsektorielt overblik over akut kapacitet, herunder "
        "kommunale akutpladser",
        "Status til Sundhedsstyregruppen den 9. februar 2022.",
        "Status til Sundhedsstyregruppen den 9. februar 2022.",
        "Lokalt: Randersklyngen",
    ),
    (
        "hospitaler",
        "Aktivitet",
        "Øget brug af privathospitaler ved hjælp af mindre aftaler (tilbudsindhentning), for "
        "derved at sikre øget behandlingskapacitet og mulighed for direkte visitering af "
        "patienter.",
        "Har været i gang siden starten af COVID.",
        "Har været i gang siden starten af COVID. Der er indgået midlertidige aftaler inden "
        "for følgende specialer: MR, Ultralyd, Varicer og Plastikkirurgi (hudkræft).",
        "Fælles: Sundhedsplanlægning tovholder",
    ),
]

_AREAS = {
    "personale": "Personale (særligt fokus på senge-/akutafdelinger)",
    "laeger": "Praktiserende læger",
    "hospitaler": "Hospitaler",
}


def winter_plan_pair() -> tuple[PlanSnapshot, PlanSnapshot]:
    """(baseline, current) snapshots of a small winter plan with texts from the seed deck.

    Between them: sentences were added to several statuses, one initiative changed phase,
    one is new, one was removed and one has not reported.
    """
    old_items, new_items = {}, {}
    for number, (area, theme, title, before, after, follow_up) in enumerate(_WINTER, start=1):
        base = InitiativeSnapshot(
            id=number,
            ref=f"V-{number:02d}",
            title=title,
            theme=theme,
            phase="implementering",
            phase_label="Implementering",
            status=before,
            follow_up_text=follow_up,
        )
        old_items[number] = (area, base)
        new_items[number] = (area, replace(base, status=after))
    area, item = new_items[3]
    new_items[3] = (
        area,
        replace(item, phase="afproevning", phase_label="Afprøvning", phase_target_label="Drift"),
    )
    area, item = new_items[4]
    new_items[4] = (area, replace(item, flags=frozenset({"not_reported"})))
    old_items[90] = ("laeger", InitiativeSnapshot(id=90, ref="V-90", title="Bruge Akut-funktioner"))
    new_items[91] = (
        "hospitaler",
        InitiativeSnapshot(
            id=91,
            ref="V-91",
            title="Konvertere akut aktivitet til flere subakutte tider",
            theme="Akut",
            status="Igangsat. Opfølgning med hospitaler om foreløbig effekt i løbet af "
            "1. kvt. 2022.",
            follow_up_text="Lokalt",
            phase_label="Afprøvning",
        ),
    )
    baseline = _plan(old_items, datetime(2021, 11, 25, 12, tzinfo=UTC))
    current = _plan(new_items, datetime(2021, 12, 10, 9, tzinfo=UTC))
    return baseline, current


def _plan(items: dict[int, tuple[str, InitiativeSnapshot]], as_of: datetime) -> PlanSnapshot:
    areas = [
        AreaSnapshot(
            id=position,
            slug=slug,
            title=title,
            position=position,
            initiative_ids=tuple(i for i, (a, _) in items.items() if a == slug),
        )
        for position, (slug, title) in enumerate(_AREAS.items(), start=1)
    ]
    return PlanSnapshot(
        slug="vinterplan-2021",
        title="360 graders plan for vinteren 2021/22",
        as_of=as_of,
        purpose=WINTER_PURPOSE,
        areas=tuple(areas),
        initiatives={i: item for i, (_, item) in items.items()},
    )


_WORDS = [
    "Koncern HR arbejder med en række forslag.",
    "Løsninger udarbejdes i dialog med de sygeplejefaglige direktører.",
    "Drøftet i HR-forum 16. december 2021.",
    "Behov og muligheder for kommende initiativer er ved at blive afdækket sammen med "
    "hospitalerne.",
    "Opfølgning med hospitaler om foreløbig effekt i løbet af 1. kvartal 2022.",
    "Regionsrådet vedtog den 15. december 2021 principper for udmøntning af regionens andel af "
    "coronavinterpakken, herunder fastholdelsestillæg.",
    "Der er aftalt enkelte prøvehandlinger på udvalgte områder.",
]


def synthetic_plan_pair(
    initiatives: int = 300, *, areas: int = 5, seed: int = 4, enormous_cell: bool = False
) -> tuple[PlanSnapshot, PlanSnapshot]:
    """(baseline, current) of a synthetic plan shaped like the winter plan.

    Long status texts of 2–12 sentences, themes of 3–6 initiatives, a third of the
    statuses with an added sentence. ``enormous_cell`` gives one status several slides long.
    """
    rng = random.Random(seed)
    old: dict[int, InitiativeSnapshot] = {}
    new: dict[int, InitiativeSnapshot] = {}
    theme_number = 0
    for number in range(1, initiatives + 1):
        if number == 1 or rng.random() < 0.22:
            theme_number += 1
        sentences = [rng.choice(_WORDS) for _ in range(rng.randint(2, 12))]
        item = InitiativeSnapshot(
            id=number,
            ref=f"S-{number:03d}",
            title=f"Indsats {number}: " + rng.choice(_WORDS)[:90].rstrip("."),
            theme=f"Tema {theme_number}: tværgående samarbejde om visitation",
            phase="udvikling",
            phase_label="Udvikling",
            phase_target_label=rng.choice(["", "Implementering"]),
            status=" ".join(sentences),
            follow_up_text="Lokalt: Alle hospitaler\nFælles: Koncern HR, Stab tovholder",
        )
        old[number] = item
        if rng.random() < 0.33:
            item = replace(item, status=item.status + " Aftalt på møde 24. november 2021.")
        new[number] = item
    if enormous_cell:
        new[1] = replace(new[1], status=" ".join(_WORDS * 40))
    slugs = [f"omraade-{a + 1}" for a in range(areas)]
    per_area = -(-initiatives // areas)
    area_snaps = tuple(
        AreaSnapshot(
            id=a + 1,
            slug=slug,
            title=f"Område {a + 1}: Personale og akutte forløb",
            position=a + 1,
            initiative_ids=tuple(range(a * per_area + 1, min(initiatives, (a + 1) * per_area) + 1)),
        )
        for a, slug in enumerate(slugs)
    )
    plan = {
        "slug": "syntetisk-plan",
        "title": "Syntetisk vinterplan",
        "purpose": WINTER_PURPOSE,
        "areas": area_snaps,
    }
    baseline = PlanSnapshot(as_of=datetime(2021, 11, 25, tzinfo=UTC), initiatives=old, **plan)
    current = PlanSnapshot(as_of=datetime(2021, 12, 10, tzinfo=UTC), initiatives=new, **plan)
    return baseline, current


_YEAR = [
    # (area, theme, title, year task, phase, target)
    (
        "spor-1",
        "Implementeringsindsatser",
        "Patient- og pårørendepanelets anbefalinger",
        "Anbefalingerne skal ud og leve både i driften og udviklingen af psykiatrien",
        "Implementering",
        "",
    ),
    (
        "spor-1",
        "Implementeringsindsatser",
        "Modtagelse af førstegangsindlagte",
        "Prøvehandling udbredes til alle afdelinger – opfølgning på driftsmøder",
        "Implementering",
        "",
    ),
    (
        "spor-1",
        "Udviklingsindsatser",
        "Udvikling af samarbejdet med de pårørende",
        "I første omgang revision af indkaldelsesbreve",
        "Udvikling",
        "",
    ),
    (
        "spor-2",
        "Implementeringsindsatser",
        "Forløbsbeskrivelse for indlagte patienter",
        "Fortsat afprøvning.\nEvalueringen foregår nationalt",
        "Udvikling",
        "Implementering",
    ),
    (
        "spor-2",
        "Implementeringsindsatser",
        "Patientstyrede ambulante forløb",
        "Konceptet godkendt af HL. Præsenteres for AL.\nKlar til udrulning fra Q3 2021",
        "Implementering",
        "",
    ),
]
_YEAR_AREAS = {
    "spor-1": "Spor 1: Øget inddragelse og samarbejde med patienter og pårørende",
    "spor-2": "Spor 2: Bedre sammenhængende patientforløb (sekundær sektor)",
}


def year_plan_pair() -> tuple[PlanSnapshot, PlanSnapshot]:
    """(baseline, current) of a year plan ("Opgave i 2021") with texts from the seed deck.

    Between them one task gained a sentence and one initiative moved on to implementation.
    """
    old, new = {}, {}
    for number, (area, theme, title, task, phase, target) in enumerate(_YEAR, start=1):
        item = InitiativeSnapshot(
            id=number,
            ref=f"P-{number:02d}",
            title=title,
            theme=theme,
            year_task=task,
            phase_label=phase,
            phase_target_label=target,
        )
        old[number] = (area, item)
        new[number] = (area, item)
    area, item = new[2]
    new[2] = (area, replace(item, year_task=item.year_task + ". Status på AL i juni"))
    area, item = new[4]
    new[4] = (area, replace(item, phase_label="Implementering", phase_target_label=""))

    def snapshot(items: dict, as_of: datetime) -> PlanSnapshot:
        areas = tuple(
            AreaSnapshot(
                id=position,
                slug=slug,
                title=title,
                position=position,
                initiative_ids=tuple(i for i, (a, _) in items.items() if a == slug),
            )
            for position, (slug, title) in enumerate(_YEAR_AREAS.items(), start=1)
        )
        return PlanSnapshot(
            slug="aarsplan-2021",
            title="Psykiatriens vision og strategiske årsplansindsatser 2021",
            as_of=as_of,
            period_start=date(2021, 1, 1),
            areas=areas,
            initiatives={i: item for i, (_, item) in items.items()},
        )

    return snapshot(old, datetime(2021, 3, 1, tzinfo=UTC)), snapshot(
        new, datetime(2021, 6, 1, tzinfo=UTC)
    )

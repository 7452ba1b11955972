"""The indicators' part of ``fremdrift demo``: a published run on synthetic data, the winter
plan's initiatives linked to their indicators, and Patientkontoret's hand-entered figures.

Idempotent: a second run changes nothing. Quick: about 60,000 synthetic contacts over 14
months, generated in a temporary folder that is removed; the engine's output is kept in
memory for the rest of the process, so later demo loads (tests) only store it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from fremdrift.indicators import actions, runs
from fremdrift.indicators.choices import (
    ComputedIndicator,
    Direction,
    GeoLevel,
    PeriodType,
    RunSource,
    RunStatus,
    Sector,
)
from fremdrift.indicators.engine import IndicatorParams
from fremdrift.indicators.engine import run as run_engine
from fremdrift.indicators.engine.geography import REGION_CODE
from fremdrift.indicators.models import IndicatorRun, ManualIndicator, ManualValue

ACTOR = "demo"
PLAN = "vinterplan-2021"
CONTACTS = 60_000
SEED = 2021
START = dt.date(2021, 1, 1)
END = dt.date(2022, 3, 1)  # also the data time: 1 March 2022, 00:00
NOTE = "Syntetiske demodata (seed 2021)"

# (initiative ref, indicator, sector, level, code, name, target, direction)
LINKS = [
    # Theme "Forebygge akutte indlæggelser og genindlæggelser", local follow-up Randersklyngen.
    (
        "overblik-akut-kapacitet",
        ComputedIndicator.READMISSION_30D,
        Sector.SOMATIC,
        GeoLevel.CLUSTER,
        "Randersklyngen",
        "Randersklyngen",
        0.20,
        Direction.LOWER,
    ),
    (
        "overblik-akut-kapacitet",
        ComputedIndicator.ACUTE_ADMISSIONS,
        Sector.SOMATIC,
        GeoLevel.CLUSTER,
        "Randersklyngen",
        "Randersklyngen",
        None,
        Direction.LOWER,
    ),
    # Theme "Reducere færdigbehandlingsdage (særligt indenfor psykiatrien)".
    (
        "faerdigbehandlingsdage-klynger",
        ComputedIndicator.FB_DAYS,
        Sector.PSYCHIATRY,
        GeoLevel.REGION,
        REGION_CODE,
        REGION_CODE,
        None,
        Direction.LOWER,
    ),
    (
        "faerdigbehandlingsdage-klynger",
        ComputedIndicator.FB_DAYS,
        Sector.SOMATIC,
        GeoLevel.REGION,
        REGION_CODE,
        REGION_CODE,
        None,
        Direction.LOWER,
    ),
]

# Hand-entered figures from the status texts of seed 004 (Patientkontoret, Lægevagten).
MANUAL = [
    {
        "ref": "direkte-visitering-privathospitaler",
        "name": "Gennemsnitlig svartid i Patientkontoret",
        "unit": "dage",
        "target": Decimal(14),
        "direction": Direction.LOWER,
        "description": "Da ventetiden var højest, lå den gennemsnitlige svartid på 6-8 uger.",
        "values": [
            (dt.date(2021, 10, 12), Decimal(49), "Højeste niveau: 6-8 uger"),
            (dt.date(2022, 2, 8), Decimal(6), "Pr. den 8. februar 2022"),
        ],
    },
    {
        "ref": "akutknap",
        "name": "Andel besvarede opkald med akutknap",
        "unit": "%",
        "target": None,
        "direction": Direction.HIGHER,
        "description": "Akutknappen blev aktiveret i uge 43; de fleste uger 6-7 % af de besvarede "
        "opkald.",
        "values": [
            (dt.date(2021, 11, 7), Decimal("6.2"), "Uge 44"),
            (dt.date(2021, 12, 5), Decimal("6.8"), "Uge 48"),
            (dt.date(2022, 1, 9), Decimal("6.5"), "Uge 1"),
            (dt.date(2022, 2, 6), Decimal("6.9"), "Uge 5"),
        ],
    },
]

_cache: dict[str, Any] = {}


def _computed() -> dict[str, Any]:
    """Synthetic input → engine output, once per process (the files are removed at once)."""
    if "result" not in _cache:
        # numpy and pyarrow: imported only when the demo is made, not by every process
        from fremdrift.indicators.engine.synth import generate

        folder = Path(tempfile.mkdtemp(prefix="fremdrift-demo-indicators-"))
        try:
            synth = generate(CONTACTS, SEED, folder / "in", start=START, end=END)
            contacts = runs.InputFile("contacts", synth.contacts_path, "contacts.parquet")
            periods = runs.InputFile("fb_periods", synth.fb_periods_path, "fb_periods.parquet")
            result = run_engine(
                synth.contacts_path,
                synth.fb_periods_path,
                synth.as_of,
                folder / "out",
                IndicatorParams(),
            )
            _cache["result"] = {
                "as_of": dt.datetime.fromisoformat(synth.as_of),
                "files": [runs.file_facts(contacts), runs.file_facts(periods)],
                "validation": result.validation,
                "rows": list(runs.read_rows(result.indicators_parquet)),
            }
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return _cache["result"]


def load_run() -> IndicatorRun:
    existing = IndicatorRun.objects.filter(source=RunSource.DEMO).order_by("pk").first()
    if existing is not None:
        if existing.status == RunStatus.VALIDATED:
            return actions.publish_run(existing, by=ACTOR)
        return existing
    data = _computed()
    run = actions.create_run(
        by=ACTOR,
        as_of=data["as_of"],
        params=IndicatorParams().to_dict(),
        files=data["files"],
        source=RunSource.DEMO,
        note=NOTE,
    )
    actions.complete_run(run.pk, by=ACTOR, validation=data["validation"], rows=data["rows"])
    return actions.publish_run(run, by=ACTOR)


def load_links() -> None:
    from fremdrift.portfolio.models import Initiative

    refs = {ref for ref, *_rest in LINKS} | {m["ref"] for m in MANUAL}
    initiatives = {i.ref: i for i in Initiative.objects.filter(plan__slug=PLAN, ref__in=refs)}
    for ref, indicator, sector, level, code, name, target, direction in LINKS:
        initiative = initiatives.get(ref)
        if (
            initiative is None
            or initiative.indicator_links.filter(
                indicator=indicator, sector=sector, geo_level=level, geo_code=code
            ).exists()
        ):
            continue
        actions.link_indicator(
            initiative,
            by=ACTOR,
            indicator=indicator,
            sector=sector,
            geo_level=level,
            geo_code=code,
            geo_name=name,
            target=target,
            direction=direction,
            period_type=PeriodType.MONTH,
        )
    for spec in MANUAL:
        initiative = initiatives.get(spec["ref"])
        if initiative is None:
            continue
        indicator = ManualIndicator.objects.filter(initiative=initiative, name=spec["name"]).first()
        if indicator is None:
            indicator = actions.create_manual_indicator(
                initiative,
                by=ACTOR,
                name=spec["name"],
                unit=spec["unit"],
                target=spec["target"],
                direction=spec["direction"],
                description=spec["description"],
                illustrative=True,  # the targets and weekly values are not in the seed
            )
        for date, value, note in spec["values"]:
            if not ManualValue.objects.filter(indicator=indicator, date=date).exists():
                actions.record_manual_value(indicator, by=ACTOR, date=date, value=value, note=note)


def load_indicators_demo() -> None:
    """The demo step (``demo.loader.EXTRA_STEPS``)."""
    load_run()
    load_links()

"""An independent, slow reference implementation of spec/indicators.md in plain Python/pandas.

Written from the specification, not from the engine's SQL: timestamps are parsed with
``datetime.fromisoformat`` and ``zoneinfo`` (fold=0), stays are linked with an explicit loop
per patient, readmissions are found with ``bisect`` and færdigbehandling days are expanded
one date at a time. It is meant for test-sized inputs (a few hundred thousand rows).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from fremdrift.indicators.engine.geography import load_municipalities
from fremdrift.indicators.engine.params import IndicatorParams

CPH = ZoneInfo("Europe/Copenhagen")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR = 3_600_000_000
DAY = 24 * HOUR
CONTACT_REQUIRED = ["contact_id", "patient_id", "start_ts", "contact_type", "priority", "sector"]
FB_REQUIRED = ["period_id", "patient_id", "fb_start_ts", "sector"]
COUNT_INDICATORS = {"acute_admissions", "fb_days", "fb_days_1_2", "fb_days_3plus"}


def read_table(path: str | Path) -> pd.DataFrame:
    """Every column as stripped text; empty string for missing."""
    path = Path(path)
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    out = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        values = frame[column].astype(object).tolist()
        out[column.strip()] = ["" if v is None or v != v else str(v).strip() for v in values]
    return out


def parse_ts(text: str) -> int | None:
    """Epoch microseconds of an ISO 8601 timestamp; naive = Europe/Copenhagen, fold=0."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CPH, fold=0)
    return (moment - EPOCH) // timedelta(microseconds=1)


def local_date(us: int) -> date:
    """Europe/Copenhagen calendar date of an instant."""
    return (EPOCH + timedelta(microseconds=us)).astimezone(CPH).date()


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def map_municipality(code: str, known: set[str]) -> str:
    code = code.strip()
    if code in known:
        return code
    if re.fullmatch(r"[0-9]{3}", code):
        return "Øvrige regioner"
    return "Ukendt"


def id_key(ids: list[str]):
    """Sort key for ids: numbers when all are integers, else strings."""
    if all(re.fullmatch(r"-?[0-9]+", i) for i in ids):
        return int
    return str


@dataclass
class Counter:
    count: int = 0
    examples: list | None = None

    def add(self, example: str) -> None:
        self.count += 1
        if self.examples is None:
            self.examples = []
        if len(self.examples) < 20:
            self.examples.append(example)

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "examples": list(self.examples or [])}


def clean(
    frame: pd.DataFrame, id_col: str, required: list[str], start_col: str, end_col: str, alca: bool
) -> tuple[list[dict[str, Any]], dict[str, Counter]]:
    """The cleaning order of §9.4, row by row in file order."""
    names = [
        "duplicate_id",
        "missing_required",
        "unparseable_timestamp",
        "end_before_start",
        "unknown_sector",
    ]
    counters = {name: Counter() for name in names}
    if alca:
        counters["not_alca00"] = Counter()
    seen: set[str] = set()
    kept = []
    for n, row in enumerate(frame.to_dict("records")):
        for column in ["end_ts", "fb_end_ts", "municipality", "action_diagnosis", "discharge_mode"]:
            row.setdefault(column, "")
        label = row[id_col] or f"row {n + 1}"
        if row[id_col]:
            if row[id_col] in seen:
                counters["duplicate_id"].add(label)
                continue
            seen.add(row[id_col])
        if any(not row[c] for c in required):
            counters["missing_required"].add(label)
            continue
        start = parse_ts(row[start_col])
        end = parse_ts(row[end_col]) if row[end_col] else None
        if start is None or (row[end_col] and end is None):
            counters["unparseable_timestamp"].add(label)
            continue
        if end is not None and end < start:
            counters["end_before_start"].add(label)
            continue
        if row["sector"].lower() not in ("somatik", "psykiatri"):
            counters["unknown_sector"].add(label)
            continue
        if alca and row["contact_type"].upper() != "ALCA00":
            counters["not_alca00"].add(label)
            continue
        row["start"], row["end"], row["sector"], row["n"] = start, end, row["sector"].lower(), n
        kept.append(row)
    return kept, counters


def compute(
    contacts_path: str | Path,
    fb_path: str | Path,
    as_of: str,
    params: IndicatorParams | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """All indicators (the engine's output table) and the validation counts."""
    params = params or IndicatorParams()
    as_of_us = parse_ts(as_of)
    municipalities = load_municipalities()
    known = {m.code for m in municipalities}
    contacts, c_counts = clean(
        read_table(contacts_path), "contact_id", CONTACT_REQUIRED, "start_ts", "end_ts", True
    )
    periods, p_counts = clean(
        read_table(fb_path), "period_id", FB_REQUIRED, "fb_start_ts", "fb_end_ts", False
    )
    validation = {"contacts": c_counts, "fb_periods": p_counts}
    extra = {
        "unknown_priority": Counter(),
        "open_contacts": Counter(),
        "municipality_unknown": Counter(),
        "municipality_outside_region": Counter(),
    }
    for row in contacts:
        if row["priority"].upper() not in ("ATA1", "ATA3"):
            extra["unknown_priority"].add(row["contact_id"])
        if row["end"] is None:
            extra["open_contacts"].add(row["contact_id"])
        row["geo"] = map_municipality(row["municipality"], known)
        if row["geo"] == "Ukendt":
            extra["municipality_unknown"].add(row["contact_id"])
        if row["geo"] == "Øvrige regioner":
            extra["municipality_outside_region"].add(row["contact_id"])
    c_counts.update(extra)
    stays, merged = build_stays(contacts, params, as_of_us)
    c_counts["merged_into_stay"] = merged
    events = acute_events(stays) + readmission_events(stays, params, as_of_us)
    fb_events, outside, p_extra = fb_day_events(periods, stays, as_of_us, known)
    p_counts.update(p_extra)
    p_counts["outside_every_stay"] = outside
    events += fb_events
    table = aggregate(events, municipalities)
    plain = {
        section: {k: v.as_dict() for k, v in counters.items()}
        for section, counters in validation.items()
    }
    for section, total in (("contacts", contacts_path), ("fb_periods", fb_path)):
        plain[section]["rows_read"] = len(read_table(total))
    return table, plain


def build_stays(
    contacts: list[dict[str, Any]], params: IndicatorParams, as_of_us: int
) -> tuple[list[dict[str, Any]], Counter]:
    """§2: link contacts per patient (and sector) with a running maximum end."""
    key = id_key([c["contact_id"] for c in contacts])
    gap = params.link_gap_us
    groups: dict[tuple, list] = defaultdict(list)
    for c in contacts:
        c["end_eff"] = c["end"] if c["end"] is not None else max(as_of_us, c["start"])
        c["key"] = key(c["contact_id"])
        groups[(c["patient_id"], "" if params.link_across_sectors else c["sector"])].append(c)
    stays = []
    joined: list[dict[str, Any]] = []
    for (patient, _), group in groups.items():
        group.sort(key=lambda c: (c["start"], -c["end_eff"], c["key"]))
        current: list = []
        running_max = None
        for c in group:
            if running_max is not None and c["start"] <= running_max + gap:
                current.append(c)
                joined.append(c)
            else:
                if current:
                    stays.append(make_stay(patient, current, params, as_of_us))
                current = [c]
                running_max = None
            running_max = c["end_eff"] if running_max is None else max(running_max, c["end_eff"])
        stays.append(make_stay(patient, current, params, as_of_us))
    merged = Counter()
    for c in sorted(joined, key=lambda c: c["n"]):
        merged.add(c["contact_id"])
    return stays, merged


def make_stay(
    patient: str, contacts: list[dict[str, Any]], params: IndicatorParams, as_of_us: int
) -> dict[str, Any]:
    first = min(contacts, key=lambda c: (c["start"], -c["end_eff"], c["key"]))
    last = max(contacts, key=lambda c: (c["end_eff"], c["start"], c["key"]))
    start = min(c["start"] for c in contacts)
    end = max(c["end_eff"] for c in contacts)
    ongoing = any(c["end"] is None for c in contacts)
    if params.acute_rule == "first_contact":
        acute = first["priority"].upper() == "ATA1"
    else:
        acute = any(c["priority"].upper() == "ATA1" for c in contacts)

    def matches(prefixes: tuple[str, ...]) -> bool:
        return any(c["action_diagnosis"].upper().startswith(p) for c in contacts for p in prefixes)

    duration = (as_of_us if ongoing else end) - start
    return {
        "patient": patient,
        "sector": first["sector"] if params.link_across_sectors else contacts[0]["sector"],
        "start": start,
        "end": end,
        "ongoing": ongoing,
        "admission": duration >= params.admission_min_us,
        "acute": acute,
        "death": any(c["discharge_mode"].strip().casefold() == "død" for c in contacts),
        "index_excluded": matches(params.index_exclusion_prefixes),
        "readmission_excluded": matches(params.readmission_exclusion_prefixes),
        "geo_admission": first["geo"],
        "geo_discharge": last["geo"],
    }


def acute_events(stays: list[dict[str, Any]]) -> list[tuple]:
    return [
        ("acute_admissions", s["sector"], local_date(s["start"]), s["geo_admission"], 1, 0, 0)
        for s in stays
        if s["admission"] and s["acute"]
    ]


def readmission_events(
    stays: list[dict[str, Any]], params: IndicatorParams, as_of_us: int
) -> list[tuple]:
    """§4 with bisect over each patient's sorted acute admission starts."""
    starts: dict[tuple, list[int]] = defaultdict(list)
    for s in stays:
        if s["admission"] and s["acute"] and not s["readmission_excluded"]:
            starts[(s["patient"], s["sector"])].append(s["start"])
    for values in starts.values():
        values.sort()
    events = []
    for s in stays:
        if not s["admission"] or s["ongoing"] or s["death"] or s["index_excluded"]:
            continue
        candidates = starts.get((s["patient"], s["sector"]), [])
        i = bisect.bisect_right(candidates, s["end"])
        following = candidates[i] if i < len(candidates) else None
        for days in params.windows.get(s["sector"], ()):
            width = days * DAY
            name = f"readmission_{days}d"
            day = local_date(s["end"])
            if s["end"] > as_of_us - width:
                events.append((name, s["sector"], day, s["geo_discharge"], 0, 0, 1))
                continue
            hit = following is not None and following <= s["end"] + width
            events.append((name, s["sector"], day, s["geo_discharge"], int(hit), 1, 0))
    return events


def fb_day_events(
    periods: list[dict[str, Any]], stays: list[dict[str, Any]], as_of_us: int, known: set[str]
) -> tuple[list[tuple], Counter, dict[str, Counter]]:
    """§5: expand periods to Copenhagen dates; the latest-starting period wins a day."""
    key = id_key([p["period_id"] for p in periods])
    extra = {
        "open_periods": Counter(),
        "municipality_unknown": Counter(),
        "municipality_outside_region": Counter(),
    }
    by_patient: dict[tuple, list] = defaultdict(list)
    for s in stays:
        by_patient[(s["patient"], s["sector"])].append(s)
    outside = Counter()
    owner: dict[tuple, tuple] = {}
    as_of_day = local_date(as_of_us)
    for p in periods:
        geo = map_municipality(p["municipality"], known)
        if p["end"] is None:
            extra["open_periods"].add(p["period_id"])
        if geo == "Ukendt":
            extra["municipality_unknown"].add(p["period_id"])
        if geo == "Øvrige regioner":
            extra["municipality_outside_region"].add(p["period_id"])
        end_cut = p["end"] if p["end"] is not None else as_of_us
        overlapping = any(
            s["start"] <= end_cut and p["start"] <= s["end"]
            for s in by_patient.get((p["patient_id"], p["sector"]), [])
        )
        if not overlapping:
            outside.add(p["period_id"])
        if p["start"] > as_of_us:
            continue
        first = local_date(p["start"])
        stop = local_date(p["end"]) if p["end"] is not None else as_of_day + timedelta(days=1)
        rank = (p["start"], key(p["period_id"]))
        day = first
        while day < stop:
            slot = (p["patient_id"], p["sector"], day)
            ordinal = (day - first).days + 1
            if slot not in owner or owner[slot][0] < rank:
                owner[slot] = (rank, geo, ordinal)
            day += timedelta(days=1)
    events = []
    for (_, sector, day), (_, geo, ordinal) in owner.items():
        events.append(("fb_days", sector, day, geo, 1, 0, 0))
        tier = "fb_days_1_2" if ordinal <= 2 else "fb_days_3plus"
        events.append((tier, sector, day, geo, 1, 0, 0))
    return events, outside, extra


def aggregate(events: list[tuple], municipalities: list) -> pd.DataFrame:
    """§7 output: region, cluster and municipality rows per week and month."""
    names = {m.code: m.name for m in municipalities}
    clusters = {m.code: m.cluster for m in municipalities}
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for indicator, sector, day, geo, num, den, prov in events:
        for period_type, period in (("week", week_of(day)), ("month", month_of(day))):
            targets = [("region", "RM", "RM", 0), ("municipality", geo, names.get(geo, geo), 2)]
            if geo in clusters:
                targets.append(("cluster", clusters[geo], clusters[geo], 1))
            for level, code, name, order in targets:
                cell = cells[(indicator, sector, period_type, period, order, level, code, name)]
                cell[0] += num
                cell[1] += den
                cell[2] += prov
    rows = []
    for (indicator, sector, period_type, period, order, level, code, name), (
        num,
        den,
        prov,
    ) in cells.items():
        if num == 0 and den == 0 and prov == 0:
            continue
        if indicator in COUNT_INDICATORS:
            denominator, value, provisional = None, float(num), 0
            suppressed = 1 <= num <= 4
        else:
            denominator, provisional = den, prov
            value = num / den if den else None
            suppressed = 1 <= num <= 4 or 1 <= den <= 4
        rows.append(
            (indicator, sector, period_type, period, order, level, code, name, num, denominator,
             value, provisional, suppressed)
        )  # fmt: skip
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4], r[6]))
    columns = [
        "indicator", "sector", "period_type", "period", "order", "geo_level", "geo_code",
        "geo_name", "numerator", "denominator", "value", "provisional", "suppressed",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).drop(columns="order")

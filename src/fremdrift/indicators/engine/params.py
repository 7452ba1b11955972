"""Settings of the indicator engine (every *(param)* of spec/indicators.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SECTORS: tuple[str, ...] = ("somatik", "psykiatri")
ACUTE_RULES: tuple[str, ...] = ("first_contact", "any_contact")


def _default_windows() -> dict[str, tuple[int, ...]]:
    return {"somatik": (30,), "psykiatri": (7, 30)}


@dataclass(frozen=True)
class IndicatorParams:
    """The named settings that produced a set of figures.

    Every field has the default of the specification; a run records them with
    :meth:`to_dict` so that each figure can be traced and re-computed.
    """

    link_across_sectors: bool = False
    link_gap_hours: float = 4
    admission_min_hours: float = 12
    acute_rule: str = "first_contact"
    windows: Mapping[str, tuple[int, ...]] = field(default_factory=_default_windows)
    index_exclusion_prefixes: tuple[str, ...] = ()
    readmission_exclusion_prefixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.acute_rule not in ACUTE_RULES:
            raise ValueError(f"acute_rule must be one of {', '.join(ACUTE_RULES)}")
        if self.link_gap_hours < 0 or self.admission_min_hours < 0:
            raise ValueError("link_gap_hours and admission_min_hours must not be negative")
        windows = {str(k): tuple(sorted({int(w) for w in v})) for k, v in self.windows.items()}
        for sector, values in windows.items():
            if sector not in SECTORS:
                raise ValueError(f"windows: unknown sector {sector!r}")
            if any(w <= 0 for w in values):
                raise ValueError("windows must be positive numbers of days")
        object.__setattr__(self, "windows", windows)
        for name in ("index_exclusion_prefixes", "readmission_exclusion_prefixes"):
            prefixes = tuple(p.strip().upper() for p in getattr(self, name) if p.strip())
            object.__setattr__(self, name, prefixes)

    @property
    def link_gap_us(self) -> int:
        """The link gap in microseconds."""
        return round(self.link_gap_hours * 3_600_000_000)

    @property
    def admission_min_us(self) -> int:
        """The minimum admission duration in microseconds."""
        return round(self.admission_min_hours * 3_600_000_000)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form, for run records and exports."""
        return {
            "link_across_sectors": self.link_across_sectors,
            "link_gap_hours": self.link_gap_hours,
            "admission_min_hours": self.admission_min_hours,
            "acute_rule": self.acute_rule,
            "windows": {k: list(v) for k, v in sorted(self.windows.items())},
            "index_exclusion_prefixes": list(self.index_exclusion_prefixes),
            "readmission_exclusion_prefixes": list(self.readmission_exclusion_prefixes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndicatorParams:
        """Inverse of :meth:`to_dict`; unknown keys are refused."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown parameter: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = dict(data)
        if "windows" in values:
            values["windows"] = {k: tuple(v) for k, v in values["windows"].items()}
        for name in ("index_exclusion_prefixes", "readmission_exclusion_prefixes"):
            if name in values:
                values[name] = tuple(values[name])
        return cls(**values)

    @classmethod
    def from_strings(cls, pairs: Mapping[str, str]) -> IndicatorParams:
        """Build from ``name=value`` text, as given on a command line.

        Booleans accept true/false/1/0/yes/no; prefixes are comma-separated;
        ``windows`` is ``somatik:30;psykiatri:7,30``.
        """
        values: dict[str, Any] = {}
        for name, text in pairs.items():
            values[name] = _parse_value(name, text.strip())
        return cls.from_dict(values)


def _parse_value(name: str, text: str) -> Any:
    if name == "link_across_sectors":
        lowered = text.lower()
        if lowered in {"true", "1", "yes", "ja"}:
            return True
        if lowered in {"false", "0", "no", "nej"}:
            return False
        raise ValueError(f"{name}: expected true or false, got {text!r}")
    if name in {"link_gap_hours", "admission_min_hours"}:
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{name}: expected a number, got {text!r}") from None
    if name == "acute_rule":
        return text
    if name in {"index_exclusion_prefixes", "readmission_exclusion_prefixes"}:
        return tuple(p for p in (s.strip() for s in text.split(",")) if p)
    if name == "windows":
        windows: dict[str, tuple[int, ...]] = {}
        for part in filter(None, (s.strip() for s in text.split(";"))):
            sector, _, days = part.partition(":")
            try:
                windows[sector.strip()] = tuple(int(d) for d in days.split(",") if d.strip())
            except ValueError:
                raise ValueError("windows: expected e.g. somatik:30;psykiatri:7,30") from None
        return windows
    raise ValueError(f"unknown parameter: {name}")

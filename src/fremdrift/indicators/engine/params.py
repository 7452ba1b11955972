"""Settings of the indicator engine (every *(param)* of spec/indicators.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SECTORS: tuple[str, ...] = ("somatik", "psykiatri")
ACUTE_RULES: tuple[str, ...] = ("first_contact", "any_contact")
#: The readmission windows that are indicators of the product (spec §9.7: ``readmission_7d``
#: for psykiatri only, ``readmission_30d`` for both). The engine computes any window (an
#: analysis on the command line); a run for the dashboard keeps to these.
PRODUCT_WINDOWS: Mapping[str, tuple[int, ...]] = {"somatik": (30,), "psykiatri": (7, 30)}


@dataclass(frozen=True)
class ParamProblem:
    """Why one setting cannot be used: the setting (``field``), a ``code`` and its values
    (``args``), for a caller to word in its own language; ``message`` is plain English, for
    the command line."""

    field: str
    code: str
    args: Mapping[str, Any]
    message: str


class ParamError(ValueError):
    """Settings that cannot be used, every problem at once (one line of text as a whole)."""

    def __init__(self, problems: Sequence[ParamProblem]) -> None:
        self.problems: tuple[ParamProblem, ...] = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))


def _problem(field: str, code: str, message: str, **args: Any) -> ParamProblem:
    return ParamProblem(field, code, args, message)


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
        problems: list[ParamProblem] = []
        if self.acute_rule not in ACUTE_RULES:
            problems.append(
                _problem(
                    "acute_rule",
                    "unknown_acute_rule",
                    f"acute_rule must be one of {', '.join(ACUTE_RULES)}",
                    value=self.acute_rule,
                )
            )
        for name in ("link_gap_hours", "admission_min_hours"):
            if getattr(self, name) < 0:
                problems.append(
                    _problem(name, "negative", f"{name} must not be negative", name=name)
                )
        windows = {str(k): tuple(sorted({int(w) for w in v})) for k, v in self.windows.items()}
        for sector, values in windows.items():
            if sector not in SECTORS:
                problems.append(
                    _problem(
                        "windows",
                        "unknown_sector",
                        f"windows: unknown sector {sector!r}",
                        sector=sector,
                    )
                )
            for days in values:
                if days <= 0:
                    problems.append(
                        _problem(
                            "windows",
                            "window_not_positive",
                            "windows must be positive numbers of days",
                            sector=sector,
                            days=days,
                        )
                    )
        if problems:
            raise ParamError(problems)
        object.__setattr__(self, "windows", windows)
        for name in ("index_exclusion_prefixes", "readmission_exclusion_prefixes"):
            prefixes = tuple(p.strip().upper() for p in getattr(self, name) if p.strip())
            object.__setattr__(self, name, prefixes)

    def unsupported_windows(self) -> list[ParamProblem]:
        """The windows that are no indicator of the product (:data:`PRODUCT_WINDOWS`): a run
        for the dashboard refuses them; the command line's ``run`` computes them."""
        supported = ", ".join(
            f"{sector}:{','.join(str(d) for d in days)}" for sector, days in PRODUCT_WINDOWS.items()
        )
        return [
            _problem(
                "windows",
                "unsupported_window",
                f"windows: readmissions within {days} days are no indicator for {sector} "
                f"(use {supported})",
                sector=sector,
                days=days,
            )
            for sector, values in self.windows.items()
            for days in values
            if days not in PRODUCT_WINDOWS.get(sector, ())
        ]

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
        unknown = sorted(set(data) - known)
        if unknown:
            raise ParamError(
                [
                    _problem(name, "unknown_parameter", f"unknown parameter: {name}", name=name)
                    for name in unknown
                ]
            )
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
        ``windows`` is ``somatik:30;psykiatri:7,30``. Raises :class:`ParamError` naming
        every setting that cannot be used (those that can be read are checked as well).
        """
        values: dict[str, Any] = {}
        problems: list[ParamProblem] = []
        for name, text in pairs.items():
            try:
                values[name] = _parse_value(name, text.strip())
            except ParamError as exc:
                problems.extend(exc.problems)
        try:
            params = cls.from_dict(values)
        except ParamError as exc:
            problems.extend(exc.problems)
        if problems:
            raise ParamError(problems)
        return params


def _parse_value(name: str, text: str) -> Any:
    if name == "link_across_sectors":
        lowered = text.lower()
        if lowered in {"true", "1", "yes", "ja"}:
            return True
        if lowered in {"false", "0", "no", "nej"}:
            return False
        raise ParamError(
            [
                _problem(
                    name, "not_boolean", f"{name}: expected true or false, got {text!r}", text=text
                )
            ]
        )
    if name in {"link_gap_hours", "admission_min_hours"}:
        try:
            return float(text)
        except ValueError:
            raise ParamError(
                [
                    _problem(
                        name, "not_number", f"{name}: expected a number, got {text!r}", text=text
                    )
                ]
            ) from None
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
                raise ParamError(
                    [
                        _problem(
                            name,
                            "windows_syntax",
                            "windows: expected e.g. somatik:30;psykiatri:7,30",
                            text=text,
                        )
                    ]
                ) from None
        return windows
    raise ParamError([_problem(name, "unknown_parameter", f"unknown parameter: {name}", name=name)])

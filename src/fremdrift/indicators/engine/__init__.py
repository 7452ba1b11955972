"""The indicator engine (spec/indicators.md), free of Django so it can run anywhere.

``run`` computes the indicators from two files with DuckDB; ``synth.generate`` writes
realistic synthetic input; ``IndicatorParams`` holds the settings a region may change.
"""

from .engine import RunResult, RunStopped, Stop, run
from .params import IndicatorParams
from .sources import InputError

__all__ = ["IndicatorParams", "InputError", "RunResult", "RunStopped", "Stop", "run"]

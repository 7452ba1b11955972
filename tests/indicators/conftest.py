"""Fixtures of the indicator engine tests (helpers live in ``indicator_helpers``)."""

from .indicator_helpers import run_engine  # noqa: F401

"""Indicators: acute admissions, readmissions and færdigbehandlingsdage per municipality.

The computation lives in :mod:`fremdrift.indicators.engine`, which has no Django imports.
"""

"""The kinds of job are registered at the first look into the registry, not at start-up."""

from __future__ import annotations

import os
import sys

from tests import tools


def test_the_first_look_into_the_registry_registers_every_kind():
    code = (
        "import sys, django; django.setup(); "
        "before = 'fremdrift.interchange.tasks' in sys.modules; "
        "from fremdrift.jobs import registry; from fremdrift.jobs.choices import JobKind; "
        "kind = registry.job_type(JobKind.IMPORT).kind; "
        "print(before, kind == JobKind.IMPORT, sorted(registry.TYPES) == sorted(JobKind.values))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test"}
    result = tools.run([sys.executable, "-c", code], env=env, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]

"""The indicators' background task: computing a run (:func:`fremdrift.indicators.runs.run_job`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from fremdrift.indicators import runs
from fremdrift.indicators.labels_web import STEP_LABELS
from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.registry import register
from fremdrift.jobs.runner import perform


@task()
def compute_indicator_run(job_id: int) -> dict[str, Any]:
    return perform(job_id)


def _link(job: Any) -> tuple[str, str]:
    return _("Open the run"), reverse("indicators:run-detail", args=[job.params["run"]])


register(
    JobKind.INDICATOR_RUN,
    compute_indicator_run,
    runs.run_job,
    # Nothing is stored before the run completes in one transaction: it may start over.
    # Twice at most, since a run that killed its worker (memory) may do so again.
    retry_safe=True,
    max_attempts=2,
    cancel_running=True,
    limit_setting="FREMDRIFT_INDICATOR_RUNS_AT_ONCE",
    on_failure=runs.run_failed,
    on_requeue=runs.run_requeued,
    result_link=_link,
    step_label=lambda step: str(STEP_LABELS.get(step, step)),
)

"""What each kind of job does and how it may be treated: retry, cancel, limit.

Each app declares its tasks in ``<app>/tasks.py`` with Django's tasks API (``@task``) and
registers the kind here with its handler. The task function itself only calls
:func:`fremdrift.jobs.runner.perform`, which finds the handler through this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from fremdrift.jobs.models import Job
    from fremdrift.jobs.runner import Progress


class UserError(Exception):
    """A refusal written for the user (which file, which column …): stored as it is.

    Any other exception is an unexpected error: the worker's log gets its text and
    traceback, the job only a safe summary.
    """


@dataclass(frozen=True)
class JobType:
    """The rules of one kind of job."""

    kind: str
    task: Any  # a django_tasks Task
    handler: Callable[[Job, Progress], dict[str, Any] | None]
    # May the job run again from the start after its worker died mid-way?
    retry_safe: bool = True
    max_attempts: int = 3
    # May a user cancel it while it runs (it stops at its next progress report)? A queued
    # job of a kind with ``cancellable`` may always be cancelled.
    cancellable: bool = True
    cancel_running: bool = False
    # The setting naming how many jobs of the kind may run at once (None: no limit).
    limit_setting: str | None = None
    # Called when the job ends failed for good (error, cancel, or its worker died).
    on_failure: Callable[[Job, str], None] | None = None
    # Called when the job is queued again after its worker died.
    on_requeue: Callable[[Job], None] | None = None
    # The page or file that shows the result: (label, url) or None.
    result_link: Callable[[Job], tuple[str, str] | None] | None = None
    # The words for a progress step the handler reports ("stays" → "Ophold").
    step_label: Callable[[str], str] | None = None

    @property
    def limit(self) -> int | None:
        if self.limit_setting is None:
            return None
        return max(1, int(getattr(settings, self.limit_setting, 1) or 1))


class _Registry(dict):
    """The kinds by name. Reading it first imports every app's ``tasks.py`` (:func:`discover`),
    so that a process that never looks at jobs (``fremdrift indicators run``) does not import
    what the tasks need; ``register`` only writes."""

    def __getitem__(self, kind: str) -> JobType:
        discover()
        return super().__getitem__(kind)

    def get(self, kind: str, default: Any = None) -> Any:
        discover()
        return super().get(kind, default)

    def __contains__(self, kind: object) -> bool:
        discover()
        return super().__contains__(kind)

    def __iter__(self) -> Iterator[str]:
        discover()
        return super().__iter__()

    def __len__(self) -> int:
        discover()
        return super().__len__()

    def keys(self) -> Any:
        discover()
        return super().keys()

    def values(self) -> Any:
        discover()
        return super().values()

    def items(self) -> Any:
        discover()
        return super().items()


TYPES: dict[str, JobType] = _Registry()
_discovered = False


def discover() -> None:
    """Import every installed app's ``tasks.py``, which registers all kinds (a worker must
    know them all to recover any job). Importing is idempotent and Python's import locks
    make a second thread wait for a ``tasks.py`` another thread is importing, so no lock is
    needed here."""
    global _discovered
    if _discovered:
        return
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    _discovered = True


def register(kind: str, task: Any, handler: Callable[..., Any], **rules: Any) -> JobType:
    """Declare the handler and rules of a kind (called at import of ``<app>/tasks.py``)."""
    job_type = JobType(kind=kind, task=task, handler=handler, **rules)
    TYPES[kind] = job_type
    return job_type


def job_type(kind: str) -> JobType:
    try:
        return TYPES[kind]
    except KeyError:
        raise LookupError(f"No task is registered for jobs of kind {kind!r}") from None

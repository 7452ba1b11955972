"""User-facing names of the engine's progress steps (``progress(step, fraction)``)."""

from django.utils.translation import gettext_lazy as _

STEP_LABELS = {
    "hash": _("computing checksums of the files"),
    "read": _("reading the files"),
    "clean": _("checking and cleaning the rows"),
    "stays": _("linking contacts into stays"),
    "readmissions": _("finding readmissions"),
    "færdigbehandling": _("counting færdigbehandlingsdage"),
    "aggregate": _("summing per period and geography"),
    "write": _("writing the result"),
    "store": _("storing the aggregated figures"),
    "done": _("done"),
}

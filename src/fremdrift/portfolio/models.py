"""Plans, their areas, initiatives and the history of all of them.

Nothing here is written directly: ``portfolio.actions`` is the only writer, and it keeps
the history (``InitiativeVersion``, ``AreaMembership`` validity and ``StatusUpdate``) in
step with the current rows in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.core.choices import Channel
from fremdrift.core.links import is_safe_link
from fremdrift.core.models import OrgUnit
from fremdrift.portfolio.choices import FollowUpRole, Kind, Phase, WorkForm


class Plan(models.Model):
    """A portfolio with a period and a purpose: a year plan, a programme, a winter plan."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True, allow_unicode=False)
    title = models.CharField(_("title"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_plans",
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    purpose = models.JSONField(_("purpose"), default=list, blank=True)
    background = models.JSONField(_("background"), default=list, blank=True)
    review_required = models.BooleanField(_("updates must be approved"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:plan-detail", args=[self.slug])


class Area(models.Model):
    """A track (spor) or section (afsnit) of a plan, in order."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="areas"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="unique_area_slug")]

    def __str__(self) -> str:
        return self.title


class InitiativeQuerySet(models.QuerySet):
    def active(self) -> InitiativeQuerySet:
        return self.filter(archived_at__isnull=True)


# The longest title an initiative may be given (forms, actions, API, imports). Real status
# decks carry titles of up to ~400 characters (a title with its bullet list); a longer text
# is a description pasted into the title and breaks the decks' and pages' tables. Titles
# stored before the limit stay as they are (the column has no limit) until changed.
TITLE_MAX_LENGTH = 500


class Initiative(models.Model):
    """The unit of follow-up. May sit in several areas, of one or several plans."""

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("home plan"),
        on_delete=models.PROTECT,
        related_name="home_initiatives",
    )
    ref = models.SlugField(_("reference"), max_length=80)
    title = models.TextField(_("title"))
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    short_title = models.CharField(_("short title"), max_length=300, blank=True)
    background = models.TextField(_("background"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.IMPLEMENTATION
    )
    work_form = models.CharField(
        _("work form"), max_length=20, choices=WorkForm.choices, blank=True
    )
    previous_work_form = models.CharField(
        _("previous work form"), max_length=20, choices=WorkForm.choices, blank=True
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.SCOPING
    )
    phase_target = models.CharField(
        _("target phase"), max_length=20, choices=Phase.choices, blank=True
    )
    year_task = models.TextField(_("task this year"), blank=True)
    description = models.TextField(_("description"), blank=True)
    follow_up_text = models.TextField(_("follow-up as written"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    # Latest status, kept in step with StatusUpdate by the actions for fast lists.
    status_text = models.TextField(_("status"), blank=True)
    status_date = models.DateField(_("status date"), null=True, blank=True)
    status_recorded_at = models.DateTimeField(_("status recorded"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    units = models.ManyToManyField(
        OrgUnit, through="InitiativeUnit", related_name="initiatives", verbose_name=_("units")
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "ref"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="unique_initiative_ref")
        ]

    def __str__(self) -> str:
        return self.title if len(self.title) <= 80 else self.title[:77] + "…"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:initiative-detail", args=[self.pk])

    @property
    def phase_text(self) -> str:
        if self.phase_target:
            return f"{self.get_phase_display()} → {self.get_phase_target_display()}"
        return str(self.get_phase_display())


class InitiativeUnit(models.Model):
    """A unit's part in an initiative's follow-up: lead (tovholder), common or local."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="unit_links",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="initiative_links"
    )
    role = models.CharField(_("role"), max_length=10, choices=FollowUpRole.choices)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["initiative", "role", "position"]
        verbose_name = _("follow-up unit")
        verbose_name_plural = _("follow-up units")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "unit", "role"], name="unique_initiative_unit_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"


class AreaMembership(models.Model):
    """An initiative's place in an area, valid from one time until another (or still).

    The place carries the section's own heading (``theme``) and, where the section words a
    shared initiative its own way, that wording (title, status, follow-up); blank means the
    initiative's own. A change of them closes the row and opens a new one, so the history
    keeps what each section showed when.
    """

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="memberships"
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    theme = models.CharField(_("theme in this section"), max_length=300, blank=True)
    title = models.TextField(_("title in this section"), blank=True)
    status_text = models.TextField(_("status in this section"), blank=True)
    # The initiative's status that ``status_text`` rewords: once a newer status is recorded
    # the section shows that one.
    status_for = models.TextField(_("status reworded"), blank=True)
    follow_up_text = models.TextField(_("follow-up in this section"), blank=True)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now, db_index=True)
    valid_to = models.DateTimeField(_("valid to"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["area", "position", "id"]
        verbose_name = _("area membership")
        verbose_name_plural = _("area memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "initiative"],
                condition=models.Q(valid_to__isnull=True),
                name="one_current_membership_per_area",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} i {self.area}"

    def wording(self) -> dict[str, str]:
        """The section's own heading and wording (blank: the initiative's own)."""
        return {name: getattr(self, name) for name in SECTION_WORDING_FIELDS}


# The fields of an initiative's place in a section that reword it there.
SECTION_WORDING_FIELDS = ("theme", "title", "status_text", "status_for", "follow_up_text")


class InitiativeVersion(models.Model):
    """The full set of an initiative's fields from ``valid_from`` until the next version."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateTimeField(_("valid from"), db_index=True)
    data = models.JSONField(_("fields"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("author name"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["initiative", "valid_from", "version"]
        verbose_name = _("initiative version")
        verbose_name_plural = _("initiative versions")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "version"], name="unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} v{self.version}"


class StatusUpdate(models.Model):
    """A dated, authored status of an initiative. Append-only, like a log entry."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="status_updates",
    )
    status_date = models.DateField(_("status date"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    text = models.TextField(_("status"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    phase_target = models.CharField(
        _("target phase"), max_length=20, choices=Phase.choices, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_updates",
    )
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True, choices=Channel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["initiative", "recorded_at", "id"]
        get_latest_by = ["recorded_at", "id"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.status_date}: {self.text[:60]}"

    def save(self, *args, **kwargs):  # noqa: ANN002,ANN003
        if self.pk is not None:
            raise PermissionError("Status updates are append-only.")
        super().save(*args, **kwargs)

    @property
    def safe_link(self) -> str:
        """The link if it may be shown as one (links stored before the check may not)."""
        return self.link if is_safe_link(self.link) else ""

    @property
    def phase_text(self) -> str:
        if self.phase_target:
            return f"{self.get_phase_display()} → {self.get_phase_target_display()}"
        return str(self.get_phase_display())

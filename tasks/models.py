"""Tasks of a plan, who carries them out, what they promise, and the progress units report."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import Unit, UnitGroup

from . import numbering, target_rule
from .target_rule import Comparator


class WorkStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TaskQuerySet":
        """The tasks `user` may see; the rule itself lives in tasks/permissions.py."""
        from .permissions import visible_tasks

        return visible_tasks(user, self)

    def naming_units(self, unit_ids, group_ids=(), role: str | None = None) -> "TaskQuerySet":
        """Tasks on which a TaskUnit names one of the units or one of the groups (in `role`, if given).
        A ▲ sub-item without lead units of its own is led by its task's lead units (tasks/sub_item_units.py)."""
        from .sub_item_units import naming_units

        return self.filter(naming_units(unit_ids, group_ids, role))

    def with_health(self, today=None, updates_through=None) -> "TaskQuerySet":
        """Annotate `health` and the latest update's figures (see tasks/health.py)."""
        from .health import annotate_health

        return annotate_health(self, today, updates_through=updates_through)


class Task(models.Model):
    """A numbered commitment of a plan ("15.", "(三)") or a ▲ sub-item of one (then `parent` is set)."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        "plans.Section", verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent task"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="subtasks",
    )
    number = models.CharField(_("number as written"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    # An unnumbered item's place among its siblings (the 2 of 三(一)11▲2), given once: see tasks/numbering.py.
    ordinal = models.PositiveSmallIntegerField(_("place among unnumbered items"), null=True, blank=True,
                                               editable=False)
    text = models.TextField(_("full text"))
    title = models.CharField(_("short title"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("deadline as written"), max_length=100, blank=True)
    is_livelihood = models.BooleanField(_("livelihood project ★"), default=False)
    is_key = models.BooleanField(_("key task"), default=False)
    work_status = models.CharField(
        _("work status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    leader_post = models.CharField(_("leader in charge"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "position"]), models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        label = self.title or self.text
        return f"{self.number}. {label[:60]}" if self.number and self.number != "▲" else label[:60]

    def save(self, *args, **kwargs) -> None:
        if numbering.is_unnumbered(self.number) and not self.ordinal:
            siblings = Task.objects.filter(parent=self.parent_id) if self.parent_id else Task.objects.filter(
                plan=self.plan_id, section=self.section_id, parent__isnull=True)
            after = siblings.exclude(pk=self.pk).aggregate(last=models.Max("ordinal"))["last"] or 0
            numbering.number_in_order([self], after=after)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "ordinal"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("tasks:detail", args=[self.pk])

    @property
    def number_path(self) -> str:
        """The number the task is known by everywhere, e.g. "二(三)15", "三(一)11▲2" (tasks/numbering.py).
        Reads the section chain and parent, so list pages select_related them."""
        return numbering.number_path(self)

    @property
    def own_number(self) -> str:
        """Its own part of that number ("11", "▲2"), for the plan's tree where it sits under its task."""
        return numbering.own_number(self)

    @property
    def is_completed(self) -> bool:
        return self.work_status == WorkStatus.COMPLETED

    @property
    def audit_task_id(self) -> int:
        return self.pk

    @property
    def audit_plan_id(self) -> int:
        return self.plan_id

    def clean(self) -> None:
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("A sub-item must belong to the same plan as its task.")})
        if self.section_id and self.section.plan_id != self.plan_id:
            raise ValidationError({"section": _("The section belongs to another plan.")})

    def units_in_role(self, role: str) -> list["TaskUnit"]:
        """The task's lead or responsible units in document order (uses prefetched rows when present)."""
        return [tu for tu in self.task_units.all() if tu.role == role]

    @property
    def lead_units(self) -> list["TaskUnit"]:
        return self.units_in_role(UnitRole.LEAD)

    @property
    def responsible_units(self) -> list["TaskUnit"]:
        return self.units_in_role(UnitRole.RESPONSIBLE)


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead unit")
    RESPONSIBLE = "responsible", _("Responsible unit")


class TaskUnit(models.Model):
    """One unit named on a task, as a unit, a unit group, or — when it matched nothing — the name as
    written. The written name is always kept, so the document's text is never lost."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="task_units")
    role = models.CharField(_("role"), max_length=12, choices=UnitRole.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="task_roles"
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name=_("unit group"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="task_roles",
    )
    name = models.CharField(_("name as written"), max_length=100, blank=True)
    qualifier = models.CharField(_("qualifier"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("task unit")
        verbose_name_plural = _("task units")
        ordering = ["task", "role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(unit__isnull=False) & Q(group__isnull=False)),
                name="task_unit_is_unit_or_group_not_both",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(group__isnull=False) | ~Q(name=""),
                name="task_unit_names_something",
            ),
        ]
        indexes = [models.Index(fields=["unit", "role"]), models.Index(fields=["group", "role"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        base = str(self.unit or self.group or self.name)
        return f"{base}（{self.qualifier}）" if self.qualifier else base

    @property
    def is_unmatched(self) -> bool:
        return self.unit_id is None and self.group_id is None

    @property
    def audit_task_id(self) -> int:
        return self.task_id

    def clean(self) -> None:
        # Named by field, so that the form shows the error there and the database constraints saying the same
        # in a technical voice are not checked again.
        if self.unit_id and self.group_id:
            raise ValidationError({"group": _("Choose a unit or a unit group, not both.")})
        if not (self.unit_id or self.group_id or self.name.strip()):
            raise ValidationError({"name": _("Choose a unit or a unit group, or write the name.")})


class TargetKind(models.TextChoices):
    GROWTH = "growth", _("Growth rate")
    ABSOLUTE = "absolute", _("Absolute amount")
    RATIO = "ratio", _("Share or ratio")


class Target(models.Model):
    """A measurable commitment in a task's text: "增长6.2%左右", "建设口袋公园50个"."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("as written"), max_length=300)
    metric = models.CharField(_("metric"), max_length=200, blank=True)
    comparator = models.CharField(_("comparator"), max_length=10, choices=Comparator.choices, default=Comparator.ABOUT)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    upper_value = models.DecimalField(_("upper value"), max_digits=18, decimal_places=4, null=True, blank=True)
    measure_unit = models.CharField(_("unit of measure"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.ABSOLUTE)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["task", "position"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(comparator="range") | Q(upper_value__isnull=False),
                name="range_target_has_upper_value",
            ),
            models.CheckConstraint(
                condition=Q(upper_value__isnull=True) | Q(upper_value__gte=models.F("value")),
                name="target_upper_value_not_below_value",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def audit_task_id(self) -> int:
        return self.task_id

    def clean(self) -> None:
        if self.comparator == Comparator.RANGE and self.upper_value is None:
            raise ValidationError({"upper_value": _("A range needs an upper value.")})
        if self.upper_value is not None and self.value is not None and self.upper_value < self.value:
            raise ValidationError({"upper_value": _("The upper value must not be below the value.")})

    def is_met_by(self, actual) -> bool:
        """Whether an actual value fulfils the target, by the rule in tasks/target_rule.py."""
        return target_rule.is_met(self.comparator, self.value, self.upper_value, actual)


class Milestone(models.Model):
    """A dated step of a task (节点)."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=300)
    due_on = models.DateField(_("due"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due_on", "position"]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.description}"

    @property
    def audit_task_id(self) -> int:
        return self.task_id


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind schedule")
    COMPLETED = "completed", _("Completed")
    NOT_STARTED = "not_started", _("Not started")
    BLOCKED = "blocked", _("Blocked")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Only with DUBAN_HEAD_APPROVAL on: a staff member's submission waits for their unit head.
    AWAITING_HEAD = "awaiting_head", _("Awaiting unit head")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ProgressUpdate(models.Model):
    """What one unit reports on one task for one month (进展). There is exactly one per task, unit and
    period: a second submission edits it. `version` rises on every save so a stale form is refused."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates")
    unit = models.ForeignKey(Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="updates")
    period = models.DateField(_("reporting period"), help_text=_("First day of the month reported on."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.ON_TRACK
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("progress"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    review_state = models.CharField(
        _("review state"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)  # the latest submission
    # Set by the first submission and never again: whether the update came on time is judged from it
    # (tasks/reporting_day.py), so a return and a late resubmission do not make an on-time update late.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reviewed_updates",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-period", "task", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period"], name="one_update_per_task_unit_period"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="percent_complete_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["period", "review_state"]), models.Index(fields=["unit", "period"]),
            # a task's latest month, for health (tasks/health_sql.py) and the task page
            models.Index(fields=["task", "period"], name="update_task_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.unit} — {self.task}"

    @property
    def audit_task_id(self) -> int:
        return self.task_id

    @property
    def is_locked(self) -> bool:
        """An accepted update is the record: only the supervision office can reopen it."""
        return self.review_state == ReviewState.ACCEPTED

    @property
    def is_unit_internal(self) -> bool:
        """Not yet passed on by its unit (a draft, or waiting for the unit head): seen only by the unit."""
        return self.review_state in (ReviewState.DRAFT, ReviewState.AWAITING_HEAD)

    def clean(self) -> None:
        if self.period and self.period.day != 1:
            raise ValidationError({"period": _("A reporting period is a month: use its first day.")})


class TargetActual(models.Model):
    """The value a target reached, as reported in one progress update."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="target_actuals"
    )
    # RESTRICT: a target with reported values is not deleted on its own (the task editor refuses); it goes
    # only with its task, whose updates and their values go too.
    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.RESTRICT, related_name="actuals")
    value = models.DecimalField(_("actual value"), max_digits=18, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("target actual")
        verbose_name_plural = _("target actuals")
        constraints = [models.UniqueConstraint(fields=["update", "target"], name="one_actual_per_update_and_target")]

    def __str__(self) -> str:
        return f"{self.target}: {self.value}"

    @property
    def audit_task_id(self) -> int:
        return self.target.task_id

    def clean(self) -> None:
        if self.update_id and self.target_id and self.target.task_id != self.update.task_id:
            raise ValidationError(_("The target belongs to another task."))


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.update.period:%Y-%m}/{instance.update_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a progress update. Stored outside the static root and served only
    through a permission-checked view."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_task_id(self) -> int:
        return self.update.task_id


class Urge(models.Model):
    """The supervision office presses a unit to report or act on a task (催办). It stays open until the
    unit next submits an update for the task."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="urges")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="urges")
    urged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("urged by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("urge")
        verbose_name_plural = _("urges")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.task}"

    @property
    def audit_task_id(self) -> int:
        return self.task_id


class NotificationKind(models.TextChoices):
    URGED = "urged", _("Urged")
    RETURNED = "returned", _("Update returned")
    ACCEPTED = "accepted", _("Update accepted")
    REOPENED = "reopened", _("Update reopened")
    AWAITING_APPROVAL = "awaiting_approval", _("Update awaiting your approval")
    # the supervision workflow (supervision/)
    CLOSING_CONFIRMED = "closing_confirmed", _("Closing confirmed")
    CLOSING_REJECTED = "closing_rejected", _("Application to close rejected")
    TASK_REOPENED = "task_reopened", _("Completed task reopened")
    EXTENSION_APPROVED = "extension_approved", _("Deadline extension approved")
    EXTENSION_REJECTED = "extension_rejected", _("Deadline extension rejected")
    INSTRUCTION = "instruction", _("Leader instruction for your unit")
    NOTICE = "notice", _("Supervision notice for your unit")
    NOTICE_RETURNED = "notice_returned", _("Reply to the notice returned")
    # Deadline and reporting reminders sent by the reminders app (its text says what falls due).
    REMINDER = "reminder", _("Reminder")
    REPORT_BUILT = "report_built", _("Progress report built")


class Notification(models.Model):
    """A message in a person's in-app inbox. `text` holds what the sender wrote (an urge's message, a
    review comment); the headline is rendered from `kind` in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

"""Who may see and do what with tasks and progress updates — the one place these rules live.

Pages, services and (later) the API call these functions; nothing else decides access.

- A unit's tasks are those where a TaskUnit names the unit, or names a unit group the unit belongs to
  (listed members, or all units of the group's kinds). Contextual groups (属地街道) and unspecified ones
  (各相关单位) name nobody, so they give no access by themselves.
- A ▲ sub-item without lead units of its own is led by its task's lead units.
- Unit staff and heads see their units' tasks, every submitted update on them, and their own units'
  drafts; they write their own units' updates until an update is accepted.
- Members of a lead unit review the submitted updates of the other units on tasks they lead; the lead
  unit's own (consolidated) update is reviewed by the supervision office.
- With DUBAN_HEAD_APPROVAL on, a unit head approves or returns staff submissions first.
- Dashboards: the supervision office, leaders and administrators see them for every plan and unit; a unit
  head sees them over the tasks their units may see, the by-unit page listing only their own units; unit
  staff have My work instead (403).
- The supervision office (督查室) sees everything, reviews any submitted update, urges, edits tasks and
  reopens accepted updates. Leaders and administrators read everything and change nothing here
  (administrators manage users, units and settings in /admin/).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from units.groups import groups_including
from units.models import MembershipRole, User

from .models import Notification, ProgressUpdate, ReviewState, Task, UnitRole, Urge
from .sub_item_units import effective_task_units, lead_unit_ids, leads_update

REVIEWABLE_BY_REVIEWERS = (ReviewState.SUBMITTED,)


@dataclass(frozen=True)
class Scope:
    """What a person's posts give them: their units, the unit groups those units belong to, and
    whether a global role lets them read everything."""

    unit_ids: frozenset[int] = frozenset()
    head_unit_ids: frozenset[int] = frozenset()
    # group id → the person's units the group includes
    group_units: dict[int, frozenset[int]] = field(default_factory=dict)
    is_supervisor: bool = False
    is_leader: bool = False
    is_administrator: bool = False

    @property
    def group_ids(self) -> frozenset[int]:
        return frozenset(self.group_units)

    @property
    def reads_everything(self) -> bool:
        return self.is_supervisor or self.is_leader or self.is_administrator

    @property
    def may_change(self) -> bool:
        """Leaders read and never change anything."""
        return not self.is_leader

    def units_named_by(self, task_units) -> set[int]:
        """Of the person's units, those these TaskUnit rows name directly or through a group."""
        found: set[int] = set()
        for tu in task_units:
            if tu.unit_id in self.unit_ids:
                found.add(tu.unit_id)
            elif tu.group_id in self.group_units:
                found |= self.group_units[tu.group_id]
        return found


NO_SCOPE = Scope()


def scope_of(user) -> Scope:
    """The person's scope, computed once per request (kept on the user object): two small queries."""
    if not getattr(user, "is_authenticated", False):
        return NO_SCOPE
    cached = getattr(user, "_duban_scope", None)
    if cached is not None:
        return cached
    memberships = list(
        user.memberships.filter(unit__is_active=True).values_list("unit_id", "role", "unit__kind")
    )
    unit_ids = frozenset(unit_id for unit_id, _role, _kind in memberships)
    group_units = groups_including({unit_id: kind for unit_id, _role, kind in memberships}) if unit_ids else {}
    scope = Scope(
        unit_ids=unit_ids,
        head_unit_ids=frozenset(u for u, role, _kind in memberships if role == MembershipRole.HEAD),
        group_units={group_id: frozenset(units) for group_id, units in group_units.items()},
        is_supervisor=user.is_supervisor,
        is_leader=user.is_leader,
        is_administrator=user.is_administrator,
    )
    user._duban_scope = scope
    return scope


def units_of(user) -> frozenset[int]:
    """Ids of the units the person holds a post in."""
    return scope_of(user).unit_ids


def is_unit_user(user) -> bool:
    """Someone who reports for a unit (and whose home page is My work)."""
    scope = scope_of(user)
    return bool(scope.unit_ids) and not scope.reads_everything


# ------------------------------------------------------------------------------------------ querysets


def visible_tasks(user, queryset: QuerySet | None = None) -> QuerySet:
    """The tasks the person may see."""
    queryset = Task.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.reads_everything:
        return queryset
    if not scope.unit_ids:
        return queryset.none()
    return queryset.naming_units(scope.unit_ids, scope.group_ids)


def led_tasks(user, queryset: QuerySet | None = None) -> QuerySet:
    """The tasks one of the person's units leads."""
    queryset = Task.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if not scope.unit_ids:
        return queryset.none()
    return queryset.naming_units(scope.unit_ids, scope.group_ids, role=UnitRole.LEAD)


def reviewable_updates(user) -> QuerySet:
    """Updates waiting for this person's decision (the review queue); agrees with can_review()."""
    scope = scope_of(user)
    updates = ProgressUpdate.objects.all()
    if not scope.may_change:
        return updates.none()
    wanted = Q(pk__in=[])
    if scope.is_supervisor:
        wanted |= Q(review_state__in=REVIEWABLE_BY_REVIEWERS)
    if scope.unit_ids:
        by_lead = (
            Q(review_state__in=REVIEWABLE_BY_REVIEWERS, task__in=led_tasks(user))
            & ~Q(unit_id__in=scope.unit_ids)
            & ~leads_update()
        )
        wanted |= by_lead
        if settings.DUBAN_HEAD_APPROVAL and scope.head_unit_ids:
            wanted |= Q(review_state=ReviewState.AWAITING_HEAD, unit_id__in=scope.head_unit_ids)
    return updates.filter(wanted)


def visible_updates(user, queryset: QuerySet | None = None) -> QuerySet:
    """Updates the person may read: every passed-on update of a visible task, and their own units' drafts."""
    queryset = ProgressUpdate.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    passed_on = ~Q(review_state__in=(ReviewState.DRAFT, ReviewState.AWAITING_HEAD))
    if scope.reads_everything:
        return queryset.filter(passed_on | Q(unit_id__in=scope.unit_ids))
    return queryset.filter(task__in=visible_tasks(user)).filter(passed_on | Q(unit_id__in=scope.unit_ids))


# ---------------------------------------------------------------------------------- single objects


def my_units_on(user, task: Task, role: str | None = None) -> set[int]:
    """Of the person's units, those the task names (in `role`, if given)."""
    scope = scope_of(user)
    if not scope.unit_ids:
        return set()
    rows = [tu for tu in effective_task_units(task) if role is None or tu.role == role]
    return scope.units_named_by(rows)


def can_view_task(user, task: Task) -> bool:
    return scope_of(user).reads_everything or bool(my_units_on(user, task))


def can_write_update(user, task: Task, unit) -> bool:
    """Write (create, edit, submit) `unit`'s update on `task`: a member of the unit, which the task names."""
    scope = scope_of(user)
    unit_id = getattr(unit, "pk", unit)
    return scope.may_change and unit_id in scope.unit_ids and unit_id in my_units_on(user, task)


def can_edit_update(user, update: ProgressUpdate) -> bool:
    """As can_write_update, while the update is not accepted (an accepted update is locked)."""
    return not update.is_locked and can_write_update(user, update.task, update.unit_id)


def can_view_update(user, update: ProgressUpdate) -> bool:
    scope = scope_of(user)
    if update.is_unit_internal:
        return update.unit_id in scope.unit_ids
    return can_view_task(user, update.task)


def is_consolidated(update: ProgressUpdate) -> bool:
    """The lead unit's update for the task: the one reports use."""
    return update.unit_id in lead_unit_ids(update.task)


def can_review(user, update: ProgressUpdate) -> bool:
    """Accept or return the update now.

    Supervision office: any submitted update. Lead unit member: submitted updates of the other
    (responsible) units on tasks it leads. Unit head, with head approval on: submissions of their unit
    waiting for them. Nobody reviews their own unit's submitted update.
    """
    scope = scope_of(user)
    if not scope.may_change:
        return False
    if update.review_state == ReviewState.AWAITING_HEAD:
        return settings.DUBAN_HEAD_APPROVAL and update.unit_id in scope.head_unit_ids
    if update.review_state not in REVIEWABLE_BY_REVIEWERS:
        return False
    if scope.is_supervisor:
        return True
    if update.unit_id in scope.unit_ids or is_consolidated(update):
        return False
    return bool(my_units_on(user, update.task, UnitRole.LEAD))


def can_urge(user, task: Task) -> bool:
    """Urge (催办) a unit on the task: the supervision office."""
    return scope_of(user).is_supervisor


def can_edit_task(user, task: Task) -> bool:
    """Change a task's text, deadline and units: the supervision office."""
    return scope_of(user).is_supervisor


def can_reopen(user, update: ProgressUpdate) -> bool:
    """Reopen an accepted update so its unit can correct it: the supervision office."""
    return scope_of(user).is_supervisor and update.review_state == ReviewState.ACCEPTED


def can_import_plans(user) -> bool:
    """Import plan documents (and so create plans, sections and tasks): the supervision office and
    administrators."""
    scope = scope_of(user)
    return scope.is_supervisor or scope.is_administrator


def can_view_dashboards(user) -> bool:
    """Open the dashboards (over the tasks visible_tasks gives the person)."""
    scope = scope_of(user)
    return scope.reads_everything or bool(scope.head_unit_ids)


def dashboard_unit_ids(user) -> frozenset[int] | None:
    """The units whose rows the by-unit dashboard shows the person: None for all."""
    scope = scope_of(user)
    return None if scope.reads_everything else scope.head_unit_ids


def may_review_anything(user) -> bool:
    """Whether the person has a review queue at all (one query for unit users, once per request)."""
    scope = scope_of(user)
    if scope.is_supervisor:
        return True
    if not scope.may_change or not scope.unit_ids:
        return False
    if settings.DUBAN_HEAD_APPROVAL and scope.head_unit_ids:
        return True
    cached = getattr(user, "_duban_leads_tasks", None)
    if cached is None:
        cached = user._duban_leads_tasks = led_tasks(user).exists()
    return cached


def unit_members(unit_id: int) -> QuerySet:
    """The active people who hold a post in the unit."""
    return User.objects.filter(memberships__unit_id=unit_id, is_active=True).distinct()


def unit_heads(unit_id: int) -> QuerySet:
    """The active heads of the unit."""
    return User.objects.filter(
        memberships__unit_id=unit_id, memberships__role=MembershipRole.HEAD, is_active=True
    ).distinct()


# ------------------------------------------------------------------ supervision workflow (supervision/)
#
# - Members of a task's lead unit apply to close it (申请办结) and request a new deadline (延期申请); the
#   supervision office confirms or rejects both, and reopens a completed task.
# - The supervision office records leader instructions (领导批示) and issues supervision notices (督办单);
#   the units they name reply; the office closes them. Whoever sees a task sees its instructions and
#   notices; an instruction on a whole plan is seen by the units it names and by those who read everything.
# - The assessment (考核): those who read everything see every unit's score; unit staff see their own
#   units' breakdown; the supervision office sets the scheme and adjusts scores.


def my_lead_units_on(user, task: Task) -> set[int]:
    """Of the person's units, those leading the task (empty for leaders, who change nothing)."""
    if not scope_of(user).may_change:
        return set()
    return my_units_on(user, task, UnitRole.LEAD)


def can_apply_to_close(user, task: Task) -> bool:
    """Apply to close the task (申请办结): a member of its lead unit, while it is not completed."""
    return not task.is_completed and bool(my_lead_units_on(user, task))


def can_request_extension(user, task: Task) -> bool:
    """Request a new deadline (延期申请): a member of its lead unit, while the task has a deadline and is
    not completed."""
    return task.deadline is not None and not task.is_completed and bool(my_lead_units_on(user, task))


def can_decide_requests(user) -> bool:
    """Confirm or reject applications to close and deadline extensions: the supervision office."""
    return scope_of(user).is_supervisor


def can_reopen_task(user, task: Task) -> bool:
    """Reopen a completed task, with a reason: the supervision office."""
    return scope_of(user).is_supervisor and task.is_completed


def can_record_instructions(user) -> bool:
    """Record and close leader instructions: the supervision office."""
    return scope_of(user).is_supervisor


def can_issue_notices(user) -> bool:
    """Issue supervision notices and accept or return the replies: the supervision office."""
    return scope_of(user).is_supervisor


def visible_instructions(user, queryset: QuerySet | None = None) -> QuerySet:
    """Leader instructions the person may read: on a task they see, or naming one of their units."""
    from supervision.models import Instruction

    queryset = Instruction.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.reads_everything:
        return queryset
    if not scope.unit_ids:
        return queryset.none()
    return queryset.filter(
        Q(task__in=visible_tasks(user)) | Exists(Instruction.units.through.objects.filter(
            instruction_id=OuterRef("pk"), unit_id__in=scope.unit_ids))
    )


def visible_notices(user, queryset: QuerySet | None = None) -> QuerySet:
    """Supervision notices the person may read: those on tasks they see."""
    from supervision.models import Notice

    queryset = Notice.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.reads_everything:
        return queryset
    return queryset.filter(task__in=visible_tasks(user))


def units_to_reply_for(user, assigned_unit_ids) -> list[int]:
    """Of the units an instruction or notice names, those the person may reply for."""
    scope = scope_of(user)
    if not scope.may_change:
        return []
    return sorted(set(assigned_unit_ids) & scope.unit_ids)


def can_view_assessment(user) -> bool:
    """The ranking of all units: those who read everything."""
    return scope_of(user).reads_everything


def can_view_unit_score(user, unit_id: int) -> bool:
    """One unit's score and breakdown: those who read everything and the unit's own people."""
    scope = scope_of(user)
    return scope.reads_everything or unit_id in scope.unit_ids


def can_configure_assessment(user) -> bool:
    """Set a year's scoring scheme and adjust units' scores: the supervision office."""
    return scope_of(user).is_supervisor


def visible_urges(user, queryset: QuerySet | None = None) -> QuerySet:
    """Urges the person may read: all, for those who read everything; otherwise those sent to their units
    on tasks they see."""
    queryset = Urge.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.reads_everything:
        return queryset
    if not scope.unit_ids:
        return queryset.none()
    return queryset.filter(unit_id__in=scope.unit_ids, task__in=visible_tasks(user))


def own_notifications(user, queryset: QuerySet | None = None) -> QuerySet:
    """A person's inbox: their notifications only, whatever their role."""
    queryset = Notification.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(recipient=user)


# ---------------------------------------------------------------------------------- progress reports
# The supervision office builds, edits, finalises and reopens reports; leaders and administrators read
# them all. Unit staff read a report once it is final (it is issued to them), for all active plans or for
# a plan that names one of their units; drafts stay inside the office.


def visible_reports(user, queryset: QuerySet | None = None) -> QuerySet:
    from reports.models import Report, ReportStatus

    queryset = Report.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.reads_everything:
        return queryset
    if not scope.unit_ids:
        return queryset.none()
    plans_with_my_tasks = visible_tasks(user, Task.objects.all()).values("plan_id")
    return queryset.filter(status=ReportStatus.FINAL).filter(Q(plan__isnull=True) | Q(plan__in=plans_with_my_tasks))


def can_view_report(user, report) -> bool:
    return visible_reports(user).filter(pk=report.pk).exists()


def visible_exports(user, report) -> QuerySet:
    """Files made of a report the person may read. Those who may not read drafts get only files asked for once
    the report was final: a file made of the draft may hold what the office had not yet let out."""
    exports = report.exports.all()
    if scope_of(user).reads_everything:
        return exports
    if report.finalised_at is None:
        return exports.none()
    return exports.filter(created_at__gte=report.finalised_at)


def can_build_reports(user) -> bool:
    """Build a new report or rebuild a draft: the supervision office."""
    return scope_of(user).is_supervisor


def can_edit_report(user, report) -> bool:
    """Edit the summary and rows, rebuild, finalise: the supervision office, while the report is a draft."""
    return scope_of(user).is_supervisor and not report.is_final


def can_reopen_report(user, report) -> bool:
    """Reopen a final report: the supervision office."""
    return scope_of(user).is_supervisor and report.is_final


def can_export_report(user, report) -> bool:
    """Ask for an Excel, PDF or Word file of a report: whoever may read it (it is a copy of what they see)."""
    return can_view_report(user, report)

"""The review queue: submitted updates, oldest first, each accepted or returned with a comment in one step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks import permissions
from tasks.forms import DecisionForm, UrgeForm
from tasks.models import ProgressUpdate, ReviewState, TargetActual
from tasks.progress import ProgressError, accept_update, return_update

from .access import get_update_for_user, task_units_prefetch

PAGE_SIZE = 20


def _queue(user, task_id: str | None):
    updates = (
        permissions.reviewable_updates(user)
        .select_related("unit", "author", "task__plan", "task__section__parent", "task__parent__section__parent")
        .prefetch_related(
            task_units_prefetch("task__"), task_units_prefetch("task__parent__"), "attachments",
            Prefetch("target_actuals", queryset=TargetActual.objects.select_related("target")),
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )
    if task_id and task_id.isdigit():
        updates = updates.filter(task_id=int(task_id))
    return updates


def review_queue(request, failed=None):
    """`failed` is (update id, message, comment) when a decision was refused: shown beside that update with
    the reviewer's comment kept."""
    user = request.user
    if not permissions.may_review_anything(user):
        raise PermissionDenied
    task_filter = request.GET.get("task") or request.POST.get("task", "")
    page = Paginator(_queue(user, task_filter), PAGE_SIZE).get_page(request.GET.get("page"))
    may_urge = permissions.scope_of(user).is_supervisor
    for update in page:
        update.is_consolidated = permissions.is_consolidated(update)
        update.urge_form = UrgeForm(units=[update.unit]) if may_urge else None
    query = f"task={task_filter}" if task_filter.isdigit() else ""
    context = {"page": page, "failed": failed, "task_filter": task_filter, "query": query}
    return render(request, "tasks/review_queue.html", context, status=409 if failed else 200)


@require_POST
def decide(request, pk: int):
    user = request.user
    update = get_update_for_user(user, pk)
    if not permissions.can_review(user, update):
        decided = update.review_state in (ReviewState.ACCEPTED, ReviewState.RETURNED)
        if decided and permissions.may_review_anything(user):
            messages.info(request, _("This update was already handled: it is %(state)s.")
                          % {"state": update.get_review_state_display()})
            return redirect(reverse("tasks:review_queue") + _query(request))
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return review_queue(request, failed=(update.pk, _("Choose to accept or return the update."), ""))
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    try:
        if decision == DecisionForm.ACCEPT:
            accept_update(user, update, expected_version=form.cleaned_data["version"], comment=comment)
            messages.success(request, _("Accepted: %(update)s") % {"update": _label(update)})
        else:
            return_update(user, update, expected_version=form.cleaned_data["version"], comment=comment)
            messages.success(request, _("Returned to %(unit)s: %(update)s") % {"unit": update.unit,
                                                                              "update": _label(update)})
    except ProgressError as error:
        return review_queue(request, failed=(update.pk, str(error), comment))
    return redirect(reverse("tasks:review_queue") + _query(request))


def _label(update: ProgressUpdate) -> str:
    return f"{update.task.number_path} {update.period:%Y-%m} {update.unit}"


def _query(request) -> str:
    task = request.POST.get("task", "")
    return f"?task={task}" if task.isdigit() else ""

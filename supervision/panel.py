"""What the task page shows of the supervision workflow and which of its actions the reader may take."""

import datetime

from tasks import permissions
from tasks.health import Health
from tasks.models import Task

from .extensions import facts_of
from .forms import ApplyToCloseForm, ExtensionRequestForm
from .instructions import with_reply_status
from .models import RequestState


def task_workflow(user, task: Task, today: datetime.date, health: str) -> dict:
    closing = list(task.completion_requests.select_related("unit", "requested_by", "decided_by"))
    extensions = list(task.extensions.select_related("unit", "requested_by", "decided_by"))
    may_decide = permissions.can_decide_requests(user)
    return {
        "closing_requests": closing,
        "pending_closing": next((r for r in closing if r.state == RequestState.PENDING), None),
        "extensions": extensions,
        "pending_extension": next((e for e in extensions if e.state == RequestState.PENDING), None),
        "extension_facts": facts_of(extensions),
        "may_decide_requests": may_decide,
        "may_reopen_task": permissions.can_reopen_task(user, task),
        "close_form": ApplyToCloseForm() if permissions.can_apply_to_close(user, task) else None,
        "extension_form": ExtensionRequestForm() if permissions.can_request_extension(user, task) else None,
        "task_instructions": with_reply_status(
            permissions.visible_instructions(user, task.instructions.all()), today),
        "task_notices": list(task.notices.prefetch_related("units")),
        "may_record_instruction": permissions.can_record_instructions(user),
        "may_issue_notice": permissions.can_issue_notices(user) and health == Health.RED,
    }

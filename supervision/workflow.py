"""What the supervision services share: the error a refused step raises, and the version-checked state
change each step makes (of two people deciding the same record, the second is refused)."""

from django.db.models import Case, F, IntegerField, Model, QuerySet, Value, When
from django.utils.translation import gettext_lazy


class Words:
    """A refusal's words, written out in the language active when they are read: the page shows them in the
    reader's language, and the API gives them in every language (api/workflow_refusals.py)."""

    def __init__(self, message, **params):
        self.message, self.params = message, params

    def __str__(self) -> str:
        text = str(self.message)
        return text % {name: str(value) for name, value in self.params.items()} if self.params else text


class WorkflowError(Exception):
    """A rule refused the step; str(error) says why and what to do instead. Raised with lazy words (a
    gettext_lazy string or Words), which `message` keeps for the API."""

    @property
    def message(self):
        return self.args[0] if self.args else ""


class NotNow(WorkflowError):
    """The record or its task is not in a state that allows the step (already completed, already decided,
    closed, not red today …): nothing is wrong with what was sent, and the API answers 409, not 400."""


class AlreadyWaiting(NotNow):
    """A request of the same kind is already waiting for the supervision office; `waiting` is that request."""

    def __init__(self, message: str, waiting=None):
        super().__init__(message)
        self.waiting = waiting


class AlreadyDone(NotNow):
    """The same thing was sent a moment ago — a double click, a request sent again — and made `existing`; a
    second copy would only repeat it. The API answers 409 already_exists with its id."""

    def __init__(self, message, existing):
        super().__init__(message)
        self.existing = existing


# A unit's reply that repeats its last one word for word (AlreadyDone).
ALREADY_REPLIED = gettext_lazy("Your unit already sent this reply. To add to it, write what is new.")


class StaleRecord(WorkflowError):
    def __init__(self, message: str = ""):
        super().__init__(message or gettext_lazy(
            "Someone else acted on this record after you opened it, so nothing was changed. Read the page again, "
            "then decide."
        ))


def move(record: Model, expected_version: int | None, allowed_from, wrong_state_message: str, **values) -> Model:
    """Set `values` on the record if it is still in one of `allowed_from` at `expected_version`."""
    if record.state not in allowed_from:
        raise NotNow(wrong_state_message)
    rows = type(record).objects.filter(
        pk=record.pk, version=expected_version, state__in=allowed_from
    ).update(**values, version=F("version") + 1)
    if rows == 0:
        raise StaleRecord()
    record.refresh_from_db()
    return record


def same_record(candidates: QuerySet, units) -> Model | None:
    """The first of `candidates` (records alike in every other field) sent to exactly these units: the same
    notice or instruction sent twice over."""
    wanted = {unit.pk for unit in units}
    for record in candidates.prefetch_related("units").order_by("pk"):
        if {unit.pk for unit in record.units.all()} == wanted:
            return record
    return None


def required_text(value: str | None, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(message)
    return value


def notify_units(unit_ids, kind: str, task, text: str, url: str) -> None:
    """Put a message in the inbox of every active member of the units."""
    from tasks.models import Notification
    from units.models import User

    people = User.objects.filter(memberships__unit_id__in=list(unit_ids), is_active=True).distinct()
    Notification.objects.bulk_create(
        Notification(recipient=person, kind=kind, task=task, text=text, url=url) for person in people
    )


def in_state_order(queryset: QuerySet, states, *then: str) -> QuerySet:
    """The records in the order their `states` (a TextChoices) are declared — open ones before closed ones, as
    the office works through them — not in the alphabetical order of the state values; then by `then`."""
    rank = Case(*[When(state=value, then=Value(position)) for position, value in enumerate(states.values)],
                output_field=IntegerField())
    return queryset.alias(state_rank=rank).order_by("state_rank", *then)


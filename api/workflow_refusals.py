"""Turning the supervision services' refusals (supervision/workflow.py) and the pages' form errors into API
errors, as api/refusals.py does for progress updates."""

from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError

from supervision.workflow import AlreadyDone, AlreadyWaiting, NotNow, StaleRecord, WorkflowError
from tasks.attachments import RejectedFile

from .conditional import conflict_for
from .errors import ApiError

WRONG_STATE = _("This record is now “%(state)s”, so it cannot be handled that way. Fetch it again to see where "
                "it stands.")


def wrong_state(record, state_label) -> ApiError:
    """409: the record is not in a state that allows the step (decided already, closed, not completed …)."""
    return ApiError(WRONG_STATE, code="wrong_state", status_code=status.HTTP_409_CONFLICT,
                    params={"state": state_label}, extra={"current_version": record.version})


def already_waiting(message, record) -> ApiError:
    """409: a request of the same kind is already waiting for the supervision office; `id` names it."""
    return ApiError(message, code="already_exists", status_code=status.HTTP_409_CONFLICT,
                    extra={"id": record.pk, "current_version": record.version})


@contextmanager
def workflow_refusals(record=None, version_source: str = "body"):
    """Run a supervision service call: a stale version becomes 409 (body) or 412 (If-Match); a step the
    record's state does not allow now, 409 `wrong_state`; the same thing sent twice, 409 `already_exists`; a
    file the upload check refuses, 400 on `evidence`; any other rule the service applies, 400 `refused` with
    the service's own words — in every language, since the services raise with lazy words
    (supervision.workflow.Words)."""
    try:
        yield
    except StaleRecord:
        if record is None:
            raise ApiError(_("Someone else acted on this record a moment ago. Fetch it again, then repeat your "
                             "request."), code="version_conflict", status_code=status.HTTP_409_CONFLICT) from None
        raise conflict_for(record, version_source) from None
    except AlreadyWaiting as error:
        if error.waiting is None:
            raise ApiError(error.message, code="already_exists", status_code=status.HTTP_409_CONFLICT) from None
        raise already_waiting(error.message, error.waiting) from None
    except AlreadyDone as error:  # the same thing sent twice: `id` names what the first one made
        existing = error.existing
        extra = {"id": existing.pk, **({"current_version": existing.version} if hasattr(existing, "version") else {})}
        raise ApiError(error.message, code="already_exists", status_code=status.HTTP_409_CONFLICT,
                       extra=extra) from None
    except NotNow as error:  # the record's (or task's) state does not allow the step now
        extra = {"current_version": record.version} if record is not None else {}
        raise ApiError(error.message, code="wrong_state", status_code=status.HTTP_409_CONFLICT, extra=extra) from None
    except WorkflowError as error:
        raise ApiError(error.message, code="refused", status_code=status.HTTP_400_BAD_REQUEST) from None
    except RejectedFile as error:
        raise ValidationError({"evidence": [str(error)]}) from None

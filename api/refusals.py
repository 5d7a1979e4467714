"""Turning the services' refusals (tasks/progress.py) into API errors, with messages in both languages."""

from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from tasks.models import ReviewState
from tasks.progress import AlreadyUrged, ProgressError, StaleUpdate, UpdateLocked, WrongState

from .conditional import conflict_for
from .errors import ApiError

# The same words the pages use (tasks/progress.py), kept lazy here so both languages can be given.
LOCKED = _("This update has been accepted and is locked. Ask the supervision office to reopen it if it must change.")
WRONG_STATE = _("This update is %(state)s; it cannot be handled that way now.")
ALREADY_URGED = _("%(unit)s was already urged about this task today and has not reported since. Wait for its "
                  "update, or urge it again tomorrow.")


def locked() -> ApiError:
    return ApiError(LOCKED, code="locked", status_code=status.HTTP_409_CONFLICT)


@contextmanager
def refusals_as_errors(record, version_source: str = "body"):
    """Run a service call; a refusal becomes 409/412 for a conflict, 409 for a locked or wrongly placed
    update or a repeated urge, and 400 for any other rule."""
    try:
        yield
    except StaleUpdate:
        if record is None:
            raise ApiError(_("Someone else saved this update a moment ago. Fetch it, then change it with PATCH."),
                           code="version_conflict", status_code=status.HTTP_409_CONFLICT) from None
        raise conflict_for(record, version_source) from None
    except UpdateLocked:
        raise locked() from None
    except WrongState:
        record.refresh_from_db()
        raise ApiError(WRONG_STATE, code="wrong_state", status_code=status.HTTP_409_CONFLICT,
                       params={"state": dict(ReviewState.choices)[record.review_state]}) from None
    except AlreadyUrged as error:
        raise ApiError(ALREADY_URGED, code="already_exists", status_code=status.HTTP_409_CONFLICT,
                       params={"unit": str(error.urge.unit)}, extra={"id": error.urge.pk}) from None
    except ProgressError as error:
        raise ApiError(str(error), code="refused", status_code=status.HTTP_400_BAD_REQUEST) from None

"""Setting a year's scoring scheme and adjusting a unit's score: the supervision office, logged."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from audit import log
from audit.models import AuditAction
from tasks import permissions

from .models import ScoreAdjustment, ScoringScheme
from .workflow import StaleRecord, required_text

SCHEME_FIELDS = ("base_score", "completed_on_time", "late_report", "missing_report", "overdue_task", "extension",
                 "returned_update", "unanswered_notice", "lead_weight", "responsible_weight")


@transaction.atomic
def save_scheme(actor, year: int, values: dict, *, expected_version: int | None) -> ScoringScheme:
    """Create or change the year's scheme; a form built from an older version is refused."""
    if not permissions.can_configure_assessment(actor):
        raise PermissionDenied
    values = {name: values[name] for name in SCHEME_FIELDS}
    scheme = ScoringScheme.objects.select_for_update().filter(year=year).first()
    if scheme is None:
        scheme = ScoringScheme.objects.create(year=year, **values)
        log.record(actor, AuditAction.CREATE, scheme)
        return scheme
    if expected_version != scheme.version:
        raise StaleRecord()
    before = log.snapshot(scheme)
    ScoringScheme.objects.filter(pk=scheme.pk).update(**values, version=F("version") + 1)
    scheme.refresh_from_db()
    log.record(actor, AuditAction.UPDATE, scheme, before=before, after=log.snapshot(scheme))
    return scheme


@transaction.atomic
def adjust_score(actor, year: int, unit, points, reason: str,
                 today: datetime.date | None = None) -> ScoreAdjustment:
    if not permissions.can_configure_assessment(actor):
        raise PermissionDenied
    reason = required_text(reason, gettext_lazy("Write the reason for the adjustment: the unit will read it."))
    adjustment = ScoreAdjustment.objects.create(year=year, unit=unit, points=points, reason=reason,
                                                made_on=today or timezone.localdate(), made_by=actor)
    log.record(actor, AuditAction.CREATE, adjustment, note=reason)
    return adjustment

"""Which update speaks for a task in a month: the one whose words a report prints, whose percent and status
health and the dashboards read, and whose target values count — one choice, made the same way everywhere.

Which review states may be quoted (decided here, once):
- ACCEPTED — reviewed and accepted: quoted as it is;
- SUBMITTED — in front of the reviewers, not yet reviewed: quoted, and a report says so next to its words
  ("not yet reviewed"), so a meeting never takes it for an accepted one;
- RETURNED — sent back for correction: never quoted (what it says was found wanting), though it still counts
  as reported for the month (tasks/health.REPORTED_STATES: the unit did report; the return is scored apart);
- DRAFT and AWAITING_HEAD — not yet said: neither quoted nor reported.

The ranking, among a task's quotable updates for the months considered: the latest month first; within a
month the lead unit's (consolidated) update — a ▲ sub-item's inherited lead too (tasks/sub_item_units.py) —
then the most recently submitted, then the most recently made.

Forms side by side: `rank_key` / `speaking` (Python, for updates in hand), `latest_first` (a queryset
ordering, for Subquery(...)[:1]) and `order_sql` (an ORDER BY list for ROW_NUMBER() in raw SQL).
tests/hardening/test_speaking_update_rule.py feeds the same cases to every form and every user.
"""

import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext as _

from .models import ProgressUpdate, ReviewState
from .sub_item_units import leads_update, leads_update_sql

QUOTED_STATES = (ReviewState.ACCEPTED, ReviewState.SUBMITTED)
UNREVIEWED_STATES = (ReviewState.SUBMITTED,)  # quoted, with a word saying so

_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def rank_key(update, lead_ids: set[int]) -> tuple:
    """The ranking as a sort key: the highest key speaks (max(updates, key=…))."""
    submitted = update.submitted_at
    return (update.period, update.unit_id in lead_ids, submitted is not None, submitted or _EARLIEST,
            update.pk or 0)


def speaking(updates: Iterable, lead_ids: set[int]):
    """The update that speaks, of those in hand (any months; non-quotable ones are left out), or None."""
    quotable = [u for u in updates if u.review_state in QUOTED_STATES]
    return max(quotable, key=lambda u: rank_key(u, lead_ids), default=None)


def latest_first(updates=None, prefix: str = ""):
    """Quotable updates (or rows reaching one through `prefix`, e.g. TargetActual's "update__"), the one that
    speaks first. Pass a queryset of ProgressUpdate rows, or of rows related to them with `prefix`."""
    updates = ProgressUpdate.objects.all() if updates is None else updates
    return (
        updates.filter(**{f"{prefix}review_state__in": QUOTED_STATES})
        .annotate(speaks_as_lead=Case(When(leads_update(prefix), then=Value(1)), default=Value(0),
                                      output_field=models.IntegerField()))
        .order_by(f"-{prefix}period", "-speaks_as_lead", F(f"{prefix}submitted_at").desc(nulls_last=True),
                  f"-{prefix}pk")
    )


def order_sql(update: str = "u") -> tuple[str, list]:
    """The ranking as an SQL ORDER BY list over the `tasks_progressupdate` row aliased `update`, and the
    states that may be quoted as an SQL list: (order, states_sql, params for order then states)."""
    lead_sql, lead_params = leads_update_sql(update)
    order = (f"{update}.period DESC, CASE WHEN {lead_sql} THEN 1 ELSE 0 END DESC, "
             f"CASE WHEN {update}.submitted_at IS NULL THEN 1 ELSE 0 END, {update}.submitted_at DESC, "
             f"{update}.id DESC")
    return order, lead_params


def quotable_states_sql() -> tuple[str, list]:
    """`(%s, %s)` and the quotable states, for `review_state IN …`."""
    return "(" + ", ".join(["%s"] * len(QUOTED_STATES)) + ")", [state.value for state in QUOTED_STATES]


def quoted_text(update, text: str) -> str:
    """The update's words as a report prints them: with "not yet reviewed" before an unreviewed one's."""
    text = text.strip()
    if text and update.review_state in UNREVIEWED_STATES:
        return _("(not yet reviewed) %(text)s") % {"text": text}
    return text

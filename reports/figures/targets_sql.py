"""Targets met, counted for many tasks at once in one SQL statement — tasks/reporting.targets_with_actuals'
figures (the value of the update that speaks, tasks/speaking_update.py, for the months up to a period, judged
by tasks/target_rule.py's SQL form),
in one pass over the reported values instead of one lookup per target. tests/dashboards holds the two to the
same counts, tests/hardening/test_target_rule.py the rule's forms to the same answers."""

import datetime
from dataclasses import dataclass

from django.db import connection

from tasks.health_sql import scope_sql
from tasks.speaking_update import order_sql, quotable_states_sql
from tasks.target_rule import met_sql


@dataclass(frozen=True)
class TargetCounts:
    targets: int
    met: int
    tasks_with_targets: int
    tasks_all_met: int


def target_counts(tasks, through: datetime.date) -> TargetCounts:
    sql, params = scope_sql(tasks)
    quoted, quoted_params = quotable_states_sql()
    order, order_params = order_sql("u")
    rule, rule_params = met_sql(target="tg", actual="r.value")
    statement = f"""WITH scope(id) AS ({sql}),
ranked AS (
    SELECT a.target_id, a.value,
           ROW_NUMBER() OVER (PARTITION BY a.target_id ORDER BY {order}, a.id DESC) AS rank
    FROM tasks_targetactual a
    JOIN tasks_progressupdate u ON u.id = a.update_id
    JOIN tasks_target tg ON tg.id = a.target_id
    JOIN scope s ON s.id = tg.task_id
    WHERE u.review_state IN {quoted} AND u.period <= %s
),
judged AS (
    SELECT tg.task_id, CASE WHEN {rule} THEN 1 ELSE 0 END AS met
    FROM tasks_target tg
    JOIN scope s ON s.id = tg.task_id
    LEFT JOIN ranked r ON r.target_id = tg.id AND r.rank = 1
),
per_task AS (SELECT task_id, MIN(met) AS all_met FROM judged GROUP BY task_id)
SELECT (SELECT COUNT(*) FROM judged), (SELECT COALESCE(SUM(met), 0) FROM judged),
       (SELECT COUNT(*) FROM per_task), (SELECT COUNT(*) FROM per_task WHERE all_met = 1)"""
    values = [*params, *order_params, *quoted_params, connection.ops.adapt_datefield_value(through), *rule_params]
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        targets, met, with_targets, all_met = cursor.fetchone()
    return TargetCounts(targets, int(met), with_targets, all_met)

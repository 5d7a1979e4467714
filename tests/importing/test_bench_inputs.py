"""The benchmark's synthetic plan must stay a valid plan, or `make bench` would measure nothing."""

from bench.importing import synthetic_plan
from plans.importing import iter_tasks, read_source


def test_synthetic_plan_parses_to_the_number_of_tasks_asked_for():
    parsed = read_source(data=synthetic_plan(120).encode(), filename="p.txt").parsed
    tasks = list(iter_tasks(parsed))
    assert len(tasks) == 120
    assert all(task["lead_units"] and task["responsible_units"] for task in tasks)

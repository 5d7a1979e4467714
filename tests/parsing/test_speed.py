"""The import screen parses on every upload, so a 100-task plan must stay a valid, complete plan for the
benchmark (`make bench`, figure parse_100_tasks_ms) to measure. Speed itself is measured there, never by a
timed test: timings in tests fail at random on a busy machine."""

from plans.parsing import parse, read_text


def hundred_task_plan() -> str:
    lines = ["云溪区2024年重点工作任务分解方案"]
    for section in range(10):
        lines.append(f"{'一二三四五六七八九十'[section]}、第{section + 1}方面工作")
        for item in range(10):
            number = section * 10 + item + 1
            lines += [
                f"{number}.推进第{number}项重点工作,全年完成投资{number}亿元,新增就业{number * 10}人,6月底前完成方案。",
                "牵头单位:区发改委(综合协调)",
                "责任单位:各街道、区住建委和区财政局,相关委办局及各街镇",
            ]
    return "\n".join(lines)


def test_100_task_plan_parses_to_100_tasks_with_their_units():
    tasks = parse(read_text(hundred_task_plan())).tasks()
    assert len(tasks) == 100
    assert all(task.lead_units and task.responsible_units for task in tasks)

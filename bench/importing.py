"""How fast documents are read and plans are saved.

Goals (issue: import plan documents): a 100-task document parses in well under 100 ms, and a 1,000-task
import commits in under 2 s on SQLite. `*_goal_ratio` figures are time / goal: under 1 meets the goal.
"""

import statistics
import time
from pathlib import Path

from plans.importing import ImportChoices, import_plan, iter_tasks, read_source
from plans.parsing.text import int_to_chinese

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
UNITS = ["区发改委", "区财政局", "区住建委", "区民政局", "各街道", "属地街道", "区教育局", "各相关单位"]


def synthetic_plan(tasks: int, per_section: int = 50) -> str:
    """A task breakdown in the "N. / 牵头单位: / 责任单位:" layout, with targets and deadlines."""
    lines = [f"云溪区{tasks}项重点工作任务分解方案"]
    for number in range(1, tasks + 1):
        if (number - 1) % per_section == 0:
            section = (number - 1) // per_section + 1
            lines.append(f"{int_to_chinese(section)}、第{section}部分重点工作")
        # Numbering restarts in each section, as many plans do (and keeps numbers under 1,000).
        lines.append(
            f"{(number - 1) % per_section + 1}．推进第{number}项重点工作，"
            f"新建口袋公园{number % 40 + 1}个，增长{number % 9 + 1}%左右，{number % 12 + 1}月底前完成。"
        )
        lines.append(f"牵头单位：{UNITS[number % 4]}")
        lines.append(f"责任单位：{UNITS[4 + number % 4]}、{UNITS[(number + 1) % 4]}（配合）")
    return "\n".join(lines)


def _median_ms(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run() -> dict[str, float]:
    results: dict[str, float] = {}
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            data = path.read_bytes()
            results[f"parse_seed_{path.name[:3]}_ms"] = _median_ms(lambda d=data, n=path.name: read_source(
                data=d, filename=n), 5)
    hundred = synthetic_plan(100).encode()
    thousand = synthetic_plan(1000).encode()
    results["parse_100_tasks_ms"] = _median_ms(lambda: read_source(data=hundred, filename="p.txt"), 5)
    results["parse_100_tasks_goal_ratio"] = results["parse_100_tasks_ms"] / 100
    results["parse_per_1000_tasks_ms"] = _median_ms(lambda: read_source(data=thousand, filename="p.txt"), 3)
    source = read_source(data=thousand, filename="p.txt")
    assert sum(1 for _ in iter_tasks(source.parsed)) == 1000, "the synthetic plan must parse to 1,000 tasks"
    results["import_1000_tasks_commit_ms"] = _median_ms(
        lambda: import_plan(source, choices=ImportChoices(allow_duplicate=True)), 3
    )
    results["import_1000_tasks_goal_ratio"] = results["import_1000_tasks_commit_ms"] / 2000
    return results

"""One sample of every chart, with Chinese labels and links, for the PDF and browser tests."""

from reports import charts
from reports.charts import StackedRow

UNITS = [
    ("区发展和改革委员会", 12, "/tasks/?unit=1"),
    ("区住房和城乡建设管理委员会（区人民防空办公室）", 8, "/tasks/?unit=2"),
    ("青岚街道办事处", 5, "/tasks/?unit=3"),
    ("区生态环境局", 0, "/tasks/?unit=4"),
]
SECTIONS = [
    StackedRow("一、推动经济高质量发展", {"red": 2, "yellow": 1, "green": 9, "grey": 3},
               {"red": "/tasks/?section=1&health=red"}, "/tasks/?section=1"),
    StackedRow("二、城市更新", {"yellow": 4, "green": 1}, href="/tasks/?section=2"),
    StackedRow("三、保障和改善民生", {"red": 1, "yellow": 1, "green": 30, "grey": 1}, href="/tasks/?section=3"),
]
HEALTH_COUNTS = {"red": 3, "yellow": 6, "green": 40, "grey": 4}
REPORTING = [("1月", 92.5), ("2月", 95), ("3月", None), ("4月", 97.5), ("5月", 100, "/tasks/?month=2026-05"),
             ("6月", 98.2)]


def sample_charts() -> list[dict]:
    red_tasks = {"red": "/tasks/?health=red"}
    return [
        {"caption": "各单位牵头任务数",
         "svg": charts.bar_chart(UNITS, title="各单位牵头任务数", unit="项", description="按牵头单位统计的任务数量")},
        {"caption": "各部分任务状态",
         "svg": charts.stacked_bar_chart(SECTIONS, charts.health_series(red_tasks), title="各部分任务状态")},
        {"caption": "任务状态",
         "svg": charts.donut_chart(charts.health_items(HEALTH_COUNTS, red_tasks), title="任务状态分布",
                                   centre_label="项任务")},
        {"caption": "固定资产投资",
         "svg": charts.progress_bar(85.5, 100, unit="亿元", label="全区固定资产投资", title="固定资产投资")},
        {"caption": "单位GDP能耗下降",
         "svg": charts.progress_bar(-1.5, -3, unit="%", label="单位地区生产总值能耗下降", title="单位GDP能耗下降")},
        {"caption": "超额完成",
         "svg": charts.progress_bar(150, 50, unit="家", label="新增规上企业", title="新增规上企业")},
        {"caption": "月度报送率",
         "svg": charts.sparkline(REPORTING, unit="%", minimum=80, maximum=100, title="月度报送率")},
    ]

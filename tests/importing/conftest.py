from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# A short plan in the style of a district task breakdown, written by us, full-width punctuation throughout.
YUNXI_TEXT = """云溪区人民政府文件
云政发〔2026〕9号
云溪区人民政府关于印发《云溪区2026年民生实事任务分解方案》的通知
各街道办事处，区政府各委、办、局：
现将《云溪区2026年民生实事任务分解方案》印发给你们，请认真贯彻落实。
云溪区人民政府
2026年3月2日
云溪区2026年民生实事任务分解方案
一、城市更新
（一）老旧小区改造
1．完成老旧小区综合改造45万平方米，2026年10月底前完成。
牵头单位：区住建委
责任单位：属地街道、区城投集团
2．新建口袋公园10个。
牵头单位：区绿化市容局（公园科）
责任单位：各街道、云溪河道管理所
二、公共服务
3．新增养老床位300张，年底前完成。
牵头单位：区民政局
责任单位：各街镇
4．开展社区义诊活动。
责任单位：区卫健委
"""


def seed(name_prefix: str) -> bytes:
    if not SEEDS.is_dir():
        pytest.skip(f"the sample documents are not at {SEEDS}")
    matches = sorted(SEEDS.glob(f"{name_prefix}_*.txt"))
    if not matches:
        pytest.skip(f"no sample {name_prefix} in {SEEDS}")
    return matches[0].read_bytes()


@pytest.fixture
def yunxi_text() -> str:
    return YUNXI_TEXT

"""A district whose every text field a person can type holds HTML, and a person from a unit with no tasks."""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from plans.importing import import_plan, read_source
from plans.models import Plan
from reports.building import build_report
from reports.models import Report
from reports.periods import ReportPeriod
from tasks.models import Attachment, ProgressUpdate, ReviewState
from tests.conftest import make_user
from tests.progress.conftest import (  # noqa: F401  (fixtures used here)
    LAST_MONTH,
    World,
    _fixed_today,
    make_update,
    world,
)
from units.models import Unit, UnitKind

# Each payload would run script or change the page if a template printed it unescaped.
PAYLOADS = {
    "unit": '<script>alert("unit")</script>',
    "narrative": '<img src=x onerror=alert("narrative")>',
    "problems": '<iframe src="javascript:alert(1)"></iframe>',
    "next_steps": '"><svg onload=alert("next")>',
    "attachment": '<b onmouseover=alert("file")>',
    "document": '<script>alert("document")</script>',
    "summary": '<img src=x onerror=alert("summary")>',
}
PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Hostile:
    world: World
    update: ProgressUpdate
    attachment: Attachment
    imported: Plan
    outsider: object
    report: Report


@pytest.fixture
def hostile(world) -> Hostile:  # noqa: F811
    world.resp.name = f"区住建委{PAYLOADS['unit']}"
    world.resp.save()
    world.task.text = f"实施老旧小区改造{PAYLOADS['document']}"
    world.task.save()
    update = make_update(
        world.task, world.resp, state=ReviewState.SUBMITTED, period=LAST_MONTH,
        narrative=f"已完成{PAYLOADS['narrative']}", problems=PAYLOADS["problems"], next_steps=PAYLOADS["next_steps"],
    )
    attachment = Attachment(update=update, original_name=f"{PAYLOADS['attachment']}.pdf",
                            content_type="application/pdf", size=len(PDF_BYTES))
    attachment.file.save("x.pdf", ContentFile(PDF_BYTES), save=False)
    attachment.save()
    document = (
        f"测试区2026年重点工作{PAYLOADS['document']}\n"
        f"一、安全工作{PAYLOADS['document']}\n"
        f"1.推进{PAYLOADS['document']}建设。\n牵头单位：区发展和改革委员会\n"
    )
    imported = import_plan(read_source(text=document), actor=world["supervisor"])
    nobody = Unit.objects.create(name="区档案馆", kind=UnitKind.BUREAU)
    outsider = make_user("outsider", unit=nobody)
    report = build_report(ReportPeriod("monthly", LAST_MONTH), world.plan, actor=world["supervisor"]).report
    report.summary = f"本月总体进展顺利{PAYLOADS['summary']}"
    report.save()
    return Hostile(world=world, update=update, attachment=attachment, imported=imported, outsider=outsider,
                   report=report)

"""Inside the load test's installation: every update the clients saw submitted is in the database exactly
once, submitted, with at least the attachments they sent, each file on disk. Prints JSON."""

import json
import sys
from pathlib import Path

import django


def main(path: str) -> None:
    django.setup()
    from django.conf import settings
    from django.db.models import Count

    from tasks import periods
    from tasks.models import ProgressUpdate

    claimed = json.loads(Path(path).read_text())
    period = periods.parse_period(claimed["period"])
    problems = []
    for key, attachments in claimed["submitted"].items():
        task_id, unit_id = (int(part) for part in key.split("-"))
        rows = list(ProgressUpdate.objects.filter(task_id=task_id, unit_id=unit_id, period=period)
                    .annotate(files=Count("attachments")))
        if len(rows) != 1:
            problems.append(f"{key}: {len(rows)} rows")
            continue
        update = rows[0]
        if update.review_state == "draft":
            problems.append(f"{key}: still a draft")
        if update.files < attachments:
            problems.append(f"{key}: {update.files} files, {attachments} sent")
        for attachment in update.attachments.all():
            if not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists():
                problems.append(f"{key}: file missing {attachment.file.name}")
    print(json.dumps({"checked": len(claimed["submitted"]), "problems": problems[:50],
                      "problem_count": len(problems)}))


if __name__ == "__main__":
    main(sys.argv[1])

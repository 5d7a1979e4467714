import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.importing import ImportChoices, ImportRejected, import_plan, iter_tasks, match_names, read_source
from plans.parsing import UnreadableDocument
from units.directory import UnitDirectory


class Command(BaseCommand):
    help = (
        "Read a plan document (.txt in UTF-8, GB18030 or Big5, .docx, .xlsx) into sections, tasks, units, targets "
        "and deadlines, and save it as a plan. Names that match no unit are kept as written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the document to read")
        parser.add_argument("--dry-run", action="store_true", help="read and check only; save nothing")
        parser.add_argument("--json", action="store_true", help="print the parsed tree as one JSON object")
        parser.add_argument("--allow-duplicate", action="store_true", help="import even if already imported")

    def handle(self, *args, path, dry_run, json: bool, allow_duplicate, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            source = read_source(data=file.read_bytes(), filename=file.name, max_bytes=settings.UPLOAD_MAX_BYTES)
        except UnreadableDocument as error:
            raise CommandError(str(error)) from None
        if source.encoding:
            # With --json, stdout carries only the JSON object.
            (self.stderr if json else self.stdout).write(
                _("The text was read as %(encoding)s.") % {"encoding": source.encoding_name}
            )
        if json:
            self.stdout.write(_dumps(source.parsed))
        else:
            self._summarise(source)
        if dry_run:
            return
        try:
            plan = import_plan(source, choices=ImportChoices(allow_duplicate=allow_duplicate))
        except ImportRejected as error:
            raise CommandError(str(error)) from None
        message = f"Saved plan {plan.pk}: {plan.title} ({plan.tasks.count()} tasks)"
        (self.stderr if json else self.stdout).write(self.style.SUCCESS(message))

    def _summarise(self, source) -> None:
        parsed = source.parsed
        tasks = list(iter_tasks(parsed))
        matches = match_names(parsed, UnitDirectory())
        unknown = [name for name, match in matches.items() if not match.found]
        plan = parsed["plan"]
        self.stdout.write(f"{plan['title']}  {plan['doc_number']}  {plan['issuer']}  {plan['issued_on'] or ''}")
        self.stdout.write(f"{len(parsed['sections'])} sections, {len(tasks)} tasks and sub-items, "
                          f"{len(matches) - len(unknown)} of {len(matches)} unit names matched")
        if unknown:
            self.stdout.write("Not matched (kept as written): " + "、".join(unknown))
        for warning in parsed["warnings"]:
            self.stdout.write(f"  line {warning['line'] or '-'}: {warning['message']}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

"""The supervision workflow over the API: applications to close (办结/销号), deadline extensions (延期申请),
leader instructions (领导批示), supervision notices (督办单) and the annual assessment's ranking (考核).

Output serializers describe the records; input serializers only check the shape of a request — the page's
form (supervision/forms.py) and the service (supervision/*.py) then decide as they do for the pages."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from supervision.assessment import LineKind
from supervision.models import (
    CompletionRequest,
    DeadlineExtension,
    Instruction,
    Notice,
    NoticeLevel,
)
from tasks import limits
from tasks.calendar_window import check_day

# The kinds of assessment line, in the order the ranking shows them (named in ENUM_NAME_OVERRIDES).
LINE_KINDS = LineKind.ORDER
VERSION_HELP = "The version you read; or send If-Match instead."
ID_RANGE = {"min_value": 1, "max_value": 2**31 - 1}  # an id the database can hold: anything else is a 400


class CompletionRequestSerializer(serializers.ModelSerializer):
    evidence = serializers.SerializerMethodField(
        help_text="Where to download the evidence file; null when none was attached.")

    class Meta:
        model = CompletionRequest
        fields = ["id", "task", "unit", "requested_by", "summary", "evidence", "evidence_name", "state",
                  "requested_at", "decided_by", "decided_on", "decision_note", "reopened_on", "reopen_reason",
                  "version"]
        read_only_fields = fields
        extra_kwargs = {
            "task": {"help_text": "The task applied to close."},
            "unit": {"help_text": "The lead unit that applied."},
            "requested_by": {"help_text": "The person who applied."},
            "summary": {"help_text": "What was done, and what shows it is done."},
            "evidence_name": {"help_text": "The evidence file's name as uploaded."},
            "state": {"help_text": "pending until the supervision office confirms (销号) or rejects."},
            "decided_by": {"help_text": "The person in the supervision office who decided."},
            "decision_note": {"help_text": "The office's note, or its reason for rejecting."},
            "reopened_on": {"help_text": "When the office reopened the task this confirmation had completed."},
            "reopen_reason": {"help_text": "Why the task was reopened."},
            "version": {"help_text": "Changes with every decision; name it when deciding."},
        }

    def get_evidence(self, request: CompletionRequest) -> str | None:
        return reverse("api:closing-request-evidence", args=[request.pk]) if request.evidence else None


class ExtensionSerializer(serializers.ModelSerializer):
    days_extended = serializers.IntegerField(read_only=True, help_text="Days between the two deadlines.")

    class Meta:
        model = DeadlineExtension
        fields = ["id", "task", "unit", "requested_by", "previous_deadline", "requested_deadline", "days_extended",
                  "reason", "state", "requested_at", "decided_by", "decided_on", "decision_note", "overdue_days",
                  "version"]
        read_only_fields = fields
        extra_kwargs = {
            "task": {"help_text": "The task whose deadline would move."},
            "unit": {"help_text": "The lead unit that asked."},
            "requested_by": {"help_text": "The person who asked."},
            "previous_deadline": {"help_text": "The deadline in force when the extension was asked for."},
            "requested_deadline": {"help_text": "The new deadline asked for."},
            "reason": {"help_text": "Why the task needs more time."},
            "state": {"help_text": "pending until the supervision office approves or rejects."},
            "decided_by": {"help_text": "The person in the supervision office who decided."},
            "decision_note": {"help_text": "The office's note, or its reason for rejecting."},
            "overdue_days": {"help_text": "How many days overdue the task already was when the extension was "
                                          "approved."},
            "version": {"help_text": "Changes with every decision; name it when deciding."},
        }


class ReplySerializer(serializers.Serializer):
    """A unit's reply to an instruction or a notice."""

    id = serializers.IntegerField(read_only=True, help_text="The reply's id.")
    unit = serializers.IntegerField(source="unit_id", read_only=True, help_text="The unit replying.")
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="The unit's name.")
    author = serializers.IntegerField(source="author_id", read_only=True, allow_null=True,
                                      help_text="The person who wrote the reply.")
    text = serializers.CharField(read_only=True, help_text="What the unit did.")
    replied_at = serializers.DateTimeField(read_only=True, help_text="When the reply was sent.")


class InstructionUnitSerializer(serializers.Serializer):
    """One assigned unit of an instruction, with its replies."""

    unit = serializers.IntegerField(help_text="The unit's id.")
    name = serializers.CharField(help_text="The unit's name.")
    replies = ReplySerializer(many=True, help_text="The unit's replies, oldest first.")
    overdue = serializers.BooleanField(help_text="The reply deadline passed while the instruction was open and "
                                                 "the unit has not replied.")


class InstructionSerializer(serializers.ModelSerializer):
    units = serializers.SerializerMethodField(help_text="Each assigned unit with its replies and whether its reply "
                                                        "is overdue.")
    overdue = serializers.BooleanField(read_only=True, help_text="Some unit's reply is overdue.")

    class Meta:
        model = Instruction
        fields = ["id", "plan", "task", "leader_name", "given_on", "text", "reply_deadline", "state", "units",
                  "overdue", "recorded_by", "recorded_at", "closed_on", "closing_note", "version"]
        read_only_fields = fields
        extra_kwargs = {
            "plan": {"help_text": "The plan the instruction is on."},
            "task": {"help_text": "The task it is on; null for an instruction on the whole plan."},
            "leader_name": {"help_text": "The leader who gave it."},
            "given_on": {"help_text": "The day it was given."},
            "text": {"help_text": "The leader's words."},
            "reply_deadline": {"help_text": "The day the units' replies are due."},
            "state": {"help_text": "open while being carried out; closed once the office closes it."},
            "recorded_by": {"help_text": "The person in the supervision office who recorded it."},
            "closing_note": {"help_text": "How it was carried out, as the office wrote on closing it."},
            "version": {"help_text": "Changes when the instruction is closed; name it when closing."},
        }

    @extend_schema_field(InstructionUnitSerializer(many=True))
    def get_units(self, instruction: Instruction) -> list:
        return [
            {"unit": unit.pk, "name": unit.name, "replies": ReplySerializer(replies, many=True).data, "overdue": late}
            for unit, replies, late in instruction.unit_rows
        ]


class NoticeUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The unit's id.")
    name = serializers.CharField(help_text="The unit's name.")


class NoticeSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="__str__", read_only=True, help_text="The notice's number, e.g. 2026-001.")
    units = NoticeUnitSerializer(many=True, read_only=True, help_text="The units the notice is addressed to.")
    replies = ReplySerializer(many=True, read_only=True, help_text="The units' replies, oldest first.")
    pdf = serializers.SerializerMethodField(help_text="Where to download the one-page A4 notice as PDF.")

    class Meta:
        model = Notice
        fields = ["id", "number", "task", "year", "serial", "level", "problem", "required_action", "reply_deadline",
                  "units", "replies", "state", "issued_by", "issued_on", "closed_on", "returned_at", "pdf",
                  "version"]
        read_only_fields = fields
        extra_kwargs = {
            "task": {"help_text": "The (red) task the notice was issued from."},
            "year": {"help_text": "The year of its number."},
            "serial": {"help_text": "Its number within the year."},
            "level": {"help_text": "yellow or red notice."},
            "problem": {"help_text": "The problem the notice is about."},
            "required_action": {"help_text": "What the units must do."},
            "reply_deadline": {"help_text": "The day the replies are due."},
            "state": {"help_text": "issued: waiting for replies; replied: every unit replied, waiting for the "
                                   "office; closed: a reply was accepted."},
            "issued_by": {"help_text": "The person in the supervision office who issued it."},
            "returned_at": {"help_text": "When the office last returned the replies; only later replies count."},
            "version": {"help_text": "Changes with every step; name it when accepting or returning."},
        }

    def get_pdf(self, notice: Notice) -> str:
        return reverse("api:notice-pdf", args=[notice.pk])


# ------------------------------------------------------------------------------------------------- input


class ApplyToCloseSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=limits.CLOSING_SUMMARY, help_text=(
        "The closing summary: what was done, and what shows it is done."))
    evidence = serializers.FileField(required=False, help_text="Optional evidence file (pdf, docx, xlsx, jpg or "
                                                               "png, checked by content). Send multipart/form-data.")


class ExtensionRequestSerializer(serializers.Serializer):
    new_deadline = serializers.DateField(validators=[check_day],
                                         help_text="The deadline asked for: later than the present one.")
    reason = serializers.CharField(max_length=limits.REASON, help_text="Why the task needs more time.")


class ApproveSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.REASON,
                                 help_text="A note for the unit.")


class RejectSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)
    reason = serializers.CharField(max_length=limits.REASON,
                                   help_text="Why it is rejected, so the unit knows what to do.")


class ReopenTaskSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="The task's version you read; or send If-Match "
                                                                 "with the task's ETag.")
    reason = serializers.CharField(max_length=limits.REASON, help_text="Why the completed task is reopened.")


class InstructionCreateSerializer(serializers.Serializer):
    task = serializers.IntegerField(required=False, allow_null=True, **ID_RANGE,
                                    help_text="The task the instruction is on; leave out for a whole plan.")
    plan = serializers.IntegerField(required=False, **ID_RANGE,
                                    help_text="The plan; may be left out when a task is given (the task's plan).")
    leader_name = serializers.CharField(max_length=100, help_text="The leader who gave the instruction.")
    given_on = serializers.DateField(validators=[check_day], help_text="The day it was given.")
    text = serializers.CharField(max_length=limits.INSTRUCTION_TEXT, help_text="The leader's words.")
    units = serializers.ListField(child=serializers.IntegerField(**ID_RANGE), allow_empty=False,
                                  help_text="Ids of the units to carry it out.")
    reply_deadline = serializers.DateField(validators=[check_day], help_text="The day the units' replies are due.")


class ReplyCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, **ID_RANGE,
                                    help_text="The unit you reply for: one of yours that the record names. May be "
                                              "left out when you may reply for one unit only.")
    text = serializers.CharField(max_length=limits.REPLY_TEXT, help_text="What your unit has done.")


class CloseInstructionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.REASON,
                                 help_text="How the instruction was carried out.")


class NoticeCreateSerializer(serializers.Serializer):
    task = serializers.IntegerField(**ID_RANGE, help_text="The task, red today, the notice is issued from.")
    level = serializers.ChoiceField(choices=NoticeLevel.choices, help_text="yellow or red notice.")
    problem = serializers.CharField(max_length=limits.NOTICE_TEXT, help_text="The problem the notice is about.")
    required_action = serializers.CharField(max_length=limits.NOTICE_TEXT, help_text="What the units must do.")
    reply_deadline = serializers.DateField(validators=[check_day],
                                           help_text="The day the replies are due: after today.")
    units = serializers.ListField(child=serializers.IntegerField(**ID_RANGE), allow_empty=False,
                                  help_text="Ids of units the task names (directly or through a group).")


class AcceptReplySerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.REASON,
                                    help_text="A note recorded with the decision.")


class ReturnReplySerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)
    comment = serializers.CharField(max_length=limits.REASON,
                                    help_text="What the replies lack, so the units know what to add.")


# -------------------------------------------------------------------------------------------- assessment


class AssessmentQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(validators=[check_day], required=False, help_text=(
        "Score the records as they stood at the end of this day (default: today, or the year's last day)."))


class SchemeSerializer(serializers.Serializer):
    base_score = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Every unit's starting score.")
    completed_on_time = serializers.DecimalField(max_digits=6, decimal_places=2,
                                                 help_text="Points per task completed on time.")
    late_report = serializers.DecimalField(max_digits=6, decimal_places=2,
                                           help_text="Deduction per late monthly update.")
    missing_report = serializers.DecimalField(max_digits=6, decimal_places=2,
                                              help_text="Deduction per missing monthly update.")
    overdue_task = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Deduction per overdue task.")
    extension = serializers.DecimalField(max_digits=6, decimal_places=2,
                                         help_text="Deduction per approved extension.")
    returned_update = serializers.DecimalField(max_digits=6, decimal_places=2,
                                               help_text="Deduction per returned update.")
    unanswered_notice = serializers.DecimalField(max_digits=6, decimal_places=2,
                                                 help_text="Deduction per unanswered notice.")
    lead_weight = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="Weight of a lead unit's lines.")
    responsible_weight = serializers.DecimalField(max_digits=4, decimal_places=2,
                                                  help_text="Weight of a responsible unit's lines.")


class SubtotalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LINE_KINDS, help_text="The kind of line.")
    label = serializers.CharField(help_text="The kind of line, in the request's language.")
    points = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="The weighted points of these lines.")


class UnitScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 for the highest score; equal scores share a rank.")
    unit = serializers.IntegerField(source="unit.pk", help_text="The unit's id.")
    unit_name = serializers.CharField(source="unit.name", help_text="The unit's name.")
    score = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="Base score plus every weighted line.")
    subtotals = serializers.SerializerMethodField(help_text="Weighted points per kind of line.")
    line_count = serializers.SerializerMethodField(help_text="How many lines the score is made of.")
    breakdown = serializers.SerializerMethodField(
        help_text="The unit's page on the site, with every line traced to its record.")

    @extend_schema_field(SubtotalSerializer(many=True))
    def get_subtotals(self, score) -> list:
        return [{"kind": kind, "label": str(LineKind.LABELS[kind]), "points": points}
                for kind, points in score.subtotals]

    def get_line_count(self, score) -> int:
        return len(score.lines)

    def get_breakdown(self, score) -> str:
        return reverse("supervision:unit_score", args=[self.context["year"], score.unit.pk])


class AssessmentSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="scheme.year", help_text="The plan year.")
    as_of = serializers.DateField(help_text="The day the records were scored as of.")
    scheme = SchemeSerializer(help_text="The year's scoring scheme.")
    scores = UnitScoreSerializer(many=True, help_text="Every unit's score, highest first.")


class LineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LINE_KINDS, help_text="The kind of line.")
    label = serializers.CharField(help_text="The kind of line, in the request's language.")
    points = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="Points before weighting, signed.")
    weight = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="The weight of the unit's role.")
    weighted = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="Points times weight.")
    task = serializers.IntegerField(source="task_id", allow_null=True, help_text="The task the line is about.")
    record = serializers.CharField(help_text="The record behind the line, e.g. progressupdate:17 or notice:3.")
    record_words = serializers.CharField(help_text=(
        "The same record as the pages and printouts name it: the task's number, the kind of record and the month, "
        "e.g. 二(三)15 进展填报 2026年10月 (in the request's language)."))
    detail = serializers.CharField(help_text="What a reader needs to find it: the month, the dates, the reason.")


class UnitBreakdownSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The plan year.")
    as_of = serializers.DateField(help_text="The day the records were scored as of.")
    unit = serializers.IntegerField(source="unit.pk", help_text="The unit's id.")
    unit_name = serializers.CharField(source="unit.name", help_text="The unit's name.")
    rank = serializers.IntegerField(allow_null=True, help_text="The unit's rank; null when it has no score this "
                                                               "year.")
    score = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True,
                                     help_text="Base score plus every weighted line; null without a score.")
    subtotals = SubtotalSerializer(many=True, help_text="Weighted points per kind of line.")
    lines = LineSerializer(many=True, help_text="Every line of the score, each traced to its record.")

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tasks import limits
from tasks.calendar_window import check_day
from tasks.health import Health
from tasks.models import Milestone, Target, Task, TaskUnit, WorkStatus


class TaskUnitSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True, help_text="The unit, group or written name, as pages show it.")

    class Meta:
        model = TaskUnit
        fields = ["role", "unit", "group", "name", "qualifier", "display_name"]
        extra_kwargs = {
            "unit": {"help_text": "The unit's id, when the name matched a unit."},
            "group": {"help_text": "The unit group's id, when the name matched a group (各街道 …)."},
            "name": {"help_text": "The name as the document wrote it."},
        }


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "text", "metric", "comparator", "value", "upper_value", "measure_unit", "kind", "baseline"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "description", "due_on", "completed_on"]


class TaskSerializer(serializers.ModelSerializer):
    """A task as lists show it."""

    number_path = serializers.CharField(read_only=True, help_text=(
        "The number the task is known by on every page and printout: 二(三)15; a ▲ sub-item adds ▲ and its place "
        "among its task's ▲ sub-items, 二(三)15▲2 (tasks/numbering.py)."))
    health = serializers.ChoiceField(choices=Health.choices, read_only=True,
                                     help_text="Traffic light: red, yellow, green, or grey when completed.")
    latest_percent = serializers.IntegerField(read_only=True,
                                              help_text="Percent complete in the latest reported update (0 if none).")
    units = serializers.SerializerMethodField(help_text="Lead and responsible units in document order.")

    class Meta:
        model = Task
        fields = ["id", "plan", "section", "parent", "number", "number_path", "title", "text", "deadline",
                  "deadline_text", "is_livelihood", "is_key", "work_status", "completed_on", "health",
                  "latest_percent", "units", "updated_at", "version"]

    @extend_schema_field(TaskUnitSerializer(many=True))
    def get_units(self, task: Task) -> list:
        return TaskUnitSerializer(task.task_units.all(), many=True).data


class TaskDetailSerializer(TaskSerializer):
    """A task with everything its page shows about it."""

    targets = TargetSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    subtasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Ids of its ▲ sub-items.")

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "leader_post", "targets", "milestones", "subtasks", "created_at"]


class _FieldsLeftOutKeepTheirValue:
    """An item of a task change's list: for an item with an id, the fields left out keep the record's values;
    the task editor's form then says what a new item lacks."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields


class TaskUnitChangeSerializer(_FieldsLeftOutKeepTheirValue, TaskUnitSerializer):
    id = serializers.IntegerField(required=False, help_text="Leave out to add a unit; give it to change that one.")

    class Meta(TaskUnitSerializer.Meta):
        fields = ["id", "role", "unit", "group", "name", "qualifier", "position"]


class TargetChangeSerializer(_FieldsLeftOutKeepTheirValue, TargetSerializer):
    id = serializers.IntegerField(required=False, help_text="Leave out to add a target; give it to change that one.")

    class Meta(TargetSerializer.Meta):
        fields = [*TargetSerializer.Meta.fields, "position"]
        validators = []  # the task editor's form checks targets (tasks/forms.py)


class MilestoneChangeSerializer(_FieldsLeftOutKeepTheirValue, MilestoneSerializer):
    id = serializers.IntegerField(required=False,
                                  help_text="Leave out to add a milestone; give it to change that one.")

    class Meta(MilestoneSerializer.Meta):
        fields = [*MilestoneSerializer.Meta.fields, "position"]


class TaskChangeSerializer(serializers.Serializer):
    """What the supervision office may change on a task (the task editor's fields). Fields left out keep their
    value. A list of units, targets or milestones that is sent becomes the task's list: items with an id change
    that record, items without one are added, and records left out are deleted (a target with reported values
    cannot be deleted)."""

    text = serializers.CharField(required=False, max_length=limits.TASK_TEXT, help_text="The task's full text.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="A short title.")
    deadline = serializers.DateField(validators=[check_day], required=False, allow_null=True,
                                     help_text="The deadline as a date.")
    deadline_text = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                          help_text="The deadline as the document wrote it.")
    work_status = serializers.ChoiceField(choices=WorkStatus.choices, required=False, help_text="Work status.")
    completed_on = serializers.DateField(validators=[check_day], required=False, allow_null=True,
                                         help_text="When the work was completed.")
    is_livelihood = serializers.BooleanField(required=False, help_text="A ★ livelihood project.")
    is_key = serializers.BooleanField(required=False, help_text="A key task.")
    leader_post = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                        help_text="The leader in charge (a post).")
    version = serializers.IntegerField(required=False, help_text="The version you read; or send If-Match instead.")
    units = TaskUnitChangeSerializer(many=True, required=False, help_text="The task's new list of units.")
    targets = TargetChangeSerializer(many=True, required=False, help_text="The task's new list of targets.")
    milestones = MilestoneChangeSerializer(many=True, required=False, help_text="The task's new list of milestones.")

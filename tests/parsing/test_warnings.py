"""What the parser asks a person to check before importing, with the line to look at."""

from plans.parsing import parse, read_text


def warnings(text):
    return [(warning.line, warning.code) for warning in parse(read_text(text)).warnings]


def test_a_task_without_units_is_flagged_when_other_tasks_name_units():
    text = "一、任务\n1.建设新城。\n牵头单位:区住建委\n2.修缮老街。\n3.疏浚河道。\n责任单位:区水务局\n"
    assert warnings(text) == [(4, "missing_units")]


def test_tasks_without_units_are_fine_when_the_plan_names_none():
    assert warnings("一、任务\n1.建设新城。\n2.修缮老街。\n") == []


def test_context_sections_are_not_checked_for_units():
    text = "一、指导思想\n1.坚持人民至上。\n二、任务\n1.建设新城。\n牵头单位:区住建委\n"
    assert warnings(text) == []


def test_a_sub_item_without_units_inherits_and_is_not_flagged():
    text = "一、任务\n1、建设新城。(牵头单位:区住建委)\n▲完成规划。\n"
    assert warnings(text) == []


def test_numbers_out_of_sequence_are_flagged():
    text = "一、任务\n1.建设新城。\n3.疏浚河道。\n3.修缮老街。\n三、保障\n"
    assert warnings(text) == [
        (3, "number_out_of_sequence"),
        (4, "number_out_of_sequence"),
        (5, "number_out_of_sequence"),
    ]


def test_numbering_may_restart_under_each_heading_or_run_through_the_plan():
    restart = "一、甲\n1.建设新城。\n2.修缮老街。\n二、乙\n1.疏浚河道。\n"
    running = "一、甲\n1.建设新城。\n2.修缮老街。\n二、乙\n3.疏浚河道。\n"
    assert warnings(restart) == warnings(running) == []


def test_a_label_with_nothing_after_it_is_flagged():
    text = "一、任务\n1.建设新城。\n牵头单位:\n责任单位:区住建委\n"
    plan = parse(read_text(text))
    assert [(w.line, w.code) for w in plan.warnings] == [(3, "empty_label")]
    assert "牵头单位" in plan.warnings[0].message
    assert [u.name for u in plan.tasks()[0].responsible_units] == ["区住建委"]


def test_units_before_any_task_are_flagged():
    assert warnings("牵头单位:区住建委\n一、任务\n1.建设新城。\n") == []  # front matter, before the plan
    assert ("orphan_label" in {code for _, code in warnings("一、任务\n牵头单位:区住建委\n1.建设新城。\n")}) is False


def test_a_document_without_tasks_says_so():
    plan = parse(read_text("关于做好年度工作的说明\n请各单位认真落实。\n"))
    assert [w.code for w in plan.warnings] == ["no_tasks"]
    assert "numbered" in plan.warnings[0].message


def test_warning_messages_say_what_to_do():
    plan = parse(read_text("一、任务\n1.建设新城。\n牵头单位:区住建委\n2.修缮老街。\n"))
    message = plan.warnings[0].message
    assert "names no lead or responsible unit" in message and "assign the units after import" in message


def test_a_missing_inline_item_is_flagged_not_merged():
    plan = parse(read_text("一、目标\n(一)收入增长3%。(二)投资增长5%。(四)新增托位200个。\n"))
    assert [t.number for t in plan.tasks()] == ["(一)", "(二)", "(四)"]
    assert [(w.line, w.code) for w in plan.warnings] == [(2, "number_out_of_sequence")]

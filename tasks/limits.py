"""How long a text people type (or a document brings) may be, in characters, in one place.

The database's text columns have no limit, so these are the limits: the page's form and the API's serializer of
the same input take theirs from here (the API mostly checks input with the page's own form as well), and the
import refuses a document whose task text is longer than a task may be. They also bound the size of a report
built from these texts, so that its PDF or Word file is made in reasonable time.
"""

# A month's update: progress, problems, next steps (each).
UPDATE_TEXT = 20_000
# A task's full text, as the plan document wrote it (the longest in real plans are a few hundred characters).
TASK_TEXT = 5_000
# A reviewer's comment on an update, a reason to reopen one.
REVIEW_COMMENT = 5_000
# An urge's message to a unit.
URGE_MESSAGE = 1_000
# Supervision: a closing summary, a leader's instruction, a reply to it.
CLOSING_SUMMARY = 5_000
INSTRUCTION_TEXT = 5_000
REPLY_TEXT = 5_000
# A notice's problem and required action (each).
NOTICE_TEXT = 3_000
# A reason or note given with a supervision step (extension, decision, reopening, closing).
REASON = 2_000
# A report's summary and each row's edited progress or remark.
REPORT_TEXT = 20_000

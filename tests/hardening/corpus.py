"""The bad-input corpus: text and values that have broken or weaponised Duban's files and pages, written by us.

Every path that takes text (web import, import_plan, update form, API, task editor) and every output that
carries it (xlsx, docx, pdf, pages) is run against the texts below in test_corpus.py. The rest of the corpus is
generated where it is used, beside the tests that run it through the same paths:
- decompression bombs and oversize workbooks and Word files: test_upload_limits.py (import page, import_plan,
  attachments; parsed under a memory cap);
- wrong and doubtful encodings (Big5, Big5-HKSCS, EUC-KR): test_text_encodings.py (import page, import_plan);
- dates and months at the edge of the calendar: test_calendar_window.py (every page and API endpoint that reads
  them, found by walking the URL resolver; every form and import that writes them);
- oversize text: test_text_limits.py (update form, API, task editor, PATCH, import, admin);
- forms over the request size limit: test_oversized_forms.py; PDFs too big to make: test_pdf_bounds.py.
"""

# Text that a spreadsheet would run as a formula if it were written as one.
FORMULAS = [
    '=HYPERLINK("http://127.0.0.1/evil","点击查看附件")',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+1+2",
    "-3+4",
    "@SUM(A1:A2)",
]

# Control characters as clerks paste them: Word's manual line break (vertical tab), a page break (form feed),
# ESC and BEL from a terminal, backspace, the C1 range, a Unicode line separator. NUL is left out: PostgreSQL
# cannot store it at all, and the forms refuse it (tests of the input rule cover it).
CONTROL_TEXT = "完成主体工程\x0b第二行\x0c第三段\x1b[31m红字\x07\x08\x85下一行\u2028末行\x9b结束"
# What the input rule makes of it: line breaks kept as "\n", everything else dropped.
CONTROL_TEXT_CLEANED = "完成主体工程\n第二行\n第三段[31m红字\n下一行\n末行结束"

# Text that must arrive, be stored and be shown exactly as typed (escaped in pages, text in files).
PLAIN_BUT_HOSTILE = [
    '<script>alert("督办")</script><img src=x onerror=alert(1)>',
    "右至左\u202e覆盖字符\u202c结束",
    "表情🏗️🚧与生僻字𠀀𪚥",
    "引号'\"反斜杠\\和百分号%s%(x)s{{ x }}{% y %}",
]

# Every text of the corpus, as typed, with what the input rule keeps of it.
TEXT_CORPUS = [(text, text) for text in FORMULAS + PLAIN_BUT_HOSTILE] + [(CONTROL_TEXT, CONTROL_TEXT_CLEANED)]

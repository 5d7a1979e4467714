"""Text that people type or documents carry, made safe once on the way in and again on the way out.

`cleaning.clean_text` is the input rule: line breaks of every kind become "\\n", other control characters
are dropped. `office` is the output side: every cell of every workbook and every run of every Word file is
written through it, so text that starts with "=" stays text and characters Office files cannot hold never
reach them, whatever was stored before the input rule existed.

Lowest layer: imports nothing from the project's apps.
"""

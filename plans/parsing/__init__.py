"""Reading plan documents (计划、方案、任务分解) into sections, tasks, units, targets and deadlines.

    document = read_document(uploaded_bytes, "方案.docx")   # or read_text(pasted_text)
    plan = parse(document)
    plan.to_json()

Nothing here touches the database: matching unit names to units and saving the plan happen elsewhere.
"""

from .document import Document, Paragraph, Table
from .model import ParsedPlan, ParsedSection, ParsedTask, ParseWarning
from .readers import UnreadableDocument, read_document, read_text
from .structure import parse
from .vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "Document",
    "Paragraph",
    "ParseWarning",
    "ParsedPlan",
    "ParsedSection",
    "ParsedTask",
    "Table",
    "UnreadableDocument",
    "Vocabulary",
    "load_vocabulary",
    "parse",
    "read_document",
    "read_text",
]

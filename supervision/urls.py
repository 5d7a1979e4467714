from django.urls import path

from .views import assessment, instructions, notices, task_actions

app_name = "supervision"
urlpatterns = [
    path("requests/", task_actions.pending_requests, name="pending_requests"),
    path("tasks/<int:pk>/close/", task_actions.apply_to_close, name="apply_to_close"),
    path("tasks/<int:pk>/reopen/", task_actions.reopen_task, name="reopen_task"),
    path("tasks/<int:pk>/extend/", task_actions.request_extension, name="request_extension"),
    path("tasks/<int:pk>/notice/", notices.notice_new, name="notice_new"),
    path("closing/<int:pk>/decide/", task_actions.decide_closing, name="decide_closing"),
    path("closing/<int:pk>/evidence/", task_actions.evidence_download, name="evidence"),
    path("extensions/<int:pk>/decide/", task_actions.decide_extension, name="decide_extension"),
    path("instructions/", instructions.instruction_list, name="instructions"),
    path("instructions/new/", instructions.instruction_new, name="instruction_new"),
    path("instructions/<int:pk>/", instructions.instruction_detail, name="instruction"),
    path("instructions/<int:pk>/close/", instructions.instruction_close, name="instruction_close"),
    path("notices/", notices.notice_list, name="notices"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice"),
    path("notices/<int:pk>/decide/", notices.notice_decide, name="notice_decide"),
    path("notices/<int:pk>/pdf/", notices.notice_pdf, name="notice_pdf"),
    path("assessment/", assessment.ranking, name="ranking"),
    path("assessment/<int:year>/units/<int:unit_id>/", assessment.unit_score, name="unit_score"),
    path("assessment/<int:year>/export.xlsx", assessment.export_excel, name="export_excel"),
    path("assessment/<int:year>/export.pdf", assessment.export_pdf, name="export_pdf"),
    path("assessment/<int:year>/scheme/", assessment.scheme_edit, name="scheme"),
    path("assessment/<int:year>/adjust/", assessment.adjust, name="adjust"),
]

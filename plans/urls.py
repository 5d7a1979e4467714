from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/ledger.xlsx", views.plan_ledger_download, name="ledger"),
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
]

from django.urls import path

from .views import dashboards, progress_reports

app_name = "reports"
urlpatterns = [
    # Dashboards: where every plan, section and unit stands.
    path("dashboard/", dashboards.overview, name="overview"),
    path("dashboard/sections/", dashboards.sections, name="sections"),
    path("dashboard/units/", dashboards.units, name="units"),
    path("dashboard/trend/", dashboards.trend, name="trend"),
    path("dashboard/leader/", dashboards.leader, name="leader"),
    # Monthly and quarterly progress reports.
    path("reports/", progress_reports.report_list, name="list"),
    path("reports/build/", progress_reports.report_build, name="build"),
    path("reports/<int:pk>/", progress_reports.report_detail, name="detail"),
    path("reports/<int:pk>/rebuild/", progress_reports.report_rebuild, name="rebuild"),
    path("reports/<int:pk>/summary/", progress_reports.report_summary, name="summary"),
    path("reports/<int:pk>/rows/<int:row_pk>/", progress_reports.report_row, name="row"),
    path("reports/<int:pk>/finalise/", progress_reports.report_finalise, name="finalise"),
    path("reports/<int:pk>/reopen/", progress_reports.report_reopen, name="reopen"),
    path("reports/<int:pk>/export/", progress_reports.report_export, name="export"),
    path("reports/<int:pk>/exports/<int:export_pk>/", progress_reports.export_download, name="download"),
]

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .views import (
    assessment,
    dashboards,
    instructions,
    me,
    not_found,
    notices,
    plans,
    reports,
    supervision,
    tasks,
    units,
    updates,
    urges,
)

router = SimpleRouter()
router.register("units", units.UnitViewSet, basename="unit")
router.register("unit-groups", units.UnitGroupViewSet, basename="unitgroup")
router.register("plans", plans.PlanViewSet, basename="plan")
router.register("sections", plans.SectionViewSet, basename="section")
router.register("tasks", tasks.TaskViewSet, basename="task")
router.register("updates", updates.UpdateViewSet, basename="update")
router.register("attachments", updates.AttachmentViewSet, basename="attachment")
router.register("urges", urges.UrgeViewSet, basename="urge")
router.register("notifications", urges.NotificationViewSet, basename="notification")
router.register("reports", reports.ReportViewSet, basename="report")
# The supervision workflow: its actions on a task sit under tasks/{id}/ (close, reopen, extensions).
router.register("tasks", supervision.TaskWorkflowViewSet, basename="task-workflow")
router.register("closing-requests", supervision.ClosingRequestViewSet, basename="closing-request")
router.register("extensions", supervision.ExtensionViewSet, basename="extension")
router.register("instructions", instructions.InstructionViewSet, basename="instruction")
router.register("notices", notices.NoticeViewSet, basename="notice")

app_name = "api"
urlpatterns = [
    path("v1/me/", me.me, name="me"),
    path("v1/dashboard/", dashboards.overview, name="dashboard-overview"),
    path("v1/dashboard/sections/", dashboards.sections, name="dashboard-sections"),
    path("v1/dashboard/units/", dashboards.units, name="dashboard-units"),
    path("v1/assessment/<int:year>/", assessment.ranking, name="assessment"),
    path("v1/assessment/<int:year>/units/<int:unit_id>/", assessment.unit_breakdown, name="assessment-unit"),
    path("v1/", include(router.urls)),
    re_path(r"^v1/", not_found.not_found),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a file: the Content-Security-Policy allows no
    # inline script. People reading the docs in a browser are sent to log in like on every page.
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]

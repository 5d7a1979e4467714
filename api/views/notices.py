"""Supervision notices (督办单): the list, issuing one from a red task (the supervision office), the units'
replies, the office accepting (the notice closes) or returning the replies, and the printable PDF.

The same steps as the pages (supervision/views/notices.py): the same fetch, permission checks, forms and
services (supervision/notices.py)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from paper.pdf import PdfNotMade
from reports.exports.pdf import missing_requirements
from safe_text.downloads import name_download
from supervision import notices as service
from supervision.forms import NoticeDecisionForm, NoticeForm
from supervision.models import Notice, NoticeLevel, NoticeReply, NoticeState
from supervision.views.access import get_notice_for_user
from tasks import periods, permissions
from tasks.progress import urge_targets
from tasks.views.access import get_task_for_user

from ..conditional import etag_for, expected_version
from ..errors import ApiError, form_errors
from ..renderers import FileDownloads
from ..serializers.supervision import (
    AcceptReplySerializer,
    NoticeCreateSerializer,
    NoticeSerializer,
    ReplyCreateSerializer,
    ReturnReplySerializer,
)
from ..workflow_refusals import workflow_refusals, wrong_state
from .instructions import checked_reply, reply_units
from .updates import IF_MATCH, _checked

NOTICE_STATES = dict(NoticeState.choices)


class NoticeFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=NoticeState.choices, help_text=(
        "issued: waiting for replies; replied: waiting for the office; closed."))
    level = django_filters.ChoiceFilter(choices=NoticeLevel.choices, help_text="yellow or red notices only.")
    task = django_filters.NumberFilter(field_name="task_id", help_text="Only this task's notices.")
    year = django_filters.NumberFilter(help_text="Only notices numbered in this year.")


@extend_schema_view(
    list=extend_schema(summary="List supervision notices", description=(
        "Notices on tasks you may see, newest first, with their units and replies; `?state=replied` is what waits "
        "for the supervision office.")),
    retrieve=extend_schema(summary="One supervision notice", description="Sends an ETag carrying the version."),
)
class NoticeViewSet(FileDownloads, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Supervision notices (督办单) to a red task's units, closed when the office accepts their replies."""

    lookup_value_regex = "[0-9]+"
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    file_actions = ("pdf",)

    def get_queryset(self):
        return (
            permissions.visible_notices(self.request.user)
            .prefetch_related("units", Prefetch("replies", queryset=NoticeReply.objects.select_related("unit")))
            .order_by("-issued_on", "-serial")
        )

    def retrieve(self, request, pk=None):
        return self._respond(get_notice_for_user(request.user, pk))

    def _respond(self, notice: Notice, status_code: int = status.HTTP_200_OK) -> Response:
        notice = self.get_queryset().get(pk=notice.pk)
        return Response(self.get_serializer(notice).data, status=status_code, headers={"ETag": etag_for(notice)})

    @extend_schema(summary="Issue a notice from a red task (supervision office)", request=NoticeCreateSerializer,
                   responses={201: NoticeSerializer})
    def create(self, request):
        user = request.user
        data = _checked(NoticeCreateSerializer, request.data)
        task = get_task_for_user(user, data["task"])
        if not permissions.can_issue_notices(user):
            raise PermissionDenied
        form_data = MultiValueDict({name: [data[name]] for name in ("level", "problem", "required_action",
                                                                    "reply_deadline")})
        form_data.setlist("units", data["units"])
        form = NoticeForm(form_data, units=urge_targets(task))
        if not form.is_valid():
            raise form_errors(form)
        cleaned = form.cleaned_data
        with workflow_refusals():
            notice = service.issue_notice(user, task, service.NoticeInput(
                level=cleaned["level"], problem=cleaned["problem"], required_action=cleaned["required_action"],
                reply_deadline=cleaned["reply_deadline"], units=[form.units[pk] for pk in cleaned["units"]],
            ), today=periods.today())
        response = self._respond(notice, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:notice-detail", args=[notice.pk])
        return response

    @extend_schema(summary="Reply for your unit", description=(
        "A member of a unit the notice names says what the unit has done. When every unit has replied the notice "
        "waits for the office. Answers with the notice and every reply."),
        request=ReplyCreateSerializer, responses={201: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def replies(self, request, pk=None):
        notice = get_notice_for_user(request.user, pk)
        units = reply_units(request.user, notice.units.values_list("pk", flat=True))
        if notice.state == NoticeState.CLOSED:
            raise wrong_state(notice, NOTICE_STATES[notice.state])
        unit, text = checked_reply(request, units)
        with workflow_refusals(notice):
            service.reply_to_notice(request.user, notice, unit, text)
        return self._respond(notice, status.HTTP_201_CREATED)

    def _decision(self, request, serializer_class, decision: str) -> tuple:
        """The notice, and the page's decision form filled from the request, after the page's checks."""
        notice = get_notice_for_user(request.user, self.kwargs["pk"])
        if not permissions.can_issue_notices(request.user):
            raise PermissionDenied
        if notice.state != NoticeState.REPLIED:
            raise wrong_state(notice, NOTICE_STATES[notice.state])
        version, source = expected_version(request, notice)
        data = _checked(serializer_class, request.data)
        form = NoticeDecisionForm({"version": version, "decision": decision, "comment": data["comment"]})
        if not form.is_valid():
            raise form_errors(form)
        return notice, form.cleaned_data, source

    @extend_schema(summary="Accept the replies: the notice closes (supervision office)",
                   request=AcceptReplySerializer, parameters=[IF_MATCH], responses={200: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        notice, form, source = self._decision(request, AcceptReplySerializer, "accept")
        with workflow_refusals(notice, source):
            service.accept_reply(request.user, notice, expected_version=form["version"], note=form["comment"],
                                 today=periods.today())
        return self._respond(notice)

    @extend_schema(summary="Return the replies to the units (supervision office)", request=ReturnReplySerializer,
                   parameters=[IF_MATCH], responses={200: NoticeSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_replies(self, request, pk=None):
        notice, form, source = self._decision(request, ReturnReplySerializer, "return")
        with workflow_refusals(notice, source):
            service.return_reply(request.user, notice, expected_version=form["version"], comment=form["comment"])
        return self._respond(notice)

    @extend_schema(summary="The notice as a one-page A4 PDF", responses={
        (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The printable notice."),
        503: OpenApiResponse(description="PDFs cannot be made on this server (the message says what to install), or "
                                         "this one took too long and was stopped."),
    })
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        notice = get_notice_for_user(request.user, pk)
        problem = missing_requirements()
        if problem:
            raise ApiError(problem, code="pdf_unavailable", status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
        try:
            response = HttpResponse(service.notice_pdf(notice), content_type="application/pdf")
        except PdfNotMade as error:
            raise ApiError(str(error), code="pdf_not_made", status_code=status.HTTP_503_SERVICE_UNAVAILABLE) from None
        return name_download(response, service.notice_file_name(notice), fallback=f"notice-{notice}.pdf",
                             inline=True)

"""Fetching a workflow record for the person asking: 404 when they may not see it (nor its task)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from tasks import permissions
from tasks.views.access import get_task_for_user

from ..models import CompletionRequest, DeadlineExtension, Instruction, Notice


def get_completion_request_for_user(user, pk: int) -> CompletionRequest:
    request = get_object_or_404(CompletionRequest.objects.select_related("task"), pk=pk)
    request.task = get_task_for_user(user, request.task_id)
    return request


def get_extension_for_user(user, pk: int) -> DeadlineExtension:
    extension = get_object_or_404(DeadlineExtension.objects.select_related("task"), pk=pk)
    extension.task = get_task_for_user(user, extension.task_id)
    return extension


def get_instruction_for_user(user, pk: int) -> Instruction:
    instruction = permissions.visible_instructions(user).select_related("task", "plan").filter(pk=pk).first()
    if instruction is None:
        raise Http404
    return instruction


def get_notice_for_user(user, pk: int) -> Notice:
    notice = permissions.visible_notices(user).select_related("task__plan", "issued_by").filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def back_to(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default

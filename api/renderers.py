from rest_framework.renderers import BaseRenderer, JSONRenderer

from tasks.export import XLSX


class XlsxRenderer(BaseRenderer):
    """Lets `?format=xlsx` (or Accept: the Excel type) reach a list that can answer with a workbook; the view
    builds the file itself, so rendering passes it through."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class FileRenderer(BaseRenderer):
    """Lets a client that asks for a file's own type, or application/octet-stream, reach a download: the view
    answers with the file itself, so there is nothing to render."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class FileDownloads:
    """For viewsets whose `file_actions` answer with a file: any Accept header reaches them, and their errors
    are still JSON."""

    file_actions: tuple[str, ...] = ()

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) in self.file_actions:
            renderers.append(FileRenderer())
        return renderers

    def handle_exception(self, exc):
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

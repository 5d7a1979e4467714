from rest_framework.renderers import BaseRenderer

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

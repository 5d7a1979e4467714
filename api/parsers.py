"""The API's parsers apply the input rule (safe_text.cleaning) to every string they parse, as the pages'
middleware does to forms: JSON bodies, forms and multipart fields alike."""

from rest_framework import parsers

from safe_text.cleaning import clean_data, clean_query_dict


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return clean_data(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return clean_query_dict(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        return parsers.DataAndFiles(clean_query_dict(parsed.data), parsed.files)

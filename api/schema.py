"""What drf-spectacular needs to describe this API fully: the token scheme, the error body on every
operation, and a description for every field (its label when it has no help text)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

ERROR_STATUSES = {
    "400": "The request is not valid; `fields` says what to change.",
    "401": "No valid session or API token.",
    "403": "You may not do this.",
    "404": "Not found, or not yours to see.",
    "429": "Too many requests; wait as Retry-After says.",
}
WRITE_ERROR_STATUSES = {
    "409": "A conflict: the record changed since you read it (version_conflict), it is locked, already exists, or "
           "is not in a state that allows this. `current_version` gives the version now.",
    "412": "If-Match named a version that is no longer current.",
    "428": "Name the version you are changing: If-Match, or `version` in the body.",
}


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs: invalid, not_authenticated, permission_denied, "
                                           "not_found, version_conflict, precondition_failed, locked, …")
    detail = serializers.CharField(help_text="The message in the request's language (Chinese by default).")
    messages = serializers.DictField(child=serializers.CharField(),
                                     help_text="The message in every language: zh-hans and en.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="For validation errors: field name → what is wrong with it. Fields inside lists are named by "
                  "path, e.g. actuals.0.value.",
    )
    current_version = serializers.IntegerField(required=False, allow_null=True,
                                               help_text="For conflicts: the record's version now.")
    id = serializers.IntegerField(required=False, help_text="For already_exists: the existing record's id.")


class DubanAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERROR_STATUSES)
        if self.method in ("POST", "PATCH", "PUT"):
            errors |= WRITE_ERROR_STATUSES
        for code, description in errors.items():
            response = self._get_response_for_code(ErrorSerializer, code, ["application/json"], direction)
            response["description"] = description
            responses[code] = response
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if "description" not in schema and field.label:
            schema["description"] = str(field.label)
        return schema


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token made at /profile/tokens/: Authorization: Bearer <token>."}


def describe_every_field(result, generator, request, public):
    """Runs after drf-spectacular has turned choice fields into enum components: a field that still has no
    description takes its label (title), or the description of the enum it refers to."""
    components = result.get("components", {}).get("schemas", {})
    for component in components.values():
        for name, spec in component.get("properties", {}).items():
            if spec.get("description"):
                continue
            if spec.get("title"):
                spec["description"] = spec["title"]
            elif "$ref" in spec:
                target = components.get(spec["$ref"].rsplit("/", 1)[-1], {})
                component["properties"][name] = {"allOf": [spec], "description": target.get("description", name)}
    return result

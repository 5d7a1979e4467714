from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@extend_schema(exclude=True)
@api_view(ALL_METHODS)
def not_found(request):
    """Any other address under /api/v1/: the API's JSON error body rather than the site's HTML page (after
    authentication, like every endpoint, so that it reveals nothing to a caller without a token)."""
    raise NotFound

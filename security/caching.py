"""Nothing the application sends is kept by a shared cache or on an office PC's disk.

Pages, API answers and downloads show one unit's tasks and reports: a proxy that kept one could hand it to
the next person, and a browser's disk cache outlives the session. So every response made behind WhiteNoise
(everything but static files, which keep their own long caching) is marked `private, no-store`. Responses
to people not signed in (the login page, errors) are marked too: they hold nothing worth caching, and one
rule needs no list of exceptions, nor knowing who the API's token belongs to before the view has run.
"""

from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response

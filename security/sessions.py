"""Sessions end after DUBAN_SESSION_IDLE_MINUTES without a request.

Django can save the session on every request (SESSION_SAVE_EVERY_REQUEST), a database write per page
view; moving the expiry on at most once a minute gives the same idle timeout, give or take that minute,
for one write per person per minute.
"""

import time

TOUCHED = "_duban_touched"
REFRESH_SECONDS = 60


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            if now - request.session.get(TOUCHED, 0) >= REFRESH_SECONDS:
                # A changed session is saved with a fresh expiry by SessionMiddleware on the way out.
                request.session[TOUCHED] = now
        return response

"""The progress tests' small district (tests/progress/conftest.py), and clients that call the API with a token."""

import pytest
from rest_framework.test import APIClient

from api.tokens import create_token
from tests.progress.conftest import _fixed_today, world  # noqa: F401  (fixtures shared with the progress tests)


def token_client(user) -> APIClient:
    _token, text = create_token(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


@pytest.fixture
def as_role(world):  # noqa: F811
    """as_role("resp_staff") → an API client carrying a token of that person."""
    return lambda role: token_client(world[role])


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.DUBAN_API_RATE = ""

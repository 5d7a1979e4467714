from tests.progress.conftest import _fixed_today, world  # noqa: F401  (fixtures used here)

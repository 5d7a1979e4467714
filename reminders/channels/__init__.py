"""The ways a reminder reaches people. Each sender takes a group of deliveries (one message: several
when the daily digest groups them) and raises on failure; reminders/delivery.py retries and logs."""


class Undeliverable(Exception):
    """Retrying cannot help (no address, no robot configured): the delivery is given up at once."""


def items(group) -> list[dict]:
    """The messages of a group, for the templates: [{"headline", "lines", "url"}]."""
    return [row.message for row in group]


from . import email, in_app, webhook  # noqa: E402  (they import Undeliverable and items from here)

SENDERS = {"email": email.send, "webhook": webhook.send}

__all__ = ["SENDERS", "Undeliverable", "email", "in_app", "items", "webhook"]

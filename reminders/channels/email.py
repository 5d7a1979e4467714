"""Email through Django's email backend (SMTP from the environment), Chinese subject and body from
templates/reminders/, with links to the site (SITE_URL)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from . import Undeliverable, items


def render(group) -> tuple[str, str]:
    context = {"items": items(group), "site_url": settings.SITE_URL.rstrip("/"), "recipient": group[0].recipient}
    # Headlines end in a colon before their list; a subject has no list.
    subject = " ".join(render_to_string("reminders/email_subject.txt", context).split()).rstrip(":：")
    return subject, render_to_string("reminders/email_body.txt", context)


def send(group) -> None:
    recipient = group[0].recipient
    if recipient is None or not recipient.email:
        raise Undeliverable("the recipient has no email address")
    subject, body = render(group)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email],
                           headers={"X-Duban-Deliveries": ",".join(str(row.pk) for row in group)})
    message.send(fail_silently=False)

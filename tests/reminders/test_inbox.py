"""Reminders in the person's inbox: counted as unread in the header, with a link to where to act."""

import datetime

import pytest
from django.urls import reverse

from reminders.sweep import run_sweep

from .conftest import DUE_NOVEMBER

pytestmark = pytest.mark.django_db


def test_a_reminder_shows_in_the_inbox_with_a_link_to_my_work(district, client):
    run_sweep(DUE_NOVEMBER - datetime.timedelta(days=1))
    client.force_login(district["resp_staff"])
    home = client.get(reverse("tasks:my_work"))
    assert home.context["unread_notifications"] == 1
    page = client.get(reverse("tasks:notifications")).content.decode()
    assert "提醒" in page and "2026-11-25" in page and str(district.task) in page
    assert f'href="{reverse("tasks:my_work")}"' in page

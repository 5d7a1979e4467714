"""Group robots: a unit's reminders are posted to its DingTalk or WeCom group as a text message in the
platform's JSON shape, signed the way DingTalk checks; a robot that refuses is retried like any channel."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from reminders.channels.webhook import MAX_BYTES
from reminders.models import Channel, Delivery, DeliveryState, UnitWebhook, WebhookPlatform
from reminders.sweep import run_sweep

from .conftest import DUE_NOVEMBER

pytestmark = pytest.mark.django_db
REMINDER_DAY = DUE_NOVEMBER - datetime.timedelta(days=5)


@pytest.fixture
def robot_server():
    """A stand-in for the platform: records each post and answers with `server.answer`."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, "body": json.loads(body), "type": self.headers["Content-Type"]})
            answer = json.dumps(server.answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.answer = {"errcode": 0, "errmsg": "ok"}
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_dingtalk_robot_gets_one_signed_text_message_per_unit(district, robot_server):
    secret = "SECexample-signing-secret"
    UnitWebhook.objects.create(unit=district.resp, platform=WebhookPlatform.DINGTALK, secret=secret,
                               url=f"{robot_server.url}/robot/send?access_token=abc")
    run_sweep(REMINDER_DAY)
    assert len(robot_server.received) == 1
    post = robot_server.received[0]
    assert post["type"].startswith("application/json")
    assert post["body"]["msgtype"] == "text"
    content = post["body"]["text"]["content"]
    assert district.resp.name in content and str(district.task) in content
    assert district.lead.name not in content

    query = urllib.parse.parse_qs(urllib.parse.urlsplit(post["path"]).query)
    assert query["access_token"] == ["abc"]
    timestamp = query["timestamp"][0]
    assert abs(int(timestamp) / 1000 - time.time()) < 60
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert query["sign"] == [expected.decode()]
    assert Delivery.objects.get(channel=Channel.WEBHOOK).state == DeliveryState.SENT


def test_a_wecom_robot_gets_an_unsigned_text_message_within_its_size_limit(district, robot_server):
    from tasks.models import Task, TaskUnit, UnitRole

    for number in range(40):
        task = Task.objects.create(plan=district.plan, number=str(100 + number), position=100 + number,
                                   text="推进重点项目建设，" * 8)
        TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=district.resp, name="区住建委")
    UnitWebhook.objects.create(unit=district.resp, platform=WebhookPlatform.WECOM,
                               url=f"{robot_server.url}/cgi-bin/webhook/send?key=k1")
    run_sweep(REMINDER_DAY)
    post = robot_server.received[0]
    assert "sign=" not in post["path"] and "key=k1" in post["path"]
    assert post["body"]["msgtype"] == "text"
    assert len(post["body"]["text"]["content"].encode()) <= MAX_BYTES[WebhookPlatform.WECOM]


def test_a_robot_that_refuses_the_message_is_marked_for_retry_with_its_reason(district, robot_server):
    robot_server.answer = {"errcode": 310000, "errmsg": "sign not match"}
    UnitWebhook.objects.create(unit=district.resp, platform=WebhookPlatform.DINGTALK, secret="wrong",
                               url=f"{robot_server.url}/robot/send?access_token=abc")
    run_sweep(REMINDER_DAY)
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert delivery.state == DeliveryState.FAILED and "sign not match" in delivery.last_error
    assert delivery.next_attempt_at is not None


def test_an_inactive_robot_gets_nothing(district, robot_server):
    UnitWebhook.objects.create(unit=district.resp, platform=WebhookPlatform.WECOM, is_active=False,
                               url=f"{robot_server.url}/cgi-bin/webhook/send?key=k1")
    run_sweep(REMINDER_DAY)
    assert robot_server.received == [] and not Delivery.objects.filter(channel=Channel.WEBHOOK).exists()

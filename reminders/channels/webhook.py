"""A unit's group robot (群机器人): a text message in the JSON shape DingTalk and WeCom robots accept,
signed the way DingTalk signs ("加签": HMAC-SHA256 of timestamp and secret); WeCom's key is in its URL."""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.template.loader import render_to_string

from ..models import WebhookPlatform
from . import Undeliverable, items

# WeCom refuses text over 2,048 bytes; DingTalk allows far more.
MAX_BYTES = {WebhookPlatform.WECOM: 2000, WebhookPlatform.DINGTALK: 18000}


def payload(text: str) -> dict:
    return {"msgtype": "text", "text": {"content": text}}


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """DingTalk's signature: base64(HMAC-SHA256(key=secret, "{timestamp}\\n{secret}")), added to the URL."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def truncate(text: str, limit: int) -> str:
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode(errors="ignore") + "…"


def render(group) -> str:
    context = {"items": items(group), "site_url": settings.SITE_URL.rstrip("/"), "unit": group[0].unit}
    return render_to_string("reminders/webhook.txt", context).strip()


def send(group) -> None:
    robot = getattr(group[0].unit, "webhook", None)
    if robot is None or not robot.is_active:
        raise Undeliverable("the unit has no active group robot")
    signs = robot.platform == WebhookPlatform.DINGTALK and robot.secret
    url = signed_url(robot.url, robot.secret) if signs else robot.url
    body = json.dumps(payload(truncate(render(group), MAX_BYTES[robot.platform])), ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=settings.DUBAN_WEBHOOK_TIMEOUT) as response:
        answer = json.loads(response.read() or b"{}")
    # Both platforms answer 200 with {"errcode": 0} on success and a non-zero errcode otherwise.
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"the robot refused the message: {answer.get('errcode')} {answer.get('errmsg', '')}")

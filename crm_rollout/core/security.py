"""Small web-security helpers shared by the views."""

import math
from urllib.parse import urlsplit

from flask import request
from flask.json.provider import DefaultJSONProvider

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def security_headers(response):
    """On every response: no inline scripts or styles, no framing, no type sniffing, no referrer off site;
    over HTTPS, browsers are told to stay on HTTPS."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    # The old XSS auditor is gone from browsers and could be abused; "0" turns it off, the CSP protects.
    response.headers.setdefault("X-XSS-Protection", "0")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None  # a newline would split the Location header
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def client_address(request) -> str:
    # Behind a proxy, BEHIND_PROXY=1 installs werkzeug's ProxyFix so remote_addr is the client's.
    return (request.remote_addr or "unknown")[:64]


class StrictJSONProvider(DefaultJSONProvider):
    """JSON as the standard has it: NaN and Infinity are not numbers a request may send."""

    def loads(self, s, **kwargs):
        return super().loads(s, parse_constant=_refuse_constant, parse_float=_finite_float, **kwargs)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise ValueError(f"{text} is too large a number")
    return value

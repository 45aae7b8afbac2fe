"""Small web-security helpers shared by the views."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def client_address(request) -> str:
    # Behind a proxy, configure werkzeug's ProxyFix so remote_addr is the client's.
    return (request.remote_addr or "unknown")[:64]

"""Two app servers behind one address behave as one: they share the database and one Redis (the page cache,
the throttle's counts). A browser may reach either server on any request, as behind a load balancer."""

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import redis

from crm_rollout.core.extensions import db
from crm_rollout.phases.models import ChecklistItem
from tests.factories import PASSWORD

USER_AGENT = "two-servers-test"  # sessions are bound to the browser's user agent


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


class Browser:
    """One browser (its cookies) talking to whichever server a request names."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)
        self.opener.addheaders = [("User-Agent", USER_AGENT)]

    def get(self, port: int, path: str) -> tuple[int, str]:
        return self._open(f"http://127.0.0.1:{port}{path}")

    def post(self, port: int, path: str, fields: dict, token_from: str) -> tuple[int, str]:
        token = re.search(r'name="csrf_token" value="([^"]+)"', token_from).group(1)
        body = urllib.parse.urlencode(fields | {"csrf_token": token}).encode()
        return self._open(f"http://127.0.0.1:{port}{path}", body)

    def sign_in(self, port: int, login: str, password: str = PASSWORD) -> int:
        _status, page = self.get(port, "/login")
        return self.post(port, "/login", {"login": login, "password": password}, page)[0]

    def _open(self, url: str, body: bytes | None = None) -> tuple[int, str]:
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_a_change_through_one_server_is_seen_through_the_other_at_once(app, world, two_servers, redis_url):
    first, second = two_servers
    director, viewer = Browser(), Browser()
    assert director.sign_in(first, "director") == 302
    assert viewer.sign_in(second, "viewer") == 302
    url = f"/projects/{world.project_id}/phases/1"
    for reader in (director, viewer):
        for port in two_servers:
            assert reader.get(port, url)[0] == 200  # every server has the page in the shared cache now
    assert redis.Redis.from_url(redis_url).keys("crm:*:page:*")
    for n, (writer_port, reader_port) in enumerate(((first, second), (second, first), (first, first))):
        _status, page = director.get(writer_port, url)
        with app.app_context():
            version = db.session.get(ChecklistItem, world.item_id).version
        status = ("blocked", "in_progress", "done")[n]
        answer, _ = director.post(
            writer_port,
            f"/projects/{world.project_id}/items/{world.item_id}/status",
            {"version": version, "status": status},
            page,
        )
        assert answer == 302
        row = re.search(rf'<tr id="item-{world.item_id}".*?</tr>', viewer.get(reader_port, url)[1], re.S).group(0)
        assert f"status-row-{status}" in row, f"server on {reader_port} did not show the change made on {writer_port}"


def test_a_session_ended_on_one_server_is_ended_on_both(world, two_servers):
    first, second = two_servers
    browser = Browser()
    assert browser.sign_in(first, "consultant") == 302
    home = f"/projects/{world.project_id}/"
    assert browser.get(second, home)[0] == 200
    _status, page = browser.get(second, home)
    assert browser.post(second, "/logout", {}, page)[0] == 302
    assert browser.get(first, home)[0] == 302  # to the sign-in page
    assert browser.get(second, home)[0] == 302


def test_failed_sign_ins_count_across_both_servers(app, world, two_servers):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    statuses = [Browser().sign_in(two_servers[n % 2], "steering", "wrong-password") for n in range(limit)]
    assert statuses == [401] * limit
    assert Browser().sign_in(two_servers[limit % 2], "steering") == 429  # even the right password waits
    assert Browser().sign_in(two_servers[(limit + 1) % 2], "steering") == 429

"""The project menu: each domain's link (core/registry.py MenuLink), in the method's order, the current page
marked, in the reader's language, and only what the reader may open."""

import html
import re

from tests.conftest import login


def menu(page: str) -> list[tuple[str, str, bool]]:
    """(address, words, current) of each link of the menu below the phases."""
    nav = page[page.index('id="project-nav"') : page.index("</nav>", page.index('id="project-nav"'))]
    below_phases = nav[nav.index("</ol>") :]
    return [
        (href, html.unescape(text.strip()), bool(current))
        for href, current, text in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', below_phases)
    ]


def test_the_menu_lists_each_domains_page_in_the_methods_order_and_marks_the_current_one(app, client, world):
    login(client, "director")
    base = f"/projects/{world.project_id}"
    links = menu(client.get(f"{base}/").get_data(as_text=True))
    words = [text for _, text, _ in links]
    assert words[:4] == ["Milestones", "Milestone reports", "Business blueprint", "Risks"]
    assert words[-4:] == ["Steering committee", "Activity", "Members & access", "Settings"]
    assert not any(current for *_, current in links)  # the overview is above the phases
    for href, text, _ in links:  # every link opens its page, and there it is the one marked
        page = client.get(href)
        assert page.status_code == 200, href
        assert [t for _, t, current in menu(page.get_data(as_text=True)) if current] == [text]


def test_a_reader_sees_no_link_to_what_they_may_not_open(client, world):
    login(client, "viewer")
    words = [text for _, text, _ in menu(client.get(f"/projects/{world.project_id}/").get_data(as_text=True))]
    assert "Members & access" in words and "Settings" not in words


def test_the_menu_speaks_each_readers_language(app, world):
    english, chinese = app.test_client(), app.test_client()
    login(english, "director")
    login(chinese, "consultant")
    overview = f"/projects/{world.project_id}/"
    in_english = menu(english.get(overview, headers={"Accept-Language": "en"}).get_data(as_text=True))
    in_chinese = menu(chinese.get(overview, headers={"Accept-Language": "zh-CN"}).get_data(as_text=True))
    assert [href for href, *_ in in_chinese] == [href for href, *_ in in_english][:-1]  # no settings for them
    assert in_chinese[0][1] != "Milestones" and "里程碑" in in_chinese[0][1]
    again = menu(english.get(overview, headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert again == in_english


def test_each_phase_link_opens_its_phase_and_is_marked_there(client, world):
    login(client, "director")
    page = client.get(f"/projects/{world.project_id}/").get_data(as_text=True)
    phases = page[page.index('<ol class="phase-nav">') : page.index("</ol>", page.index('<ol class="phase-nav">'))]
    links = re.findall(r'<a href="([^"]+)"', phases)
    assert links == [f"/projects/{world.project_id}/phases/{n}" for n in range(1, len(links) + 1)] and links
    for href in links:
        opened = client.get(href).get_data(as_text=True)
        assert re.search(rf'<a href="{re.escape(href)}"\s+aria-current="page"', opened), href

"""A machine without a Chinese font or Pango says so, in the reader's language, instead of drawing boxes."""

from crm_rollout.core import system_check


def test_a_missing_chinese_font_is_named_on_the_pages(login_as, world, monkeypatch):
    client = login_as("viewer")
    assert "fonts-noto-cjk" not in client.get("/").get_data(as_text=True)  # this machine has both
    monkeypatch.setattr(system_check, "chinese_font_missing", lambda: True)
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "a Chinese font" in english and "fonts-noto-cjk" in english
    chinese = client.get("/", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "中文字体" in chinese

from crm_rollout.auth.models import User
from crm_rollout.core.extensions import db
from crm_rollout.methodology import phases_template


def test_browser_language_picks_chinese_for_interface_and_method(login_as, world):
    client = login_as("viewer")
    first_phase = phases_template()["phases"][0]
    html = client.get(f"/projects/{world.project_id}/phases/1", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(
        as_text=True
    )
    assert first_phase["name_zh"] in html
    assert first_phase["items"][0]["zh"] in html
    assert "检查清单" in html  # "Checklist"
    english = client.get(f"/projects/{world.project_id}/phases/1", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert first_phase["name_en"] in english and "Checklist" in english


def test_the_language_switch_is_remembered_on_the_account(app, login_as, world):
    client = login_as("viewer")
    client.post("/language", data={"locale": "zh", "next": "/"})
    with app.app_context():
        assert db.session.get(User, world.users["viewer"]).locale == "zh"
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "你的项目" in html  # "Your projects"


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/language", data={"locale": "en", "next": "https://evil.example/"})
    assert "evil" not in response.headers["Location"]


def test_templates_translate_as_jinjas_own_gettext_does(app):
    """The quick `_()` of templates: a format string whose values are escaped where the template escapes,
    `%%` a percent sign, a translation in the request's language, and the same text when asked again."""
    from jinja2 import Environment

    reference = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    reference.install_null_translations(newstyle=True)
    source = "{{ _('Save') }}|{{ _('%(num)d%% of %(name)s', num=3, name='<b>') }}|{{ _('Save') }}"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert app.jinja_env.from_string(source).render() == reference.from_string(source).render()
        plain = app.jinja_env.overlay(autoescape=False).from_string("{{ _('%(name)s', name='<b>') }}")
        assert plain.render() == "<b>"
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert app.jinja_env.from_string("{{ _('Save') }}").render() == "保存"


def test_words_worked_out_once_a_request_follow_each_requests_language(app):
    """once_per_request: the same value is worked out once within a request, and again in the next request,
    in that request's language."""
    from flask_babel import gettext

    from crm_rollout.core.i18n import once_per_request

    calls = []

    @once_per_request
    def hours(n):
        calls.append(n)
        return gettext("%(n)s h", n=n)

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert [hours(2), hours(2), hours(3)] == ["2 h", "2 h", "3 h"]
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        chinese = hours(2)
    assert calls == [2, 3, 2]
    assert chinese != "2 h" and "2" in chinese


def test_a_table_of_labels_reads_alike_by_code_by_loop_and_in_each_language(app):
    """core.i18n.Labels, as templates read the domains' label tables: by code, over items() and values(),
    each in the request's language."""
    from flask_babel import lazy_gettext

    from crm_rollout.core.i18n import Labels

    labels = Labels({"open": lazy_gettext("Open"), "closed": lazy_gettext("Closed")})
    for language in ("en", "zh-CN"):
        with app.test_request_context(headers={"Accept-Language": language}):
            expected = {"open": str(lazy_gettext("Open")), "closed": str(lazy_gettext("Closed"))}
            assert dict(labels.items()) == {code: labels[code] for code in labels} == expected
            assert list(labels.values()) == list(expected.values())
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert labels["open"] != "Open"


def test_a_mail_written_during_a_request_speaks_its_readers_language(app):
    """Words kept for a request (templates' _(), label tables, a select's lazy labels) are not reused by a
    mail written within it for someone who reads another language (notifications.mail.in_locale_of: a request
    of its own that shares the outer one's `g`)."""
    from types import SimpleNamespace

    from flask import render_template_string
    from flask_babel import force_locale, lazy_gettext

    from crm_rollout.core.forms import Form, SelectField
    from crm_rollout.core.i18n import Labels
    from crm_rollout.notifications.mail import in_locale_of

    labels = Labels({"open": lazy_gettext("Open")})

    class Pick(Form):
        status = SelectField(choices=[("open", lazy_gettext("Open"))])

    def words():
        return render_template_string("{{ _('Overview') }}"), labels["open"], str(Pick(formdata=None).status())

    with app.test_request_context():
        expected = {}
        for language in ("en", "zh"):
            with force_locale(language):
                expected[language] = (str(lazy_gettext("Overview")), str(lazy_gettext("Open")))
    assert expected["en"] != expected["zh"]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        outer = words()
        with in_locale_of(SimpleNamespace(locale="zh")):
            mail = words()
        again = words()
    for found, language in ((outer, "en"), (mail, "zh"), (again, "en")):
        overview, open_ = expected[language]
        assert found[0] == overview and found[1] == open_ and f">{open_}</option>" in found[2], language


def test_a_moment_reads_as_babel_writes_it_in_each_language_and_moments_of_one_minute_alike(app):
    from datetime import UTC, datetime, timedelta

    from flask_babel import force_locale, format_datetime

    from crm_rollout.core.i18n import moment_text

    moment = datetime(2026, 3, 9, 14, 7, 41, 512000, tzinfo=UTC)
    for locale in ("en", "zh"):
        with app.test_request_context(), force_locale(locale):
            assert moment_text(moment) == format_datetime(moment, "short")
            assert moment_text(moment + timedelta(seconds=15)) == moment_text(moment)  # the form shows minutes
            later = moment + timedelta(minutes=1)
            assert moment_text(later) == format_datetime(later, "short") != moment_text(moment)


def test_lazy_labels_read_as_flask_babel_translates_them_in_the_language_in_force(app):
    """`_l` labels (core.i18n.lazy_text) give Flask-Babel's own translation of the language of the request, of
    a `force_locale` inside it (a workbook's headers in both languages), and the text as written outside the
    app."""
    from flask_babel import force_locale, gettext

    from crm_rollout.core.i18n import lazy_text

    label = lazy_text("Status")
    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        chinese = gettext("Status")
        assert chinese != "Status"  # the catalogue has it
        assert str(label) == chinese
        with force_locale("en"):
            assert str(label) == gettext("Status") == "Status"
        assert str(label) == chinese
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert str(label) == "Status"
    with app.app_context(), force_locale("zh"):
        assert str(label) == chinese
    assert str(label) == "Status"


def test_words_in_code_read_as_flask_babel_translates_them(app):
    """`_` (core.i18n.gettext) gives Flask-Babel's own gettext, variables filled in, in the request's language
    and under `force_locale`."""
    import flask_babel
    from flask_babel import force_locale

    from crm_rollout.core.i18n import gettext

    text, values = (
        "%(n)d of %(all)d open milestones are later than their baseline, by %(days)s days on average.",
        {
            "n": 2,
            "all": 5,
            "days": "3.5",
        },
    )
    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        assert gettext(text, **values) == flask_babel.gettext(text, **values) != text % values
        with force_locale("en"):
            assert gettext(text, **values) == text % values
    assert gettext(text, **values) == text % values

"""The names every template reads (the app's template globals): a template and the macros it imports read them,
a template sees one added or changed after it was loaded, a template given names of its own keeps them to
itself, and no template changes the app's names for the others."""

import pytest
from jinja2 import DictLoader

from crm_rollout.core.templating import App

TEMPLATES = {
    "page.html": "{{ greeting }}, {{ name }}",
    "macros.html": "{% macro hello() %}{{ greeting }}{% endmacro %}",
    "imports.html": '{% from "macros.html" import hello %}{{ hello() }}',
}


@pytest.fixture
def environment():
    environment = App(__name__).jinja_env
    environment.loader = DictLoader(TEMPLATES)
    environment.globals["greeting"] = "你好"
    return environment


def test_templates_and_their_macros_read_the_names(environment):
    assert environment.get_template("imports.html").render() == "你好"
    page = environment.get_template("page.html")
    assert page.render(name="李") == "你好, 李"
    environment.globals["greeting"] = "Hello"  # after the page was loaded
    environment.globals["name"] = "everyone"  # a name added later
    assert page.render(name="Li") == "Hello, Li"
    assert page.render() == "Hello, everyone"


def test_a_template_keeps_its_own_names_to_itself(environment):
    own = environment.from_string("{{ greeting }}", globals={"greeting": "Bonjour"})
    assert own.render() == "Bonjour"
    assert environment.get_template("page.html").render(name="Li") == "你好, Li"
    assert environment.globals["greeting"] == "你好"


def test_no_template_changes_the_names_of_the_others(environment):
    page = environment.get_template("page.html")
    with pytest.raises(TypeError):
        page.globals["greeting"] = "changed"
    assert environment.get_template("imports.html").render() == "你好"


def test_a_dict_reads_as_jinja_reads_it(environment):
    """A dict's keys read as attributes, its own methods stay methods, and a missing key is undefined."""
    template = environment.from_string("{{ d.title }}|{{ d.items() | list | length }}|{{ d.missing is defined }}")
    assert template.render(d={"title": "标题", "items": "x"}) == "标题|2|False"

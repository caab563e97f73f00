"""Dependencies point one way: lbc_site's site-wide modules ← literature ← courses ← api, lti, ops.

A lower app never names a higher one: not in an import, a migration dependency, a template it includes or
extends, a URL it reverses or a template tag library it loads. Higher apps reach down, and where a lower app
must show something of a higher one (the reference page's "Assigned in"), the higher app registers it.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.template.backends.django import get_installed_libraries

ROOT = Path(settings.BASE_DIR)
# Each layer and the packages it must never reach: everything above it.
ABOVE = {
    "lbc_site": {"literature", "courses", "api", "lti", "ops"},
    "literature": {"courses", "api", "lti", "ops"},
    "courses": {"api", "lti", "ops"},
}
# The project's root modules wire every app together; they are the top, not a layer.
ROOT_MODULES = {"lbc_site/urls.py", "lbc_site/settings.py", "lbc_site/wsgi.py", "lbc_site/asgi.py"}
TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([\w-]+)/""")
URL_NAMESPACE = re.compile(r"""{%\s*url\s+["'](?:admin:)?(\w+?)[:_]""")
LOADED_LIBRARIES = re.compile(r"{%\s*load\s+([\w\s]+?)\s*%}")


def imported_packages(source: str) -> set[str]:
    packages = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            packages |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            packages.add(node.module.split(".")[0])
    return packages


def python_files(layer: str) -> list[Path]:
    return [path for path in (ROOT / layer).rglob("*.py") if str(path.relative_to(ROOT)) not in ROOT_MODULES]


def template_files(layer: str) -> list[Path]:
    folders = [ROOT / "templates" / layer, ROOT / "templates" / "admin" / layer, ROOT / layer / "templates"]
    return [path for folder in folders for path in folder.rglob("*.html")]


def template_library_apps() -> dict[str, str]:
    """Template tag library name -> the package that defines it (course_tags -> courses)."""
    return {name: module.split(".")[0] for name, module in get_installed_libraries().items()}


def upward_references_in_template(text: str, above: set[str]) -> set[str]:
    named = set(TEMPLATE_REFERENCE.findall(text)) | set(URL_NAMESPACE.findall(text))
    libraries = template_library_apps()
    for names in LOADED_LIBRARIES.findall(text):
        named |= {libraries.get(name, "") for name in names.split()}
    return named & above


@pytest.mark.parametrize("layer", ABOVE)
def test_no_python_module_imports_a_higher_app(layer):
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path.read_text()) & ABOVE[layer])
        for path in python_files(layer)
    }
    assert {path: packages for path, packages in upward.items() if packages} == {}


@pytest.mark.parametrize("layer", ["literature", "courses"])
def test_no_template_includes_links_to_or_loads_tags_of_a_higher_app(layer):
    upward = {
        str(path.relative_to(ROOT)): sorted(upward_references_in_template(path.read_text(), ABOVE[layer]))
        for path in template_files(layer)
    }
    assert template_files(layer), "the layer's templates were not found"
    assert {path: names for path, names in upward.items() if names} == {}


@pytest.mark.parametrize("layer", ["literature", "courses"])
def test_no_migration_depends_on_a_higher_app(layer):
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    upward = {
        (app, name): sorted({dependency for dependency, _ in graph.node_map[(app, name)].parents} & ABOVE[layer])
        for app, name in graph.nodes
        if app == layer
    }
    upward = {node: apps for node, apps in upward.items() if apps}
    assert {node: [parent.key for parent in graph.node_map[node].parents] for node in upward} == {}


def test_the_checks_see_an_upward_reference_when_there_is_one():
    """The checks above pass on silence, so make sure they would notice each kind of reference."""
    assert imported_packages("from courses.models import Course\nimport lti.jwks\nfrom . import x") == {
        "courses",
        "lti",
    }
    template = (
        '{% load i18n course_tags %}{% include "courses/_unit.html" %}'
        "{% url 'api:course-list' %}{% url 'admin:courses_course_change' 1 %}"
    )
    assert upward_references_in_template(template, ABOVE["literature"]) == {"courses", "api"}
    assert upward_references_in_template("{% url 'literature:home' %}", ABOVE["literature"]) == set()

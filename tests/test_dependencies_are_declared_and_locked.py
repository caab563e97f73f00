"""requirements*.txt declare every distribution our code imports; the lock files pin them all, with hashes.

requirements.txt and requirements-dev.txt are the intent (direct dependencies, compatible ranges);
requirements.lock and requirements-dev.lock are what scripts/install installs (scripts/lock writes them).
"""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
SITE = ["literature", "courses", "api", "lti", "lbc_site", "manage.py"]
OTHERS = ["tests", "benchmarks", "scripts"]
LOCKS = {"requirements.txt": "requirements.lock", "requirements-dev.txt": "requirements-dev.lock"}


def python_files(*names):
    for name in names:
        path = ROOT / name
        if path.is_file():
            yield path
        else:
            yield from (file for file in sorted(path.rglob("*.py")) if "node_modules" not in file.parts)


def is_our_own(module, importer):
    """A package or module of this repository, one beside the importing script (benchmarks/harness), or a
    benchmark module (tests that generate data put benchmarks/ on the path)."""
    folders = (ROOT, importer.parent, ROOT / "benchmarks")
    return any((folder / module).is_dir() or (folder / f"{module}.py").is_file() for folder in folders)


def third_party_imports(*names):
    """{top-level module: [files importing it]} for absolute imports neither stdlib nor our own."""
    imports = {}
    for file in python_files(*names):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), filename=str(file))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in (name.partition(".")[0] for name in modules):
                if module not in sys.stdlib_module_names and not is_our_own(module, file):
                    imports.setdefault(module, []).append(str(file.relative_to(ROOT)))
    return imports


def declared(requirements_file):
    """The requirements in a requirements*.txt file, following its `-r` includes."""
    requirements = []
    for raw in (ROOT / requirements_file).read_text(encoding="utf-8").splitlines():
        line = raw.partition(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            requirements += declared(line.removeprefix("-r ").strip())
        else:
            requirements.append(Requirement(line))
    return requirements


def locked(lock_file):
    """{canonical name: (version, [hashes])} for every entry of a pip-compile lock file."""
    text = (ROOT / lock_file).read_text(encoding="utf-8")
    entries = {}
    for line in re.sub(r"\\\n", " ", text).splitlines():
        line = line.partition("#")[0].strip()
        if not line:
            continue
        requirement, *options = line.split()
        name, equals, version = requirement.partition("==")
        assert equals, f"{lock_file}: {requirement} is not pinned to one version with =="
        hashes = [option.removeprefix("--hash=") for option in options if option.startswith("--hash=")]
        entries[canonicalize_name(name)] = (version, hashes)
    return entries


def providers():
    """{top-level module: {canonical names of the installed distributions that provide it}}."""
    return {
        module: {canonicalize_name(name) for name in names}
        for module, names in importlib.metadata.packages_distributions().items()
    }


def undeclared(modules, requirements_file):
    names = {canonicalize_name(requirement.name) for requirement in declared(requirements_file)}
    provided_by = providers()
    return {
        module: files
        for module, files in modules.items()
        if not provided_by.get(module, set()) & names  # not installed at all counts as undeclared too
    }


def test_every_module_the_site_imports_or_configures_comes_from_a_runtime_requirement():
    modules = third_party_imports(*SITE)
    for dotted in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]:
        module = dotted.partition(".")[0]
        if not is_our_own(module, ROOT / "manage.py"):
            modules.setdefault(module, []).append("lbc_site/settings.py")
    assert {"django", "citeproc", "lxml", "pylatexenc", "corsheaders"} <= modules.keys()  # the scan sees them
    assert undeclared(modules, "requirements.txt") == {}


def test_every_module_the_tests_benchmarks_and_scripts_import_comes_from_a_declared_requirement():
    modules = third_party_imports(*OTHERS)
    assert {"pytest", "playwright", "hypothesis"} <= modules.keys()  # the scan sees them
    assert undeclared(modules, "requirements-dev.txt") == {}


@pytest.mark.parametrize("requirements_file", LOCKS)
def test_every_declared_requirement_is_locked_at_a_version_its_range_allows(requirements_file):
    lock = locked(LOCKS[requirements_file])
    problems = []
    for requirement in declared(requirements_file):
        name = canonicalize_name(requirement.name)
        if name not in lock:
            problems.append(f"{requirement} is missing from {LOCKS[requirements_file]}")
        elif not requirement.specifier.contains(Version(lock[name][0]), prereleases=True):
            problems.append(f"{requirement} does not allow the locked {lock[name][0]}: run scripts/lock")
    assert problems == []


@pytest.mark.parametrize("lock_file", LOCKS.values())
def test_every_locked_package_carries_its_hashes(lock_file):
    lock = locked(lock_file)
    assert len(lock) > 20
    assert [name for name, (_, hashes) in lock.items() if not hashes] == []
    assert [
        digest for _, hashes in lock.values() for digest in hashes if not re.fullmatch(r"sha256:[0-9a-f]{64}", digest)
    ] == []


def test_the_dev_lock_pins_the_runtime_packages_at_the_runtime_locks_versions():
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {name: pin for name, pin in runtime.items() if dev.get(name) != pin} == {}


def test_citeproc_py_is_pinned_to_the_version_our_subclasses_were_checked_against():
    (citeproc,) = [r for r in declared("requirements.txt") if canonicalize_name(r.name) == "citeproc-py"]
    (specifier,) = citeproc.specifier
    assert specifier.operator == "=="
    assert specifier.version == importlib.metadata.version("citeproc-py")

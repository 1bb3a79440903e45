"""Each addon's manifest declares exactly the Python packages its code imports.

Odoo refuses to install an addon whose `external_dependencies` are not installed and names
the missing package; an import nobody declared fails later, as an ImportError while the
registry loads. A declared package the code no longer imports is a requirement for nothing.

What an addon declares: every package its code imports (``import x``, ``from x import y``,
at the top of a module or inside a function, optional imports included) except

* the standard library (``sys.stdlib_module_names``) and ``odoo`` itself (other addons are
  ``odoo.addons.*``); relative imports are the addon's own modules;
* the packages of Odoo 18's own ``requirements.txt`` (``ODOO_REQUIREMENTS`` below): Odoo
  does not start without them, so, as OCA does, no manifest repeats them. Our code imports
  several (lxml, requests, python-stdnum…); declaring them would check nothing and would
  have to be kept in step with Odoo's list;
* the addon's ``tests/`` folder: a manifest's ``external_dependencies`` gate installation
  in production, where test-only packages have no place. The test command installs those
  from ``requirements-test.txt`` (checked below). ``migrations/`` counts: it runs in
  production.

Every declared package is also in the repository's ``requirements.txt`` (what the test
command and the Docker image install next to Odoo), and nothing else is.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Import name -> PyPI distribution of the packages our addons import and Odoo 18 does not
# require. A new third-party import fails here until it is added (with its PyPI name).
DISTRIBUTIONS = {
    "dkim": "dkimpy",
    "dns": "dnspython",
    "feedparser": "feedparser",
    "ipadic": "ipadic",
    "lingua": "lingua-language-detector",
    "MeCab": "mecab",
    "mlask": "pymlask",
    "oseti": "oseti",
    "phonenumbers": "phonenumbers",
    "regex": "regex",
    "vaderSentiment": "vaderSentiment",
}

# Import name -> distribution of the packages of Odoo 18's own requirements.txt (branch
# 18.0 of odoo/odoo) that our code imports. Odoo provides them: no manifest declares them.
# Hard-coded on purpose: the test must not depend on where, or whether, Odoo's source is.
# Note that phonenumbers is not one of them (Odoo's phone_validation imports it only if
# present), python-stdnum is.
ODOO_REQUIREMENTS = {
    "babel": "Babel",
    "cryptography": "cryptography",
    "dateutil": "python-dateutil",
    "freezegun": "freezegun",
    "lxml": "lxml",
    "markupsafe": "MarkupSafe",
    "PIL": "Pillow",
    "psycopg2": "psycopg2",
    "pytz": "pytz",
    "requests": "requests",
    "stdnum": "python-stdnum",
    "urllib3": "urllib3",
    "werkzeug": "Werkzeug",
}

PROVIDED = set(sys.stdlib_module_names) | {"odoo"}
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _addon_folders():
    return sorted(path.parent.name for path in ROOT.glob("*/__manifest__.py"))


def _manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())


def _declared(addon):
    return _manifest(addon).get("external_dependencies", {}).get("python", [])


def _imports(path):
    """The top-level names of the absolute imports of one Python file, and of the packages
    whose files it reads without importing them (``importlib.util.find_spec("name")``)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "find_spec"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.args[0].value.partition(".")[0]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.partition(".")[0]


def _third_party_imports(files):
    """``{import name: [files importing it]}`` without the standard library and Odoo."""
    found = {}
    for path in files:
        for name in _imports(path):
            if name not in PROVIDED:
                found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def _code_files(addon):
    folder = ROOT / addon
    return sorted(
        path
        for path in folder.rglob("*.py")
        if path.relative_to(folder).parts[0] != "tests"
        and "node_modules" not in path.relative_to(folder).parts
    )


def _test_files(addon):
    return sorted((ROOT / addon / "tests").rglob("*.py"))


def _unknown(found):
    return {
        name: files
        for name, files in found.items()
        if name not in DISTRIBUTIONS and name not in ODOO_REQUIREMENTS
    }


def _normalized(distribution):
    # PEP 503: Vader_Sentiment, vader-sentiment and vader.sentiment name one project
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _requirements(filename):
    names = set()
    for line in (ROOT / filename).read_text().splitlines():
        line = line.partition("#")[0]
        match = REQUIREMENT_NAME.match(line)
        if match and not line.lstrip().startswith("-"):
            names.add(_normalized(match.group(1)))
    return names


def test_the_seven_addons_are_checked():
    assert len(_addon_folders()) >= 7


@pytest.mark.parametrize("addon", _addon_folders())
def test_every_third_party_import_has_a_known_distribution(addon):
    unknown = _unknown(_third_party_imports(_code_files(addon) + _test_files(addon)))
    assert not unknown, (
        f"{addon} imports packages this test does not know: {unknown}. Add each to "
        "DISTRIBUTIONS with its PyPI name, or to ODOO_REQUIREMENTS if Odoo 18's own "
        "requirements.txt has it."
    )


@pytest.mark.parametrize("addon", _addon_folders())
def test_the_manifest_declares_exactly_the_packages_the_code_imports(addon):
    imported = _third_party_imports(_code_files(addon))
    where = {
        DISTRIBUTIONS[name]: files for name, files in imported.items() if name in DISTRIBUTIONS
    }
    declared = _declared(addon)
    problems = [
        f"missing {name} (imported by {', '.join(files)})"
        for name, files in sorted(where.items())
        if name not in declared
    ]
    for name in sorted(set(declared) - set(where)):
        if name in ODOO_REQUIREMENTS.values():
            problems.append(f"extra {name}: Odoo 18 requires it, no manifest declares it")
        else:
            problems.append(f"extra {name}: no module of the addon outside tests/ imports it")
    if len(declared) != len(set(declared)):
        problems.append("a package is declared twice")
    assert not problems, (
        f'{addon}/__manifest__.py external_dependencies["python"] is {declared}:\n'
        + "\n".join(problems)
    )


def test_requirements_txt_lists_exactly_what_the_manifests_declare():
    declared = {_normalized(name) for addon in _addon_folders() for name in _declared(addon)}
    listed = _requirements("requirements.txt")
    assert listed == declared, (
        f"requirements.txt lists {sorted(listed)}, the manifests declare {sorted(declared)}: "
        f"missing {sorted(declared - listed)}, extra {sorted(listed - declared)}"
    )


@pytest.mark.parametrize("addon", _addon_folders())
def test_the_test_command_installs_what_the_tests_import(addon):
    installed = (
        _requirements("requirements.txt")
        | _requirements("requirements-test.txt")
        | {_normalized(name) for name in ODOO_REQUIREMENTS.values()}
    )
    imported = _third_party_imports(_test_files(addon))
    distributions = {**ODOO_REQUIREMENTS, **DISTRIBUTIONS}
    missing = {
        distributions[name]: files
        for name, files in imported.items()
        if name in distributions and _normalized(distributions[name]) not in installed
    }
    assert not missing, (
        f"{addon}'s tests import packages that neither requirements.txt, "
        f"requirements-test.txt nor Odoo installs: {missing}"
    )

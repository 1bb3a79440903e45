"""Boundaries between the addons hold: each uses another only through its public parts.

`social_interest` offers other addons its plain-Python services (`lib/`), its platform
registry (`platforms/`) and a short list of model methods, the card's public service and
hooks (`SERVICE` below, drawn in `docs/ARCHITECTURE.md`). Its `models/`, `parsing/`,
`wizard/`, `report/` and `controllers/` are its own: another addon that imports them, or
calls one of their private methods that is not in the list, fails here. Tests and migrations
of an addon may reach further (fixtures) and are not read.
"""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What each addon offers the others to import.
PUBLIC_PACKAGES = {
    "social_interest": {"lib", "platforms"},
    "social_listening": {"lib"},
}

# Private model methods (Odoo's `_` naming: not callable over RPC) that other addons may call
# or override: the card's one road in and the hooks the bridges and listening extend.
SERVICE = {
    "_ingest": "the one road in: every channel makes its cards through it",
    "_social_record_new_rows": "the road of clicks and visits for the bridges' crons",
    "_social_log_work": "where time on a card goes (timesheet bridge)",
    "_social_day_hours": "time of a rep today (timesheet bridge)",
    "_social_add_day_hours": "add hours to today's line (timesheet bridge)",
    "_social_track_links": "a reply's links as they go out (link tracker bridge)",
    "_social_acknowledge_out_of_hours": "the arrival's acknowledgement (listening adds "
    "the public one)",
    "_social_acknowledgement_due": "note an acknowledgement as due, wake its sender",
    "_cron_send_acknowledgements": "the acknowledgements' sender (listening adds its own)",
    "_reply_lang": "the one rule for the language of an answer",
    "_mark_replied": "the card's reply bookkeeping (a reply made in a chat)",
    "_social_is_working_time": "a team's working time (crm.team)",
    "_find_by_handles": "the identities' one matcher, find-only (social.identity)",
    "_record_channel_status": "who follows or blocked a messaging account (social.identity)",
    "_social_of_company": "a contact a card of a company may link to (res.partner)",
    "_social_product_matcher": "the products named in a text (product.template)",
    "_social_digest_sections": "the weekly digest's sections (res.company)",
    "_social_digest_cost": "the paid sources' cost over a period (res.company; sales bridge)",
    "_reply_partner": "the card's contact, found or made from its e-mail (sales bridge)",
    "_reply_with_text": "a prepared text into the reply where the person spoke (sales bridge)",
    "_answer_first_name": "how the author is greeted (sales bridge: the quotation's answer)",
    "_natural_state": "the state a card's fields give (sales bridge: a quotation converts)",
    "_query_cost_month": "the sources' monthly cost in force, as SQL (sales bridge's ROI)",
}


def _addons():
    return sorted(path.parent.name for path in ROOT.glob("*/__manifest__.py"))


def _code_files(addon):
    for path in sorted((ROOT / addon).rglob("*.py")):
        parts = path.relative_to(ROOT / addon).parts
        if parts[0] not in ("tests", "migrations"):
            yield path


def _trees(addon):
    for path in _code_files(addon):
        yield path, ast.parse(path.read_text(), filename=str(path))


def _imports_of_other_addons(addon):
    """``(file, line, other addon, package, names)`` of every import of another addon."""
    ours = set(_addons())
    for path, tree in _trees(addon):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [(node.module, [alias.name for alias in node.names])]
            elif isinstance(node, ast.Import):
                modules = [(alias.name, []) for alias in node.names]
            else:
                continue
            for module, names in modules:
                parts = module.split(".")
                if parts[:2] != ["odoo", "addons"] or len(parts) < 3:
                    continue
                other = parts[2]
                if other == addon or other not in ours:
                    continue
                if len(parts) > 3:
                    yield path.relative_to(ROOT), node.lineno, other, parts[3], names
                else:  # from odoo.addons.other import package
                    for name in names or [""]:
                        yield path.relative_to(ROOT), node.lineno, other, name, []


def _methods_defined(addon):
    """Methods the addon defines, and attributes it sets (``self._words = ...``)."""
    names = set()
    for _path, tree in _trees(addon):
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return names


def _odoo_methods():
    """Names of the methods Odoo itself defines (``_read_group``...): not ours to police."""
    try:
        import odoo

        source = Path(odoo.__file__).parent
    except ImportError:  # run without Odoo on the path: where the test command finds it
        source = Path(os.environ.get("ODOO_PATH", "/opt/odoo")) / "odoo"
    assert source.is_dir(), "Odoo's source is needed to tell its methods from ours"
    names = set()
    for path in source.rglob("*.py"):
        if "/tests/" in str(path):
            continue
        try:
            tree = ast.parse(path.read_text(errors="replace"))
        except SyntaxError:
            continue
        names.update(n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
    return names


def test_no_addon_imports_another_addons_internals():
    wrong = []
    for addon in _addons():
        for path, line, other, package, names in _imports_of_other_addons(addon):
            if package not in PUBLIC_PACKAGES.get(other, set()):
                wrong.append(f"{path}:{line} imports {other}.{package or '(the addon)'}")
            for name in names:
                if name.startswith("_"):
                    wrong.append(f"{path}:{line} imports the private {other}...{name}")
    assert not wrong, "reaches into another addon's internals:\n" + "\n".join(wrong)


def test_no_addon_calls_another_addons_private_methods_outside_the_service():
    defined = {addon: _methods_defined(addon) for addon in _addons()}
    odoo_methods = _odoo_methods()
    wrong = []
    for addon in _addons():
        for path, tree in _trees(addon):
            for node in ast.walk(tree):
                if not isinstance(node, ast.Attribute):
                    continue
                name = node.attr
                if not name.startswith("_") or name.startswith("__") or name in SERVICE:
                    continue
                if name in defined[addon] or name in odoo_methods:
                    continue
                owners = [other for other in defined if other != addon and name in defined[other]]
                if owners:
                    wrong.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} calls {name} of {owners[0]}"
                    )
    assert not wrong, (
        "private methods of another addon (make them part of its service, SERVICE above and "
        "docs/ARCHITECTURE.md, or use its lib):\n" + "\n".join(wrong)
    )


def test_the_service_is_drawn_in_the_architecture_doc():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    missing = [name for name in SERVICE if f".{name}`" not in text and f"`{name}`" not in text]
    assert not missing, f"docs/ARCHITECTURE.md does not name: {missing}"


def test_every_service_method_exists():
    everything = set().union(*(_methods_defined(addon) for addon in _addons()))
    assert not [name for name in SERVICE if name not in everything]

"""Two doors that stay shut as the code grows.

1. Every ``.sudo(`` in our addons says why it is safe: a comment holding ``sudo:`` on its
   line, inside its statement before it, or in the comment block just above the statement.
2. Every public method of our models is callable over RPC by anyone who may read the model:
   each one is listed in ``rpc_allowlist.ALLOWLIST`` with the reason it is safe to call. A new
   public method fails this test until it is reviewed and listed (or made private with a
   leading underscore or ``@api.private``).
"""

import ast
import importlib.util
import inspect
import io
import tokenize
from pathlib import Path

from odoo import models
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

ROOT = Path(__file__).resolve().parent.parent


def _load_allowlist():
    path = Path(__file__).resolve().parent / "rpc_allowlist.py"
    spec = importlib.util.spec_from_file_location("social_rpc_allowlist", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ALLOWLIST


ALLOWLIST = _load_allowlist()
OUR_ADDONS = (
    "social_interest",
    "social_listening",
    "social_maturity",
    "social_interest_link_tracker",
    "social_interest_mass_mailing",
    "social_interest_website",
    "social_interest_timesheet",
    "social_interest_livechat",
    "social_interest_sale",
)


def _python_files():
    for addon in OUR_ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            yield relative, path.read_text(encoding="utf-8")


def _comments(source):
    """{line number: comment text} and the set of lines holding only a comment."""
    comments, alone = {}, set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            line = token.start[0]
            comments[line] = token.string
            if not token.line[: token.start[1]].strip():
                alone.add(line)
    return comments, alone


def _sudo_calls(tree):
    """(line of the call, first and last line of the innermost statement holding it)."""
    found = []

    def visit(node, statement):
        if isinstance(node, ast.stmt):
            statement = node
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "sudo"
        ):
            found.append((node.func.end_lineno, statement.lineno, statement.end_lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, statement)

    for statement in tree.body:
        visit(statement, statement)
    return sorted(found)


def unexplained_sudo_calls():
    """``path:line`` of every ``.sudo(`` without a ``sudo:`` comment explaining it: on its
    line, in its statement before it, in the three lines above the statement, or in the
    comment block just above them (a run of statements that each use sudo may share one
    comment)."""
    missing = []
    for relative, source in _python_files():
        comments, alone = _comments(source)
        explained = set()  # lines of statements whose sudo is explained
        for line, first, last in _sudo_calls(ast.parse(source)):
            lines = set(range(first - 3, line + 1))
            above = first - 4
            while above in alone or above in explained:
                lines.add(above)
                above -= 1
            if any("sudo:" in comments.get(number, "") for number in lines):
                explained.update(range(first, last + 1))
            else:
                missing.append(f"{relative}:{line}")
    return missing


def _field_methods(model_class):
    """Names of methods that the model's fields call (computes, inverses, searches)."""
    names = set()
    for field in model_class._fields.values():
        for attribute in ("compute", "inverse", "search", "group_expand"):
            value = getattr(field, attribute, None)
            if isinstance(value, str):
                names.add(value)
    return names


def _defining_model(klass):
    """The model a class of ours defines or extends (``_name``, else its first ``_inherit``)."""
    if klass._name:
        return klass._name
    inherit = klass._inherit
    return inherit if isinstance(inherit, str) else inherit[0]


def public_methods(registry):
    """{(model, method): defining module} for every RPC-callable method our addons define,
    under the model whose class defines it (a method on ``mail.thread`` is listed once)."""
    prefixes = tuple(f"odoo.addons.{addon}." for addon in OUR_ADDONS)
    orm = set(dir(models.BaseModel))
    found = {}
    for model_name in sorted(registry):
        model_class = registry[model_name]
        field_methods = _field_methods(model_class)
        for klass in model_class.mro():
            if not klass.__module__.startswith(prefixes):
                continue
            for name, member in vars(klass).items():
                if name.startswith("_") or name in orm or name in field_methods:
                    continue
                function = getattr(member, "__func__", member)
                if not inspect.isfunction(function):
                    continue
                resolved = getattr(model_class, name, None)
                if getattr(resolved, "_api_private", False):
                    continue
                if getattr(function, "_onchange", None) or getattr(function, "_constrains", None):
                    continue
                found[(_defining_model(klass), name)] = klass.__module__
    return found


@tagged("post_install", "-at_install")
class TestSudoRpcAllowlist(TransactionCase):
    def test_every_sudo_says_why_it_is_safe(self):
        missing = unexplained_sudo_calls()
        self.assertFalse(
            missing,
            "sudo() without a 'sudo:' comment saying why it is safe:\n" + "\n".join(missing),
        )

    def test_every_public_method_of_our_models_is_reviewed(self):
        found = public_methods(self.env.registry)
        unlisted = sorted(
            f"{model}.{method}  ({module})" for (model, method), module in found.items()
            if method not in ALLOWLIST.get(model, {})
        )  # fmt: skip
        self.assertFalse(
            unlisted,
            "Public methods are callable over RPC by every user who may read the model; "
            "review each and list it in tests/rpc_allowlist.py with why it is safe:\n"
            + "\n".join(unlisted),
        )

    def test_the_allowlist_names_only_methods_that_exist(self):
        found = public_methods(self.env.registry)
        stale = sorted(
            f"{model}.{method}" for model, methods in ALLOWLIST.items() for method in methods
            if (model, method) not in found
        )  # fmt: skip
        self.assertFalse(stale, "Listed but gone (remove them):\n" + "\n".join(stale))

    def test_every_listed_method_has_a_reason(self):
        empty = [
            f"{model}.{method}" for model, methods in ALLOWLIST.items()
            for method, reason in methods.items() if len((reason or "").strip()) < 15
        ]  # fmt: skip
        self.assertFalse(empty, "Say why each is safe:\n" + "\n".join(empty))

"""The addons keep their code in the shape Odoo keeps its own (``docs``: STYLE.md).

* **Short functions.** No function of an addon is longer than ``MAX_FUNCTION_LINES``
  (from its ``def`` line to its last line): a longer one is several steps that want names
  of their own. The addons' ``tests/`` and ``migrations/`` folders are not counted.
* **One model per file.** A Python file under an addon's ``models/`` or ``wizard/``
  defines at most one model class (a class setting ``_name`` or ``_inherit``), named after
  it, as ``crm/models/crm_lead.py`` does. A file that only extends a model of another addon
  (``res_company.py``: ``_inherit = "res.company"``) is that one class too.
* **One model, one file.** Two files of the same addon do not both write the same model
  (one defines it with ``_name``, or extends it with ``_inherit`` and no ``_name`` of its
  own; two files extending it are a cut too): Odoo writes a model top to bottom in one file,
  and moves opt-in behaviour into an abstract mixin with its own ``_name``
  (``mail.thread.cc``). New models that inherit the same mixin are no cut.

Plain Python, no database: it reads the source with ``ast``.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FUNCTION_LINES = 80
NOT_COUNTED = {"tests", "migrations"}
MODEL_FOLDERS = ("models", "wizard")


def _addon_folders():
    return sorted(path.parent for path in ROOT.glob("*/__manifest__.py"))


def _addon_sources():
    """(addon folder, Python file) of the addons' own code, tests and migrations aside."""
    for addon in _addon_folders():
        for path in sorted(addon.rglob("*.py")):
            if not NOT_COUNTED & set(path.relative_to(addon).parts[:-1]):
                yield addon, path


def _model_files(addon):
    return [path for folder in MODEL_FOLDERS for path in sorted((addon / folder).rglob("*.py"))]


def _relative(path):
    return str(path.relative_to(ROOT))


def _names(node):
    """The model names a class attribute's value holds (a string, or a list of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple):
        return [item.value for item in node.elts if isinstance(item, ast.Constant)]
    return []


def _model_classes(path):
    """[(class name, its _name or None, its _inherit list)] of the model classes of a file."""
    classes = []
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if not isinstance(node, ast.ClassDef):
            continue
        attributes = {
            target.id: statement.value
            for statement in node.body
            if isinstance(statement, ast.Assign)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        if "_name" in attributes or "_inherit" in attributes:
            name = _names(attributes.get("_name"))
            classes.append(
                (node.name, name[0] if name else None, _names(attributes.get("_inherit")))
            )
    return classes


def _models_written(classes):
    """The models a file's classes write: the one a class defines (``_name``), or those it
    extends (``_inherit`` without a ``_name`` of its own). A new model inheriting a mixin
    (``_name`` and ``_inherit = ["mail.thread"]``) writes its own model only."""
    return {model for _class, name, inherits in classes for model in ([name] if name else inherits)}


def test_the_addons_are_found():
    assert len(_addon_folders()) >= 7
    assert any(_model_files(addon) for addon in _addon_folders())


def test_no_function_is_longer_than_the_limit():
    too_long = [
        f"{_relative(path)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for _addon, path in _addon_sources()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    limit = f"functions over {MAX_FUNCTION_LINES} lines (split them into named steps)"
    assert not too_long, f"{limit}: {too_long}"


def test_each_model_file_defines_one_model():
    crowded = {
        _relative(path): [class_name for class_name, _name, _inherits in classes]
        for addon in _addon_folders()
        for path in _model_files(addon)
        if len(classes := _model_classes(path)) > 1
    }
    assert not crowded, f"files with more than one model class (one model per file): {crowded}"


def test_no_model_is_cut_into_several_files_of_one_addon():
    cut = {}
    for addon in _addon_folders():
        files_by_model = defaultdict(list)
        for path in _model_files(addon):
            for model in _models_written(_model_classes(path)):
                files_by_model[model].append(_relative(path))
        cut.update(
            {
                f"{addon.name}: {model}": files
                for model, files in files_by_model.items()
                if len(files) > 1
            }
        )
    assert not cut, (
        "models written in several files of one addon (one file, or an abstract mixin "
        f"with its own _name): {cut}"
    )

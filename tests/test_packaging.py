"""The Docker image carries every addon of the repository.

The bridges are `auto_install`: installing Email Marketing, Website or Timesheets in the
container brings a bridge only if its folder is on the image's addons path. A new addon
folder fails here until the Dockerfile copies it.
"""

import ast
import configparser
import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = re.compile(r"^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$", re.MULTILINE)


def _addon_folders():
    return sorted(path.parent.name for path in ROOT.glob("*/__manifest__.py"))


def _image_addons_path():
    config = configparser.ConfigParser()
    config.read(ROOT / "docker" / "odoo.conf")
    return [part.strip() for part in config["options"]["addons_path"].split(",")]


def test_the_repository_has_the_seven_addons():
    assert len(_addon_folders()) >= 7
    assert "social_interest" in _addon_folders()


def test_every_addon_folder_is_copied_onto_the_image_addons_path():
    copies = dict(COPY.findall((ROOT / "Dockerfile").read_text()))
    addons_path = _image_addons_path()
    missing = []
    for addon in _addon_folders():
        target = copies.get(addon, "").rstrip("/")
        if not target or target.rsplit("/", 1)[0] not in addons_path:
            missing.append(addon)
        elif target.rsplit("/", 1)[1] != addon:
            missing.append(addon)
    assert not missing, f"addon folders missing from the image: {missing}"


def test_no_addon_folder_is_excluded_from_the_build_context():
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for addon in _addon_folders():
        for name in (addon, f"{addon}/__manifest__.py", f"{addon}/models"):
            assert not any(fnmatch.fnmatch(name, pattern) for pattern in patterns), (
                addon,
                name,
            )


def _manifest_version(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())["version"]


def _version_key(version):
    return tuple(int(part) for part in version.split("."))


def test_every_addon_has_release_notes_for_its_version():
    missing = [
        addon
        for addon in _addon_folders()
        if not (ROOT / addon / "readme" / "HISTORY.md").exists()
        or f"## {_manifest_version(addon)} "
        not in (ROOT / addon / "readme" / "HISTORY.md").read_text()
    ]
    assert not missing, f"readme/HISTORY.md without an entry for the manifest version: {missing}"


def test_no_migration_waits_for_a_version_the_manifest_has_not_reached():
    # a migration folder above the manifest's version would never run
    ahead = [
        f"{addon}/migrations/{folder.name}"
        for addon in _addon_folders()
        for folder in (ROOT / addon / "migrations").glob("18.0.*")
        if _version_key(folder.name) > _version_key(_manifest_version(addon))
    ]
    assert not ahead, ahead


def test_every_test_module_is_imported_by_its_package():
    """Odoo's own test runner finds an addon's tests through ``tests/__init__.py`` only."""
    missing = []
    for addon in _addon_folders():
        package = ROOT / addon / "tests" / "__init__.py"
        if not package.exists():
            continue
        text = package.read_text()
        for module in sorted(package.parent.glob("test_*.py")):
            if not re.search(rf"\b{module.stem}\b", text):
                missing.append(f"{addon}/tests/{module.name}")
    assert not missing, f"not imported by tests/__init__.py: {missing}"

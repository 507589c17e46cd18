"""The three ways to install the course agree with each other."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_packages() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return {_name(r) for r in reqs}


def environment_packages() -> tuple[set[str], list[str]]:
    conda, pip, in_pip, in_deps = set(), [], False, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        stripped = line.split("#")[0].rstrip()
        if re.match(r"^\w", stripped):  # a top-level key: name, channels, dependencies
            in_deps = stripped.startswith("dependencies:")
            continue
        m = re.match(r"^(\s*)- (.+)$", stripped)
        if not m or not in_deps:
            continue
        indent, item = len(m.group(1)), m.group(2).strip()
        if item == "pip:":
            in_pip = True
        elif in_pip and indent > 2:
            pip.append(item)
        else:
            in_pip = False
            conda.add(_name(item))
    return conda - {"python", "pip"}, pip


def lock_packages() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: every line must pin an exact version; got {line!r}"
            pins[_name(name)] = version
    return pins


def test_environment_yml_lists_the_pyproject_packages():
    conda, pip = environment_packages()
    assert conda == pyproject_packages(), (
        f"only in environment.yml: {sorted(conda - pyproject_packages())}; "
        f"only in pyproject.toml: {sorted(pyproject_packages() - conda)}"
    )
    assert pip == ["-e ."], "environment.yml must install the project itself through pip"


def test_lock_pins_every_direct_dependency():
    pins = lock_packages()
    missing = pyproject_packages() - set(pins)
    assert not missing, f"requirements.lock does not pin {sorted(missing)}"


def test_lock_satisfies_pyproject_ranges():
    from packaging.requirements import Requirement

    pins = lock_packages()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for r in project["dependencies"] + sum(project["optional-dependencies"].values(), []):
        req = Requirement(r)
        assert req.specifier.contains(pins[_name(req.name)]), (
            f"{req.name}=={pins[_name(req.name)]} is outside {req.specifier}"
        )


def test_the_package_is_importable_from_lib():
    import dlf

    assert Path(dlf.__file__).resolve().parent == ROOT / "lib" / "dlf"


def test_dlf_imports_no_course_machinery():
    """Every module of dlf imports with nbgrader, jupyter_server and coursegrader unavailable."""
    import subprocess
    import sys

    script = """
import importlib, pkgutil, sys
FORBIDDEN = {"nbgrader", "jupyter_server", "coursegrader"}

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in FORBIDDEN:
            raise ImportError(f"blocked for this test: {name}")
        return None

sys.meta_path.insert(0, Block())
import dlf
names = ["dlf"] + [m.name for m in pkgutil.walk_packages(dlf.__path__, "dlf.")]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.partition(".")[0] in FORBIDDEN)
assert not loaded, loaded
print(len(names))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={"MPLBACKEND": "Agg", "PATH": ""}
    )
    assert done.returncode == 0, f"a module of dlf needs the course machinery:\n{done.stderr[-2000:]}"
    assert int(done.stdout) >= 20, f"only {done.stdout.strip()} modules of dlf were imported"


def test_dlf_depends_on_neither_nbgrader_nor_jupyterlab():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = {_name(r) for r in project["dependencies"]}
    assert not base & {"nbgrader", "jupyterlab", "jupyter-server", "notebook"}, sorted(base)
    assert "nbgrader" in {_name(r) for r in project["optional-dependencies"]["grading"]}

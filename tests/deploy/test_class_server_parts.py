"""Parts of deploy/class-server that run without root: the roster, the panels of each role, the lock's Python.

The whole class server is tested end to end, as root, by test_class_server.py.
"""

from __future__ import annotations

import importlib.util
import json
from importlib.machinery import SourceFileLoader
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

REPO = Path(__file__).resolve().parents[2]
DEBIAN_12_PYTHON = "3.11.2"  # the Python of the users' venv on a Debian 12 server (/usr/bin/python3)


def load_class_server():
    loader = SourceFileLoader("class_server", str(REPO / "deploy" / "class-server"))
    spec = importlib.util.spec_from_loader("class_server", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


cs = load_class_server()


def test_the_roster_gives_students_and_instructors(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,role,ID\nteacher1,instructor,\nada,,101\nbob,Student,102\n\n")
    assert cs.read_roster(roster) == (["ada", "bob"], ["teacher1"])


def test_a_roster_naming_a_system_account_is_refused(capsys):
    cs.refuse_system_accounts(["somebody-without-an-account"])
    with pytest.raises(SystemExit):
        cs.refuse_system_accounts(["ada", "root"])
    assert "the roster names root, a system account" in capsys.readouterr().err


def test_the_class_roster_can_be_the_canvas_roster(tmp_path):
    from coursegrader.canvas import read_roster

    roster = tmp_path / "roster.csv"
    roster.write_text('Student,ID,student_id,role\n"Turing, Alan",7,teacher1,instructor\n"L, Ada",101,ada,\n')
    assert cs.read_roster(roster) == (["ada"], ["teacher1"])
    students, unmapped = read_roster(roster)
    assert [s["student_id"] for s in students] == ["ada"] and not unmapped, "an instructor in the Canvas export"


@pytest.mark.parametrize(
    "text, message",
    [
        ("id,role\nada,\n", "no column student_id"),
        ("student_id,role\nAda Lovelace,instructor\n", "not a valid Unix user name"),
        ("student_id,role\nada,instructor\nada,\n", "appears twice"),
        ("student_id,role\nada,\nbob,\n", "nobody has the role instructor"),
    ],
)
def test_a_bad_roster_is_refused_with_the_reason(tmp_path, capsys, text, message):
    roster = tmp_path / "roster.csv"
    roster.write_text(text)
    with pytest.raises(SystemExit):
        cs.read_roster(roster)
    assert message in capsys.readouterr().err


def test_students_get_the_assignment_list_only_and_the_formgrader_service_the_formgrader(tmp_path):
    cs.write_panels(tmp_path)
    shown = {}
    for role in ("student", "instructor", "formgrader"):
        lab = json.loads((tmp_path / role / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
        server = json.loads((tmp_path / role / "jupyter_server_config.json").read_text())["ServerApp"]
        extensions = server["jpserver_extensions"]
        panels = {p for p in cs.NBGRADER_PANELS if not lab.get(f"@jupyter/nbgrader:{p}")}
        served = {e.rsplit(".", 1)[1] for e, on in extensions.items() if on}
        shown[role] = (panels, served)
    assert shown["student"] == ({"assignment-list", "validate-assignment"}, {"assignment_list", "validate_assignment"})
    assert "formgrader" not in shown["instructor"][1] and "course_list" in shown["instructor"][1]
    assert {"formgrader", "create-assignment"} <= shown["formgrader"][0] and "formgrader" in shown["formgrader"][1]


def test_every_pin_of_the_lock_installs_on_debian_12s_python():
    """A class server's venv is made with the system's Python: on Debian 12 that is 3.11.2."""
    from importlib.metadata import metadata

    too_new, checked = [], 0
    for line in (REPO / "requirements.lock").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        req = Requirement(line)
        pinned = str(next(iter(req.specifier)).version)
        try:
            installed = version(req.name)
        except PackageNotFoundError:
            pytest.skip(f"{req.name} is not installed: this venv is not requirements.lock (make test installs it)")
        if installed != pinned:
            pytest.skip(f"{req.name} {installed} is installed, the lock pins {pinned}: make test installs the lock")
        requires = metadata(req.name).get("Requires-Python")
        checked += 1
        if requires and DEBIAN_12_PYTHON not in SpecifierSet(requires):
            too_new.append(f"{req.name}=={pinned} (Requires-Python {requires})")
    assert checked > 100
    assert not too_new, f"these pins do not install on Python {DEBIAN_12_PYTHON}: {too_new}"


def test_one_server_and_kubernetes_use_the_same_exchange_path():
    text = (REPO / "deploy" / "zero-to-jupyterhub" / "nbgrader_config.py").read_text()
    assert f'c.Exchange.root = "{cs.EXCHANGE}"' in text


def hub_config(tmp_path, **settings) -> object:
    """deploy/jupyterhub_config.py loaded as JupyterHub loads it, next to a class.json of ``settings``."""
    from traitlets.config import Config

    base = {
        "state": str(tmp_path),
        "venv": "/opt/dlf-class/venv",
        "course_id": cs.COURSE_ID,
        "instructors": ["teacher1"],
        "students": ["ada", "bob"],
        "ip": "127.0.0.1",
        "port": 8000,
        "proxy": "/x/configurable-http-proxy",
        "auth": "pam",
        "grader": "dlf-grader",
        "course_dir": "/home/dlf-grader/course",
        "db_url": "",
        "cull_after": 3600,
    }
    (tmp_path / "class.json").write_text(json.dumps({**base, **settings}))
    (tmp_path / "jupyterhub_config.py").write_text((REPO / "deploy" / "jupyterhub_config.py").read_text())
    config = Config()
    exec(
        compile((tmp_path / "jupyterhub_config.py").read_text(), str(tmp_path / "jupyterhub_config.py"), "exec"),
        {"get_config": lambda: config, "__file__": str(tmp_path / "jupyterhub_config.py")},
    )
    return config


def test_each_users_server_is_a_systemd_unit_with_limits_where_systemd_runs(tmp_path):
    config = hub_config(tmp_path, spawner="systemd", mem_limit="1G", cpu_limit=0.5)
    assert config.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    sd = config.SystemdSpawner
    assert (sd.mem_limit, sd.cpu_limit) == ("1G", 0.5)
    assert sd.isolate_tmp and sd.isolate_devices and sd.disable_user_sudo
    assert sd.unit_name_template == "jupyter-{USERNAME}-singleuser"
    # the limits are SystemdSpawner's traits: a typo in a name would be silently ignored
    from systemdspawner import SystemdSpawner

    assert set(sd) <= set(SystemdSpawner.class_trait_names()), set(sd) - set(SystemdSpawner.class_trait_names())
    assert config.Spawner.cmd == ["/opt/dlf-class/venv/bin/jupyterhub-singleuser"]


def test_without_systemd_each_users_server_is_a_plain_process(tmp_path):
    assert hub_config(tmp_path, spawner="local").JupyterHub.spawner_class == "localprocess"
    assert "SystemdSpawner" not in hub_config(tmp_path, spawner="local")


def test_the_spawner_is_systemd_exactly_where_systemd_runs(monkeypatch, capsys):
    monkeypatch.setattr(cs, "systemd_runs", lambda: True)
    assert cs.choose_spawner("auto") == "systemd" and cs.choose_spawner("local") == "local"
    monkeypatch.setattr(cs, "systemd_runs", lambda: False)
    assert cs.choose_spawner("auto") == "local"
    with pytest.raises(SystemExit):
        cs.choose_spawner("systemd")
    assert "systemd does not run this machine" in capsys.readouterr().err

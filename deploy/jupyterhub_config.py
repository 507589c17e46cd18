# JupyterHub configuration of a class of "Foundations of Deep Learning" on one Linux server.
#
# `deploy/class-server up ROSTER` copies this file into the state folder (default /srv/dlf-class)
# next to class.json, the settings of that class (ports, users, paths), and starts
# `jupyterhub -f <state>/jupyterhub_config.py` as root. Change a setting with the options of
# `class-server up` (`--help`), or here, then run `class-server down` and `up` again.
#
# What it sets up (README.md, "Run a class"):
# - the hub on 127.0.0.1 (--ip for another address; HTTPS from the administrator's reverse proxy),
#   configurable-http-proxy from deploy/node, the hub's own API on the ports after --port;
# - the roster's users only, authenticated by PAM (their Unix passwords), or, for a trial, the
#   hub's DummyAuthenticator with one shared password (--auth dummy);
# - each user's own server: JupyterLab from the course's environment (dlf importable),
#   started as that Unix user in their home: a systemd unit with memory and CPU limits
#   (SystemdSpawner) where systemd runs the machine, else a plain process (LocalProcessSpawner);
# - students see nbgrader's Assignment List only (no Formgrader, no Create Assignment);
# - the Formgrader as a hub-managed service, run as the grader account in the course folder,
#   open to the instructors' group only; the idle culler as a second service.

import json
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

S = json.loads(Path(__file__).with_name("class.json").read_text())
STATE = Path(S["state"])
VENV = Path(S["venv"])
COURSE = S["course_id"]
INSTRUCTORS = sorted(S["instructors"])
USERS = sorted(S["students"]) + INSTRUCTORS

# --- the hub, its proxy and its database ------------------------------------------------------
c.JupyterHub.ip = S["ip"]
c.JupyterHub.port = S["port"]
c.ConfigurableHTTPProxy.command = [S["proxy"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{S['port'] + 1}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = S["port"] + 2
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the users' servers too

# --- who logs in ----------------------------------------------------------------------------
c.Authenticator.allowed_users = set(USERS)
c.Authenticator.admin_users = set(S.get("admins", []))
if S["auth"] == "dummy":  # a trial only: everyone of the roster logs in with one shared password
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = S["dummy_password"]
else:
    c.JupyterHub.authenticator_class = "pam"  # the users' Unix passwords

# --- each user's server -----------------------------------------------------------------------
if S.get("spawner") == "systemd":
    # A transient unit per user (systemd-run), as that Unix user, in their home: its processes
    # (the server and every kernel) share --mem-limit and --cpu-limit; a private /tmp, no device
    # nodes, no privilege gain (sudo, setuid programs). Stopping the server stops the whole unit.
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.unit_name_template = "jupyter-{USERNAME}-singleuser"
    c.SystemdSpawner.mem_limit = S["mem_limit"]
    c.SystemdSpawner.cpu_limit = S["cpu_limit"]
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.default_shell = "/bin/bash"
else:
    # LocalProcessSpawner: a process per user, as that Unix user, in their home (no limits).
    c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120  # s: a first start on a busy 2-core server takes ~10 s
c.Spawner.http_timeout = 120


def jupyter_config_path(spawner):
    """Students get the Assignment List only; instructors also the Courses list (a link to the Formgrader)."""
    role = "instructor" if spawner.user.name in INSTRUCTORS else "student"
    return str(STATE / "jupyter" / role)


c.Spawner.environment = {
    "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": jupyter_config_path,
}

# --- the instructors' group, the Formgrader service and the idle culler ---------------------
GRADERS = f"formgrade-{COURSE}"
c.JupyterHub.load_groups = {GRADERS: {"users": INSTRUCTORS}}
c.JupyterHub.load_roles = [
    {
        # the instructors open the Formgrader; nbgrader's Courses list finds it through the hub's API
        "name": GRADERS,
        "groups": [GRADERS],
        "scopes": [f"access:services!service={COURSE}", "list:services", f"read:services!service={COURSE}"],
    },
    {
        # a user's server may do what its user may (the Courses list asks the hub for the services)
        "name": "server",
        "scopes": ["inherit"],
    },
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]
c.JupyterHub.services = [
    {
        # The Formgrader: a JupyterLab server of the grader account in the course folder, at
        # /services/<course_id>/ (nbgrader looks for it there; /formgrader is its page).
        "name": COURSE,
        "url": f"http://127.0.0.1:{S['port'] + 3}",
        "command": [str(VENV / "bin" / "jupyterhub-singleuser")],
        "user": S["grader"],
        "cwd": S["course_dir"],
        "oauth_no_confirm": True,
        "environment": {
            "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "JUPYTERHUB_DEFAULT_URL": "/lab",
            "JUPYTER_CONFIG_PATH": str(STATE / "jupyter" / "formgrader"),
            "COURSE_DB_URL": S["db_url"],  # the gradebook (read by the course's nbgrader_config.py)
        },
    },
    {
        "name": "idle-culler",
        "command": [str(VENV / "bin" / "python"), "-m", "jupyterhub_idle_culler", f"--timeout={S['cull_after']}"],
    },
]

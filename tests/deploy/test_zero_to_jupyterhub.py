"""deploy/zero-to-jupyterhub agrees with the course (nothing there can run here: no Kubernetes).

The single-user image installs the same requirements.lock and never copies solutions/; the Helm
values name that image, mount the exchange on a ReadWriteMany volume at the path of the image's
nbgrader configuration (the Formgrader pod too), and declare the Formgrader service and the culler.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
Z2JH = REPO / "deploy" / "zero-to-jupyterhub"
COURSE_ID = "foundations-of-deep-learning"

try:
    import yaml
except ImportError:  # PyYAML comes with the lock (jupyter-events needs it); without it, plain text checks
    yaml = None


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (Z2JH / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def nbgrader_settings() -> dict:
    """The values that deploy/zero-to-jupyterhub/nbgrader_config.py sets, by running it on a stand-in config."""

    class Section:
        pass

    class Config(dict):
        def __getattr__(self, name):
            return self.setdefault(name, Section())

    config = Config()
    exec((Z2JH / "nbgrader_config.py").read_text(), {"get_config": lambda: config})
    return {f"{section}.{key}": value for section, obj in config.items() for key, value in vars(obj).items()}


def image_tag_of_build_command(text: str) -> str:
    match = re.search(r"docker build -f deploy/zero-to-jupyterhub/Dockerfile -t (\S+) \.", text)
    assert match, "no `docker build -f deploy/zero-to-jupyterhub/Dockerfile -t NAME:TAG .` in the text"
    return match.group(1)


def test_the_image_installs_requirements_lock_and_never_the_solutions():
    steps = dockerfile_instructions()
    copies = [shlex.split(args) for kind, args in steps if kind == "COPY"]
    sources = [src for copy in copies for src in copy[:-1]]
    assert not [s for s in sources if s.startswith(("solutions", ".", "/")) or s in ("exercises", "*")], (
        f"the image copies {sources}: never the repository (solutions/ holds the hidden tests)"
    )
    lock_dest = next(copy[-1] for copy in copies if copy[:-1] == ["requirements.lock"])
    installs = [args for kind, args in steps if kind == "RUN" and "pip install" in args]
    assert any(re.search(rf"pip install .*-r {re.escape(lock_dest)}(\s|$)", args) for args in installs), (
        f"no `pip install -r {lock_dest}` in {installs}"
    )
    course = [args for args in installs if "--no-deps" in args]
    assert course, "the course's packages are installed with --no-deps (the lock has every dependency)"
    assert (REPO / "requirements.lock").is_file() and ("CMD", '["jupyterhub-singleuser"]') in steps


def test_the_values_name_the_image_and_mount_the_exchange_where_nbgrader_looks():
    settings = nbgrader_settings()
    assert settings["CourseDirectory.course_id"] == COURSE_ID
    exchange = settings["Exchange.root"]
    image = image_tag_of_build_command((Z2JH / "README.md").read_text())
    assert image == image_tag_of_build_command((Z2JH / "Dockerfile").read_text())
    values_text = (Z2JH / "values.yaml").read_text()
    if yaml is None:
        name, tag = image.rsplit(":", 1)
        for needed in [f"name: {name}", f'tag: "{tag}"', f"mountPath: {exchange}", "claimName: nbgrader-exchange"]:
            assert needed in values_text, f"values.yaml has no {needed!r}"
        assert "ReadWriteMany" in (Z2JH / "formgrader.yaml").read_text()
        return

    values = yaml.safe_load(values_text)
    single = values["singleuser"]
    assert f"{single['image']['name']}:{single['image']['tag']}" == image
    assert single["defaultUrl"] == "/lab"
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    volumes = {v["name"]: v for v in single["storage"]["extraVolumes"]}
    exchange_volume = next(name for name, path in mounts.items() if path == exchange)
    claim = volumes[exchange_volume]["persistentVolumeClaim"]["claimName"]

    manifests = {
        (d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all((Z2JH / "formgrader.yaml").read_text())
    }
    assert manifests[("PersistentVolumeClaim", claim)]["spec"]["accessModes"] == ["ReadWriteMany"]
    pod = manifests[("Deployment", "formgrader")]["spec"]["template"]["spec"]
    pod_claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"]}
    (container,) = pod["containers"]
    assert container["image"] == image
    assert any(pod_claims[m["name"]] == claim and m["mountPath"] == exchange for m in container["volumeMounts"]), (
        "the Formgrader pod does not mount the exchange where nbgrader looks"
    )

    hub = values["hub"]
    service = hub["services"][COURSE_ID]  # nbgrader looks for the Formgrader at /services/<course_id>
    assert service["url"].startswith("http://formgrader:")
    assert manifests[("Service", "formgrader")]["spec"]["ports"][0]["port"] == int(service["url"].rsplit(":", 1)[1])
    scopes = [s for role in hub["loadRoles"].values() for s in role["scopes"]]
    assert f"access:services!service={COURSE_ID}" in scopes
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0

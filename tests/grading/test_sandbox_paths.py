"""What the sandbox mounts: never a folder that holds the course, whatever sys.path says."""

import sys

from coursegrader.sandbox import readonly_paths


def test_a_python_path_above_the_course_is_not_mounted(tmp_path, monkeypatch):
    course = tmp_path / "course"
    notebook_folder = course / "autograded" / "student" / "ex00"
    notebook_folder.mkdir(parents=True)
    (tmp_path / "lib").mkdir()
    monkeypatch.chdir(course)
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(course), "", str(tmp_path / "lib"), *sys.path])
    mounted = readonly_paths(str(notebook_folder))
    assert str(tmp_path) not in mounted and str(course) not in mounted
    assert str(tmp_path / "lib") in mounted
    assert "/usr" in mounted and any(sys.prefix.startswith(p) for p in mounted)

"""Print the Python interpreters on this machine that pyproject.toml's requires-python admits,
one path a line, the newest patch release of each minor version (pyenv's or on the PATH)."""

import glob
import os
import re
import shutil
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
low = int(re.search(r">=\s*3\.(\d+)", spec).group(1))
high = int(re.search(r"<\s*3\.(\d+)", spec).group(1))
pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
for minor in range(low, high):
    found = shutil.which(f"python3.{minor}")
    releases = {
        int(match.group(1)): path
        for path in glob.glob(f"{pyenv}/versions/3.{minor}.*/bin/python3")
        if (match := re.search(rf"/3\.{minor}\.(\d+)/bin/python3$", path))
    }
    if releases:
        found = releases[max(releases)]
    if found:
        print(found)

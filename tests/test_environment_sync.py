"""One set of versions for a class: pyproject.toml, constraints.txt, the Makefile and
environment.yml describe the same environment.

- pyproject.toml says what kerasedu needs (its dependencies and extras), as ranges.
- constraints.txt pins one version of every package those pull in (`make lock` writes it with
  uv, for Python 3.11 and newer on Linux, macOS and Windows).
- `make setup` installs kerasedu with every extra within those pins, and so does
  `conda env create -f environment.yml`: every student, the grader and CI run the same numpy,
  numba, nbgrader, JupyterHub and Jupyter.

When a dependency is added to pyproject.toml and not to the lock, or its range no longer
admits the pinned version, these tests fail and say which command to run. They also check that
the environment running them is the locked one, package by package.

The files are read with the standard library and ``packaging`` (which pytest depends on);
environment.yml with a small line parser rather than PyYAML.
"""

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = "constraints.txt"
RELOCK = f"run `make lock` and commit {LOCK}"
REINSTALL = f"run `make setup` (it reinstalls .venv when {LOCK} changes)"


def normalize(name):
    """The canonical form of a package name: lower case, runs of -, _ and . become -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def applies(requirement, extra=""):
    """Whether a requirement's marker holds for the Python running the tests."""
    if requirement.marker is None:
        return True
    return requirement.marker.evaluate({**default_environment(), "extra": extra})


# ---------------------------------------------------------------------------- reading the files

def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def declared_requirements(project_table):
    """(where, Requirement) for the dependencies and every extra of pyproject.toml."""
    declared = [("dependencies", Requirement(line))
                for line in project_table.get("dependencies", [])]
    for extra, lines in project_table.get("optional-dependencies", {}).items():
        declared += [(f"the [{extra}] extra", Requirement(line)) for line in lines]
    return declared


def read_lock(text):
    """{name: Version} for the pins of a constraints file that hold for this Python."""
    pins = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", \
            f"{LOCK}, line {number}: {line!r} is not an exact pin (name==version)"
        if applies(requirement):
            name = normalize(requirement.name)
            assert name not in pins, f"{LOCK} pins {name} twice for this Python"
            pins[name] = Version(specifiers[0].version)
    return pins


def conda_entries(text):
    """The package entries of an environment.yml, as (entry, from_pip_section) pairs.

    Understands the subset of YAML that environment files use: a top-level
    ``dependencies:`` list of strings, one of which may be ``- pip:`` followed by a more
    deeply indented list. Comments and blank lines are skipped.
    """
    entries = []
    in_dependencies = False
    pip_indent = None
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            in_dependencies = line.strip() == "dependencies:"
            pip_indent = None
            continue
        if not in_dependencies or not line.lstrip().startswith("- "):
            continue
        item = line.lstrip()[2:].strip().strip("'\"")
        if pip_indent is not None and indent <= pip_indent:
            pip_indent = None
        if item == "pip:":
            pip_indent = indent
            continue
        entries.append((item, pip_indent is not None))
    return entries


def editable_extras(command):
    """The extras of kerasedu's editable install in a pip command line or requirements entry."""
    match = re.search(r"-e\s+['\"]?\.\[([^\]]*)\]", command)
    assert match, f"no editable install of kerasedu with extras in {command!r}"
    return sorted(extra.strip() for extra in match.group(1).split(","))


def makefile_install_line():
    lines = [line.strip() for line in (ROOT / "Makefile").read_text().splitlines()
             if "pip install" in line and "-e " in line]
    assert len(lines) == 1, f"expected one `pip install ... -e '.[...]'` line in the Makefile: {lines}"
    return lines[0]


# ---------------------------------------------------------------------------- what is wrong

def missing_pins(declared, pins):
    """Lines saying which declared requirement the lock does not satisfy; empty when it does."""
    problems = []
    for where, requirement in declared:
        if not applies(requirement):
            continue
        name = normalize(requirement.name)
        wanted = f"{name}{requirement.specifier}"
        if name not in pins:
            problems.append(f"{wanted} is in pyproject.toml ({where}) but not in {LOCK}: {RELOCK}")
        elif pins[name] not in requirement.specifier:
            problems.append(f"{LOCK} pins {name}=={pins[name]}, which pyproject.toml ({where}) "
                            f"does not accept ('{requirement.specifier}'): {RELOCK}")
    return problems


def installed_tree(roots):
    """{name: (installed Version or None, required by)} for the packages that roots need,
    following each installed package's own requirements (and the extras asked of it)."""
    found, queue = {}, [(requirement, "kerasedu") for requirement in roots]
    while queue:
        requirement, parent = queue.pop()
        name = normalize(requirement.name)
        extras = set(requirement.extras)
        if name in found and extras <= found[name][2]:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            found[name] = (None, parent, extras)
            continue
        seen = found.get(name, (None, parent, set()))[2]
        found[name] = (Version(distribution.version), parent, seen | extras)
        for line in distribution.requires or []:
            child = Requirement(line)
            if any(applies(child, extra) for extra in [""] + sorted(seen | extras)):
                queue.append((child, name))
    return {name: (version, parent) for name, (version, parent, _) in found.items()}


def unlocked_packages(tree, pins):
    """Lines for each package of the tree that the lock does not pin or that is installed at
    another version than the pinned one."""
    problems = []
    for name, (version, parent) in sorted(tree.items()):
        if name not in pins:
            problems.append(f"{name} (needed by {parent}) is not pinned in {LOCK}: {RELOCK}")
        elif version is None:
            problems.append(f"{name} (needed by {parent}) is not installed: {REINSTALL}")
        elif version != pins[name]:
            problems.append(f"{name} {version} is installed, {LOCK} pins {pins[name]}: {REINSTALL}")
    return problems


# ---------------------------------------------------------------------------- the tests

def test_every_dependency_of_pyproject_is_pinned():
    pins = read_lock((ROOT / LOCK).read_text())
    problems = missing_pins(declared_requirements(project()), pins)
    assert not problems, "\n  ".join(["the lock is behind pyproject.toml:"] + problems)
    assert {"numpy", "numba", "nbgrader", "jupyterhub", "jupyterlab", "jupyter-server",
            "ipykernel", "jupyter-book", "pytest", "keras"} <= set(pins)


def test_this_environment_is_the_locked_one():
    pins = read_lock((ROOT / LOCK).read_text())
    roots = [requirement for _, requirement in declared_requirements(project())]
    tree = installed_tree(roots)
    problems = unlocked_packages(tree, pins)
    assert not problems, "\n  ".join(["this environment is not the locked one:"] + problems)
    assert len(tree) > 100  # the extras pull in Jupyter, Sphinx, Keras and JAX


def test_make_setup_and_environment_yml_install_every_extra_within_the_pins():
    extras = sorted(project()["optional-dependencies"])
    command = makefile_install_line()
    assert "-c $(LOCK)" in command or f"-c {LOCK}" in command, command
    assert editable_extras(command) == extras, "the Makefile's install misses an extra"

    entries = conda_entries((ROOT / "environment.yml").read_text())
    pip_section = [item for item, from_pip in entries if from_pip]
    assert pip_section[0] == f"-c {LOCK}", "environment.yml installs without the pins"
    assert len(pip_section) == 2 and editable_extras(pip_section[1]) == extras
    # Everything else comes from pip and the lock; conda brings only Python, Node.js and pip.
    conda_side = [item for item, from_pip in entries if not from_pip]
    assert [re.match(r"[a-z]+", item).group(0) for item in conda_side] == ["python", "nodejs", "pip"]


def test_environment_yml_python_is_the_oldest_the_project_supports():
    requires = SpecifierSet(project()["requires-python"])
    entries = conda_entries((ROOT / "environment.yml").read_text())
    python = next(item for item, _ in entries if item.startswith("python="))
    assert python == "python=3.11"
    assert Version("3.11") in requires and Version("3.10") not in requires
    assert sys.version_info >= (3, 11)


def test_missing_pins_name_the_package_and_the_command():
    declared = declared_requirements({
        "dependencies": ["numpy>=1.26", "h5py", "colorama; sys_platform == 'no-such-os'"],
        "optional-dependencies": {"dev": ["keras>=3"]},
    })
    pins = {"numpy": Version("2.4.6"), "keras": Version("2.15.0")}
    assert missing_pins(declared, pins) == [
        f"h5py is in pyproject.toml (dependencies) but not in {LOCK}: {RELOCK}",
        f"{LOCK} pins keras==2.15.0, which pyproject.toml (the [dev] extra) does not accept "
        f"('>=3'): {RELOCK}",
    ]
    assert RELOCK == "run `make lock` and commit constraints.txt"


def test_unlocked_packages_name_the_package_and_the_command():
    tree = {"h5py": (Version("3.16.0"), "kerasedu"), "numpy": (Version("2.4.5"), "kerasedu"),
            "scipy": (None, "jax"), "numba": (Version("0.68.1"), "kerasedu")}
    pins = {"numpy": Version("2.4.6"), "scipy": Version("1.17.1"), "numba": Version("0.68.1")}
    assert unlocked_packages(tree, pins) == [
        f"h5py (needed by kerasedu) is not pinned in {LOCK}: {RELOCK}",
        f"numpy 2.4.5 is installed, {LOCK} pins 2.4.6: {REINSTALL}",
        f"scipy (needed by jax) is not installed: {REINSTALL}",
    ]


def test_the_lock_reader_keeps_pins_for_this_python_only():
    text = (
        "# a comment\n"
        "numpy==2.4.6\n"
        "    # via kerasedu\n"
        "colorama==0.4.6 ; sys_platform == 'no-such-os'\n"
        "Jupyter_Server==2.21.1\n"
    )
    assert read_lock(text) == {"numpy": Version("2.4.6"), "jupyter-server": Version("2.21.1")}


def test_the_line_parser_reads_conda_and_pip_sections():
    text = (
        "name: demo\n"
        "channels:\n"
        "  - conda-forge\n"
        "dependencies:\n"
        "  # a comment line\n"
        "  - python=3.11\n"
        "  - numpy>=1.26  # trailing comment\n"
        "  - pip\n"
        "  - pip:\n"
        "      - -c constraints.txt\n"
        "      - -e .[book,dev]\n"
        "  - zlib\n"
        "variables:\n"
        "  - not-a-package\n"
    )
    assert conda_entries(text) == [
        ("python=3.11", False),
        ("numpy>=1.26", False),
        ("pip", False),
        ("-c constraints.txt", True),
        ("-e .[book,dev]", True),
        ("zlib", False),
    ]
    assert editable_extras("-e .[book,dev]") == ["book", "dev"]
    assert editable_extras("pip install -c $(LOCK) -e '.[dev, book]'") == ["book", "dev"]

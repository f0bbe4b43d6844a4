"""pyproject.toml (for pip) and environment.yml (for conda) must list the same packages.

Both files describe one environment: the package's dependencies plus its extras. When a
dependency is added to one and forgotten in the other, conda users get an environment in
which some chapter or test fails. This test names what is missing from which file.

environment.yml is read with a small line parser rather than PyYAML, so this test needs
nothing beyond the standard library and ``packaging`` (which pytest itself depends on).
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent

# Entries of environment.yml that are the tools of the environment itself, not packages
# that pyproject.toml could list.
CONDA_ONLY = {"python", "pip"}


def normalize(name):
    """The canonical form of a package name: lower case, runs of -, _ and . become -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements(text):
    """{name: SpecifierSet} for the dependencies and every extra in pyproject.toml."""
    project = tomllib.loads(text)["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    requirements = {}
    for line in lines:
        req = Requirement(line)
        requirements[normalize(req.name)] = req.specifier
    return requirements


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


def conda_specifier(spec):
    """A conda version spec as a SpecifierSet: ``=3.11`` means any 3.11.x release."""
    spec = spec.replace(" ", "")
    if re.fullmatch(r"=[^=<>!~,]+", spec):
        return SpecifierSet(f"=={spec[1:]}.*")
    return SpecifierSet(spec)


def environment_requirements(text):
    """{name: SpecifierSet} for every package in environment.yml, python and pip included.

    Editable installs in the pip section (``-e .``) install kerasedu itself and are not
    listed.
    """
    requirements = {}
    for item, from_pip in conda_entries(text):
        if item.startswith("-e ") or item.startswith("--"):
            continue
        if from_pip:
            req = Requirement(item)
            requirements[normalize(req.name)] = req.specifier
        else:
            match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", item)
            assert match, f"cannot read the environment.yml entry {item!r}"
            name, spec = match.groups()
            requirements[normalize(name)] = conda_specifier(spec)
    return requirements


def differences(pip_side, conda_side):
    """Lines describing how the two package sets disagree; empty when they agree."""
    problems = []
    for name in sorted(set(pip_side) - set(conda_side)):
        problems.append(f"{name}{pip_side[name]} is in pyproject.toml but missing from environment.yml")
    for name in sorted(set(conda_side) - set(pip_side)):
        problems.append(f"{name}{conda_side[name]} is in environment.yml but missing from pyproject.toml")
    for name in sorted(set(pip_side) & set(conda_side)):
        if pip_side[name] != conda_side[name]:
            problems.append(
                f"{name}: pyproject.toml asks for '{pip_side[name]}', "
                f"environment.yml for '{conda_side[name]}'"
            )
    return problems


def read_both():
    pip_side = pyproject_requirements((ROOT / "pyproject.toml").read_text())
    conda_side = environment_requirements((ROOT / "environment.yml").read_text())
    return pip_side, conda_side


def test_pyproject_and_environment_list_the_same_packages():
    pip_side, conda_side = read_both()
    conda_packages = {name: spec for name, spec in conda_side.items() if name not in CONDA_ONLY}
    problems = differences(pip_side, conda_packages)
    assert not problems, "pyproject.toml and environment.yml disagree:\n  " + "\n  ".join(problems)
    assert {"numpy", "numba", "jupyter-book", "nbgrader", "pytest", "keras"} <= set(pip_side)


def test_environment_python_satisfies_requires_python():
    requires = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    _, conda_side = read_both()
    assert "python" in conda_side, "environment.yml should pin a python version"
    pinned = conda_side["python"]
    assert pinned == SpecifierSet("==3.11.*")
    assert Version("3.11.0") in requires, f"requires-python {requires} excludes the Python environment.yml installs"


def test_environment_installs_kerasedu_itself():
    entries = conda_entries((ROOT / "environment.yml").read_text())
    assert ("-e .", True) in entries


def test_differences_names_what_is_missing_from_which_file():
    pip_side = {"numpy": SpecifierSet(">=1.26"), "numba": SpecifierSet(), "jax": SpecifierSet()}
    conda_side = {"numpy": SpecifierSet(">=1.25"), "numba": SpecifierSet(), "keras": SpecifierSet()}
    assert differences(pip_side, conda_side) == [
        "jax is in pyproject.toml but missing from environment.yml",
        "keras is in environment.yml but missing from pyproject.toml",
        "numpy: pyproject.toml asks for '>=1.26', environment.yml for '>=1.25'",
    ]
    assert differences(pip_side, dict(pip_side)) == []


def test_names_compare_without_case_or_separator_differences():
    pip_side = pyproject_requirements(
        '[project]\ndependencies = ["Jupyter_Book<2"]\n'
        '[project.optional-dependencies]\ndev = ["ipykernel"]\n'
    )
    conda_side = environment_requirements("dependencies:\n  - jupyter-book <2\n  - IPyKernel\n")
    assert pip_side == {"jupyter-book": SpecifierSet("<2"), "ipykernel": SpecifierSet()}
    assert differences(pip_side, conda_side) == []


def test_line_parser_reads_conda_and_pip_sections():
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
        "      - -e .\n"
        "      - some_pip_only-pkg==1.0\n"
        "  - zlib\n"
        "variables:\n"
        "  - not-a-package\n"
    )
    assert conda_entries(text) == [
        ("python=3.11", False),
        ("numpy>=1.26", False),
        ("pip", False),
        ("-e .", True),
        ("some_pip_only-pkg==1.0", True),
        ("zlib", False),
    ]
    assert environment_requirements(text) == {
        "python": SpecifierSet("==3.11.*"),
        "numpy": SpecifierSet(">=1.26"),
        "pip": SpecifierSet(),
        "some-pip-only-pkg": SpecifierSet("==1.0"),
        "zlib": SpecifierSet(),
    }

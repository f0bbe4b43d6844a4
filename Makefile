# Every target runs through one virtual environment, .venv, made on first use.
#
#   make book       build the Jupyter Book into book/_build/html (runs every notebook)
#   make test       run the test suite; pass options with PYTEST_ARGS="-k dense -x"
#   make lab        open JupyterLab on the chapters; options in LAB_ARGS="--no-browser"
#   make exercises  regenerate the student notebooks exercises/ from solutions/ (nbgrader)
#   make grade      autograde everything under submitted/ in parallel, each student in a
#                   sandbox, write feedback and grades.csv; options in GRADE_ARGS="--jobs 4
#                   ps01_layers" (python -m classroom.grade --help lists them)
#   make bench      run every benchmarks/bench_*.py
#   make warmup     compile and cache the numba kernels once, ahead of a class
#   make clean      remove build outputs, caches and .venv

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Run a command with .venv/bin first on PATH, so that the programs it starts in turn
# (nbgrader runs alembic, notebooks start kernels, JupyterLab opens terminals) are the
# ones installed in .venv.
IN_VENV := PATH="$(CURDIR)/$(BIN):$$PATH"
BOOK_OUT ?= book
PYTEST_ARGS ?=
LAB_ARGS ?=
GRADE_ARGS ?=
# JupyterHub's proxy (an npm package) for a class on one server and the classroom tests.
PROXY := classroom/node_modules/.bin/configurable-http-proxy
# Debian's Chromium, for the test that opens the built book in a browser.
CHROMIUM := /usr/bin/chromium
# Debian's bubblewrap, the sandbox each student's kernel runs in while make grade grades it.
BWRAP := /usr/bin/bwrap

SOLUTIONS := $(patsubst solutions/%/,%,$(wildcard solutions/*/))
BENCHMARKS := $(wildcard benchmarks/bench_*.py)

.PHONY: setup book lab test exercises grade bench warmup clean

setup: $(STAMP) $(PROXY) $(CHROMIUM) $(BWRAP)

# Reinstall only when the dependencies in pyproject.toml change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e '.[book,dev,classroom]'
	touch $@

# npm installs the version pinned in classroom/package-lock.json into classroom/node_modules.
# Without npm, the JupyterHub tests are skipped (and fail in CI).
$(PROXY): classroom/package.json classroom/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix classroom --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: JupyterHub's proxy is not installed, its tests will be skipped"; \
	fi

# The file is the stamp: this runs only while /usr/bin/chromium is missing. As root (CI),
# apt-get installs it; otherwise it says how, and the browser test is skipped (fails in CI).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "chromium not found: 'sudo apt-get install chromium' to run the browser test"; \
	fi

# Like Chromium: apt-get as root (CI), otherwise how to. Without it make grade still grades,
# unsandboxed, and says so; the sandbox tests are skipped (and fail in CI).
$(BWRAP):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; \
	else \
		echo "bubblewrap not found: 'sudo apt-get install bubblewrap' to grade in a sandbox"; \
	fi

# The book is built from the repository root, so it reads chapters/ and exercises/ in
# place; only the files listed in book/_toc.yml are built. -W turns any warning into an
# error, and a notebook cell that raises fails the build.
book: $(STAMP)
	$(IN_VENV) $(BIN)/jupyter-book build . --config book/_config.yml --toc book/_toc.yml \
		--path-output $(BOOK_OUT) -W
	@echo "Open $(BOOK_OUT)/_build/html/index.html in a browser."

# Extra JupyterLab options go in LAB_ARGS, e.g. LAB_ARGS="--no-browser --port=8890".
lab: $(STAMP)
	$(IN_VENV) $(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/chapters $(LAB_ARGS)

test: $(STAMP) $(PROXY) $(CHROMIUM) $(BWRAP)
	$(IN_VENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# nbgrader reads solutions/<ps>/ and writes exercises/<ps>/ (see nbgrader_config.py).
exercises: $(STAMP)
	@for ps in $(SOLUTIONS); do \
		echo "generate_assignment $$ps"; \
		$(IN_VENV) $(BIN)/nbgrader generate_assignment $$ps --force || exit 1; \
	done

# Submissions live in submitted/<student>/<ps>/<ps>.ipynb. classroom/grade.py compiles
# kerasedu's kernels first, then grades one worker per core, each student's kernel in a
# bubblewrap sandbox, each notebook with nbgrader's per-cell time limit and each student with a
# limit of their own, then writes feedback and grades.csv and a summary of who needs a look; it
# exits non-zero when a student could not be graded, after grading everyone else.
grade: $(STAMP) $(BWRAP)
	$(IN_VENV) $(BIN)/python -m classroom.grade $(GRADE_ARGS)

bench: $(STAMP)
	@for f in $(BENCHMARKS); do \
		echo "== $$f"; \
		$(IN_VENV) $(BIN)/python $$f || exit 1; \
	done

warmup: $(STAMP)
	$(IN_VENV) $(BIN)/python -m kerasedu warmup

clean:
	rm -rf $(BOOK_OUT)/_build .pytest_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -exec rm -rf {} +
	rm -rf $(VENV) classroom/node_modules

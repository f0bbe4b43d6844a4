# Every target runs through one virtual environment, .venv, made on first use.
#
#   make book       build the Jupyter Book into book/_build/html (runs every notebook), the
#                   English edition there and the Chinese one in book/_build/html/zh (make
#                   book-en and make book-zh build one edition)
#   make test       run the test suite; pass options with PYTEST_ARGS="-k dense -x"
#   make lab        open JupyterLab on the chapters; options in LAB_ARGS="--no-browser"
#   make lock       pin what pyproject.toml asks for in constraints.txt, keeping today's pins
#   make upgrade    pin the newest versions that fit in constraints.txt, and reinstall .venv
#   make exercises  regenerate the student notebooks exercises/ from solutions/ (nbgrader)
#   make grade      autograde everything under submitted/ in parallel, each student in a
#                   sandbox, write feedback and grades.csv; options in GRADE_ARGS="--jobs 4
#                   ps01_layers" (python -m classroom.grade --help lists them)
#   make bench      run every benchmarks/bench_*.py
#   make warmup     compile and cache the numba kernels (setup does it once)
#   make classroom  as root: install for a class on JupyterHub into /opt/kerasedu (no
#                   solutions, no test tools), then check it; options in CLASSROOM_ARGS
#   make classroom-check  as root: report anything on the class's server a student could
#                   read or change that they must not
#   make classroom-rehearsal  as root: the whole nbgrader cycle on a scratch hub from that
#                   install, with test students, before the first class
#   make clean      remove build outputs, caches and .venv

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Run a command with .venv/bin first on PATH, so that the programs it starts in turn
# (nbgrader runs alembic, notebooks start kernels, JupyterLab opens terminals) are the
# ones installed in .venv.
IN_VENV := PATH="$(CURDIR)/$(BIN):$$PATH"
# One set of versions for every student, the grader and CI: pip installs .venv from
# pyproject.toml within the pins of constraints.txt, which `make lock` and `make upgrade`
# write with uv (installed into .venv from the same pins).
LOCK := constraints.txt
UV := $(BIN)/uv
BOOK_OUT ?= book
PYTEST_ARGS ?=
PYTEST_WORKERS ?= -n logical --dist loadscope --no-loadscope-reorder
# The slowest tests are listed at the end of every run, so a growing suite shows where.
PYTEST_REPORT ?= --durations=40
LAB_ARGS ?=
GRADE_ARGS ?=
# JupyterHub's proxy (an npm package) for a class on one server and the classroom tests.
PROXY := classroom/node_modules/.bin/configurable-http-proxy
# What the rendered book serves from its own files (MathJax, a font for Chinese text): npm
# packages pinned in book/package-lock.json.
BOOK_ASSETS := book/node_modules/.installed
# The same font, narrowed to Chinese text, for JupyterLab to serve (`make lab`, the tests).
LAB_FONT := classroom/jupyter/custom/fonts/noto-sans-sc/400.css
# Debian's Chromium, for the tests that open the built book and JupyterLab in a browser.
CHROMIUM := /usr/bin/chromium
# Debian's bubblewrap, the sandbox each student's kernel runs in while make grade grades it.
BWRAP := /usr/bin/bwrap
# JupyterLab refuses to start as root unless told that it is meant (containers, classroom
# images); as any other user it starts as usual.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

SOLUTIONS := $(patsubst solutions/%/,%,$(wildcard solutions/*/))
BENCHMARKS := $(wildcard benchmarks/bench_*.py)

.PHONY: setup book book-en book-zh lab lock upgrade test exercises grade bench warmup classroom \
	classroom-check classroom-rehearsal clean

setup: $(STAMP) $(PROXY) $(BOOK_ASSETS) $(LAB_FONT) $(CHROMIUM) $(BWRAP)

# Reinstall only when the dependencies in pyproject.toml or their pins change.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -c $(LOCK) -e '.[book,dev,classroom]'
	$(BIN)/python -m kerasedu warmup
	touch $@

# constraints.txt pins every package that pyproject.toml's dependencies and extras need, on
# Python 3.11 and newer, on Linux, macOS and Windows. `make lock` adds what is missing and drops
# what is no longer needed, keeping every other pin; `make upgrade` moves every pin to the
# newest version that fits, then reinstalls .venv. Commit constraints.txt afterwards.
# (tests/test_environment_sync.py fails, naming the command, when the pins fall behind.)
UV_COMPILE = $(UV) pip compile pyproject.toml --all-extras --universal --fork-strategy fewest \
	--custom-compile-command "make lock" --output-file $(LOCK)

lock: $(UV)
	$(UV_COMPILE)

upgrade: $(UV)
	$(UV_COMPILE) --upgrade
	$(MAKE) setup

$(UV):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -c $(LOCK) uv

# npm installs the version pinned in classroom/package-lock.json into classroom/node_modules.
# Without npm, the JupyterHub tests are skipped (and fail in CI).
$(PROXY): classroom/package.json classroom/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix classroom --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: JupyterHub's proxy is not installed, its tests will be skipped"; \
	fi

# npm installs MathJax and Noto Sans SC at the versions pinned in book/package-lock.json; the
# book's build copies them into its HTML (book/_ext/offline_assets.py) and fails without them.
$(BOOK_ASSETS): book/package.json book/package-lock.json
	@command -v npm >/dev/null || { \
		echo "npm not found: the book serves MathJax and its fonts from npm packages;" \
			"install Node.js and npm (see README.md)"; exit 1; }
	npm ci --prefix book --no-audit --no-fund
	touch $@

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
# error, and a notebook cell that raises fails the build. `make book` builds both editions:
# the English one into $(BOOK_OUT)/_build/html, then the Chinese one (book/_config_zh.yml,
# book/_toc_zh.yml: zh/, exercises/*_zh) into $(BOOK_OUT)/_build/html/zh, where the language
# switch on every page expects it. Each edition keeps its own Sphinx cache under _build.
BOOK_BUILD = $(IN_VENV) $(BIN)/jupyter-book build . -W
BOOK_HTML := $(BOOK_OUT)/_build/html
BOOK_ZH := $(BOOK_OUT)/_build/zh

book: book-en book-zh
	@echo "Open $(BOOK_HTML)/index.html (English) or $(BOOK_HTML)/zh/index.html (中文) in a browser."

book-en: $(STAMP) $(BOOK_ASSETS)
	$(BOOK_BUILD) --config book/_config.yml --toc book/_toc.yml --path-output $(BOOK_OUT)

book-zh: $(STAMP) $(BOOK_ASSETS)
	$(BOOK_BUILD) --config book/_config_zh.yml --toc book/_toc_zh.yml --path-output $(BOOK_ZH)
	rm -rf $(BOOK_HTML)/zh
	mkdir -p $(BOOK_HTML)
	cp -R $(BOOK_ZH)/_build/html $(BOOK_HTML)/zh

# Extra JupyterLab options go in LAB_ARGS, e.g. LAB_ARGS="--no-browser --port=8890".
# JupyterLab draws Chinese text with Noto Sans SC, which the server serves from
# classroom/jupyter/custom (classroom/jupyter/chinese_font.py); the settings folder
# classroom/jupyter/lab turns that on, read after the user's own settings.
lab: $(STAMP) $(LAB_FONT)
	$(IN_VENV) JUPYTER_CONFIG_PATH="$(CURDIR)/classroom/jupyter/lab$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
		$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/chapters \
		$(ALLOW_ROOT) $(LAB_ARGS)

$(LAB_FONT): $(STAMP) $(BOOK_ASSETS) book/_ext/offline_assets.py
	$(BIN)/python book/_ext/offline_assets.py $(dir $@)

# The suite runs on every core, in groups that tests/conftest.py names (pytest-xdist);
# PYTEST_WORKERS= runs it in one process.
test: $(STAMP) $(PROXY) $(BOOK_ASSETS) $(LAB_FONT) $(CHROMIUM) $(BWRAP)
	$(IN_VENV) $(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_REPORT) $(PYTEST_ARGS)

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

# A class's server (book/instructor_guide.md, "A class on JupyterHub"). classroom/install.py
# builds /opt/kerasedu from this clone on a Python every user can run, warms the kernel cache
# and sets every mode; classroom/audit.py checks the install, the hub's state, the users'
# homes and nbgrader's exchange. Both run on the system's Python, not .venv, as root, e.g.
# CLASSROOM_ARGS="--prefix /opt/kerasedu --python /usr/bin/python3".
CLASSROOM_ARGS ?=
classroom:
	$(PYTHON) -m classroom.install $(CLASSROOM_ARGS)

classroom-check:
	$(PYTHON) -m classroom.audit $(CLASSROOM_ARGS)

# The whole cycle on a scratch hub run from the installed /opt/kerasedu, with throwaway
# accounts (tests/classroom/test_classroom_hub.py).
CLASSROOM_PREFIX ?= /opt/kerasedu
classroom-rehearsal: $(STAMP) $(PROXY)
	KERASEDU_CLASSROOM_PREFIX=$(CLASSROOM_PREFIX) $(IN_VENV) $(BIN)/python -m pytest \
		tests/classroom/test_classroom_hub.py -p no:cacheprovider

clean:
	rm -rf $(BOOK_OUT)/_build .pytest_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -exec rm -rf {} +
	rm -rf $(VENV) classroom/node_modules book/node_modules classroom/jupyter/custom/fonts

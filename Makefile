# Two commands do everything (see README.md):
#   make lab    create the environment if needed and open the course in JupyterLab
#   make test   create the environment if needed and run every test
#   make site   the course as a static website in site/ (every explorer live, no Python)
# Another Python:  make test PYTHON=python3.12   (tested: 3.10, 3.11, 3.12, 3.13)
SHELL   = /bin/bash
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# matplotlib's font cache lives in the environment, not in ~/.cache/matplotlib, which every
# Python on the machine shares: a cache written while another environment's matplotlib was
# half installed (or since deleted) lists no math fonts, and every figure then warns
# "findfont: Font family ... not found" into the notebooks' outputs.
export MPLCONFIGDIR = $(abspath $(VENV))/matplotlib
COMMA   = ,

# The tested versions of every package, one lock per Python (requirements/, `make lock`).
# The notebooks' committed outputs are made with Python 3.11 and its lock.
PYVER  := $(shell $(PYTHON) -c "import sys; print('%d.%d' % sys.version_info[:2])" 2>/dev/null)
LOCK   ?= $(wildcard requirements/lock-py$(PYVER).txt)
# rebuild the environment when .venv holds another Python than $(PYTHON)
VENVVER := $(shell $(BIN)/python -c "import sys; print('%d.%d' % sys.version_info[:2])" 2>/dev/null)

.PHONY: lab test check test-latest env lock notebooks translations site bench bench-smoke bench-latency clean FORCE

env: $(STAMP)

# Each step that can fail says why in one line (the last line of the output), removes
# the half-made environment, and leaves no stamp: the next `make` starts again.
$(STAMP): pyproject.toml $(LOCK) $(if $(filter $(PYVER),$(VENVVER)),,FORCE)
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info < (3, 10))" 2>/dev/null || { \
	  echo "make: $(if $(PYVER),'$(PYTHON)' is Python $(PYVER)$(COMMA) too old,cannot run '$(PYTHON)'): the course needs Python 3.10 to 3.13; install one and run e.g. 'make $(or $(MAKECMDGOALS),test) PYTHON=python3.12'" >&2; exit 1; }
	@$(if $(or $(LOCK),$(LATEST)),,echo "make: warning: no lock for Python $(PYVER) (tested: 3.10 to 3.13): installing the newest releases, untested; if something fails use a tested Python, e.g. 'make $(or $(MAKECMDGOALS),test) PYTHON=python3.13'" >&2)
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make: Python $(PYVER) cannot create a virtual environment (its venv/ensurepip module is missing): on Debian/Ubuntu run 'sudo apt install python3-venv' (or python$(PYVER)-venv), then make again" >&2; exit 1; }
	@set -o pipefail; $(BIN)/python -m pip install $(if $(LOCK),-c $(LOCK)) -e ".[test]" 2>&1 | tee $(VENV).pip.log || { \
	  if grep -qiE "NewConnectionError|Failed to establish|Network is unreachable|name resolution|Max retries|ProxyError|SSLError|ConnectTimeout|timed out" $(VENV).pip.log; then \
	    echo "make: pip could not download the packages (no network, or the package index is unreachable): connect to the internet (or set HTTPS_PROXY / PIP_INDEX_URL), then make again" >&2; \
	  else echo "make: pip could not install the packages (see its message above); nothing was kept, fix that and make again" >&2; fi; \
	  rm -rf $(VENV) $(VENV).pip.log; exit 1; }
	@rm -f $(VENV).pip.log
	@echo "$(PYTHON) (Python $(PYVER)), $(or $(LOCK),newest releases)" > $(STAMP)

FORCE:

# (JupyterLab refuses to run as root, e.g. in a container, without --allow-root)
ROOT_FLAG = $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

lab: $(STAMP)
	$(BIN)/python -m jupyter lab notebooks/ $(ROOT_FLAG)

# `make test` and `make check` run the test files on JOBS processes at once (pytest-xdist;
# each file's tests stay together, in their order, on one process). The slow tiers mostly
# wait for a browser or a kernel, so two halve the time even on a 2-core machine. JOBS=1
# runs them in one process, as plain `python -m pytest` does (and shows print output, -s).
JOBS  ?= 2
XDIST  = $(if $(filter-out 0 1,$(JOBS)),-n $(JOBS) --dist loadfile)

test: $(STAMP)
	$(BIN)/python -m pytest $(XDIST)

# The fast tier: unit, property, parity-of-editions and translation tests; no notebook is
# executed and no browser is started (a few minutes). `make test` runs it too, with the slow
# tiers: pick one with e.g. `.venv/bin/python -m pytest -m browser` (notebooks, blas, browser).
check: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) tests -m "not (notebooks or blas or browser)"

# The same tests against the newest releases of everything (not the lock), in their own
# environment .venv-latest, upgraded at each run: a new numpy or matplotlib that changes
# a printed number or breaks the course shows up here before students meet it.
test-latest:
	$(MAKE) env VENV=.venv-latest LOCK= LATEST=1
	.venv-latest/bin/python -m pip install --upgrade --upgrade-strategy eager -e ".[test]"
	@echo "make test-latest: newest releases that differ from the lock $(or $(wildcard requirements/lock-py$(PYVER).txt),(none)):"
	@.venv-latest/bin/python -m pip freeze --exclude-editable | tr 'A-Z_' 'a-z-' | sort > .venv-latest/versions.txt
	@grep -hoE "^[A-Za-z0-9._-]+==[^ ;]+" requirements/lock-py$(PYVER).txt 2>/dev/null | tr 'A-Z_' 'a-z-' | sort | comm -23 .venv-latest/versions.txt - | sed 's/^/    /' || true
	.venv-latest/bin/python -m pytest $(XDIST)

# Re-resolve the locks to the newest releases, one per supported Python, with uv (in its
# own small environment .venv-lock). Then: `make notebooks` (Python 3.11), `make test`
# with each Python, and commit requirements/ with the notebooks.
LOCK_PYTHONS = 3.10 3.11 3.12 3.13
UV_VERSION  ?= 0.13.9

lock:
	test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/python -m pip install "uv==$(UV_VERSION)"; }
	@mkdir -p requirements
	for v in $(LOCK_PYTHONS); do \
	  .venv-lock/bin/uv pip compile pyproject.toml --extra test --universal --python-version $$v \
	    --upgrade -o requirements/lock-py$$v.txt || exit 1; done

# The Spanish catalogue of gdlib's messages (gdlib/i18n.py): extract every _("…") from the
# code, and the exercises' texts/*.json (gdlib.i18n.extract_texts), into gdlib/locale/gdlib.pot, merge it into es/LC_MESSAGES/gdlib.po (translate what
# is new there; tests/test_i18n.py fails until it is done), and compile gdlib.mo.
POT = gdlib/locale/gdlib.pot
translations: $(STAMP)
	@mkdir -p gdlib/locale
	$(BIN)/pybabel extract -F babel.cfg --add-location=file --sort-by-file --no-wrap \
	  --project gdlib --version 0.1.0 -c TRANSLATORS: -o $(POT) gdlib
	@if [ -f gdlib/locale/es/LC_MESSAGES/gdlib.po ]; then \
	  $(BIN)/pybabel update -i $(POT) -d gdlib/locale -D gdlib -l es --no-wrap --no-fuzzy-matching --ignore-obsolete; \
	else $(BIN)/pybabel init -i $(POT) -d gdlib/locale -D gdlib -l es --no-wrap; fi
	$(BIN)/pybabel compile -d gdlib/locale -D gdlib --statistics

# Re-execute every notebook from a fresh kernel, in place, so the committed
# outputs match the code (CI fails when they are stale).
notebooks: $(STAMP)
	$(BIN)/python tests/refresh_notebooks.py

# The course as a static website (site_build/, README "The course as a website"): every
# notebook of both editions run once with its widget state, converted by nbconvert, with its
# explorers live in the browser and no kernel; the front-end files come from npm (pinned in
# site_build/package-lock.json, installed by `npm ci` into site_build/node_modules once).
# Publish the folder site/ as it is (GitHub Pages, any web server, or open site/index.html).
SITE ?= site

site: $(STAMP)
	$(BIN)/python -m site_build --out $(SITE)

# Benchmarks (not tests: they print ratios; docs/benchmarks.md). The peers are the
# optional `bench` extra (PyTorch, scikit-learn); the script says which ones it skipped.
# PyTorch must be the CPU build: PyPI's Linux wheel of torch is the CUDA one, with GBs
# of nvidia packages. So torch is installed first, on its own and pinned to a +cpu
# version, from PyTorch's CPU index (or a local wheel that pip's --find-links /
# PIP_FIND_LINKS offers); the extra then finds it installed and adds torch's own
# dependencies and scikit-learn from PyPI. Without the CPU build, only scikit-learn.
#   make bench BENCH_ARGS="--record docs/benchmarks.md"   also writes the results there
TORCH       ?= torch==2.13.0+cpu
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
BENCH_ARGS  ?=

bench: $(STAMP)
	$(BIN)/python -m pip install --no-deps --extra-index-url $(TORCH_INDEX) "$(TORCH)" \
	  && $(BIN)/python -m pip install -e ".[bench]" \
	  || $(BIN)/python -m pip install "scikit-learn>=1.3" \
	  || echo "make bench: the peers could not be installed; the benchmarks skip them"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# End to end in JupyterLab + Chromium, measured in the page: every slider of every
# notebook (key press → new pixels, where the time goes, fast drags), ~10 minutes.
# Run it on a quiet machine (load average < 1): it writes docs/benchmarks.md's browser block.
bench-latency: $(STAMP)
	uptime
	$(BIN)/python benchmarks/run.py --only browser --record docs/benchmarks.md

bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick

clean:
	rm -rf $(VENV) .venv-latest .venv-lock artifacts .hypothesis site site_build/node_modules build gdlib.egg-info

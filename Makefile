# Two commands do everything (see README.md):
#   make lab    create the environment if needed and open the course in JupyterLab
#   make test   create the environment if needed and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: lab test env notebooks bench bench-smoke bench-latency clean

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c "import sys; sys.exit('Python >= 3.10 is needed, found ' + sys.version.split()[0]) if sys.version_info < (3, 10) else None"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	touch $(STAMP)

# (JupyterLab refuses to run as root, e.g. in a container, without --allow-root)
ROOT_FLAG = $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

lab: $(STAMP)
	$(BIN)/python -m jupyter lab notebooks/ $(ROOT_FLAG)

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-execute every notebook from a fresh kernel, in place, so the committed
# outputs match the code (CI fails when they are stale).
notebooks: $(STAMP)
	$(BIN)/python tests/refresh_notebooks.py

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
	rm -rf $(VENV) artifacts .hypothesis

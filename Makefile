# Two commands do everything (see README.md):
#   make lab    create the environment if needed and open the course in JupyterLab
#   make test   create the environment if needed and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: lab test env notebooks bench bench-smoke clean

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c "import sys; sys.exit('Python >= 3.10 is needed, found ' + sys.version.split()[0]) if sys.version_info < (3, 10) else None"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/python -m jupyter lab notebooks/

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-execute every notebook from a fresh kernel, in place, so the committed
# outputs match the code (CI fails when they are stale).
notebooks: $(STAMP)
	$(BIN)/python tests/refresh_notebooks.py

# Benchmarks (not tests: they print ratios). The peers (PyTorch CPU, scikit-learn)
# are optional; the script says which ones it skipped.
bench: $(STAMP)
	-$(BIN)/python -m pip install -e ".[bench]"
	$(BIN)/python benchmarks/run.py

bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick

clean:
	rm -rf $(VENV) artifacts .hypothesis

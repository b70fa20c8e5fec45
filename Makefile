# Làng Số — the two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8080
DATA   ?= ./data

.PHONY: run test lint bench clean-venv

# Re-install when pyproject.toml changes; the stamp files record that it was done.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

## make run: set up, load the demo content on first start, serve the kiosk on http://127.0.0.1:8080
run: $(VENV)/.run-installed
	$(BIN)/python run_kiosk.py --host $(HOST) --port $(PORT) --data $(DATA)

## make test: set up with test tools, lint, then every test (unit, Flask client, real browser)
test: $(VENV)/.test-installed lint
	$(BIN)/python -m pytest -q

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

## make bench: the benchmarks (print figures; not part of `make test`); kiosk_load prints its
## ratio to bare Flask + waitress, pi_check the paint times under a 6× slower CPU
bench: $(VENV)/.test-installed
	$(BIN)/python bench/kiosk_load.py
	$(BIN)/python bench/pi_check.py
	$(BIN)/python bench/qr_bench.py
	$(BIN)/python bench/print_bench.py

clean-venv:
	rm -rf $(VENV)

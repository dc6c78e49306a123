# wijksim: `make run` installs and runs the default scenario; `make test` installs and runs the tests.
VENV := .venv
PY := $(VENV)/bin/python
SCENARIO ?= scenarios/baseline.yaml
OUT ?= results/baseline

.PHONY: run test install clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || { py=$$(scripts/find-python) && echo "creating $(VENV) with $$py" && $$py -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/wijksim run $(SCENARIO) --out $(OUT)

test: install
	scripts/install-browser
	$(PY) -m pytest -n 2 -q

clean:
	rm -rf $(VENV) results .pytest_cache

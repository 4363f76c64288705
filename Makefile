# The two set-up commands of the README. Each creates the virtual environment if it is missing.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test

$(BIN)/wutong: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Until the handbook site lands, "building the site" means checking every record it would show.
site: $(BIN)/wutong
	$(BIN)/wutong validate

test: $(BIN)/wutong
	$(BIN)/pytest -q

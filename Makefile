# The two set-up commands of the README. Each creates the virtual environment if it is missing.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test

$(BIN)/wutong: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Validates every record (errors stop it with the report), then builds the handbook into site/.
site: $(BIN)/wutong
	$(BIN)/wutong build

test: $(BIN)/wutong
	$(BIN)/pytest -q

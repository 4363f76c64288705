# The two set-up commands the README begins with. Each checks the system packages it needs (installing them
# as root with apt, or printing the command to run) and creates the virtual environment if missing.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test locale

$(BIN)/wutong: pyproject.toml
	@python3 -c 'import venv, ensurepip' 2>/dev/null || { \
	    echo "缺少 python3-venv：请先运行 sudo apt-get install -y python3-venv，然后再运行 make" >&2; exit 1; }
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,zensical]'
	touch $@

# Validates every record (errors stop it with the report), then builds the handbook into site/.
site: $(BIN)/wutong
	@sh scripts/system-packages.sh site
	$(BIN)/wutong build

test: $(BIN)/wutong
	@sh scripts/system-packages.sh test
	$(BIN)/pytest -q

# Compiles the Chinese translation of click's texts (design/cli-chinese.md); commit the .mo.
locale:
	msgfmt --check-format -o wutong_docs/locale/click.zh_CN.mo wutong_docs/locale/click.zh_CN.po

# GovDesk — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := src/govdesk/web/static/vendor
export GOVDESK_VAR_DIR ?= $(CURDIR)/var

.PHONY: install assets bytecode demo test lint check serve clean

install: $(STAMP) assets bytecode

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# govdesk's own modules compiled now (an editable install leaves them as source): the
# services cannot write __pycache__ under /opt/govdesk (ProtectSystem=strict), so each
# web worker, worker and command would otherwise compile them again at its start
# (about 0.4 s CPU). Unchanged files are skipped; a stale one is only recompiled in memory.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q -j 0 src/govdesk

# Front-end assets come from the npm registry and are served locally (no CDN).
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	touch $@

demo: install
	$(BIN)/govdesk migrate --no-input
	$(BIN)/govdesk load_demo --if-empty
	$(BIN)/govdesk collectstatic --no-input --verbosity 0
	# The embedded worker (alerts, indexing, reminders) runs beside the production web
	# server (gunicorn; GOVDESK_BIND, GOVDESK_WEB_WORKERS, GOVDESK_WEB_THREADS).
	$(BIN)/govdesk run_huey & pid=$$!; trap "kill $$pid" EXIT; $(BIN)/govdesk serve

test: install
	scripts/run-tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/govdesk check --fail-level WARNING
	$(BIN)/govdesk makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var

# Two commands do all their own set-up on a fresh machine with Python 3.11:
#   make run    start the app on the bundled sample data
#   make test   run the whole test suite (unit, AppTest and headless-browser tests)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT ?= 8501
# The suite on every core (pytest-xdist); a module that starts a server or generates data is kept on one worker
# (its xdist_group), so the shared fixture is made once. PYTEST_PARALLEL= runs it in one process.
PYTEST_PARALLEL ?= -n auto --maxprocesses 4 --dist loadgroup

.PHONY: run test chromium poppler postgresql sample screenshots

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/python -m ui.serve --server.port $(PORT) $(ARGS)

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The condensed brief's tests read its PDF with Debian's poppler-utils (pdfinfo, pdftotext, pdffonts, pdftoppm).
poppler:
	@command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

# The observation tests run against SQLite and a real PostgreSQL server (Debian's packages). The server is one
# for the whole run, started by tests/postgres.py around pytest with its data in a temporary directory, on a
# free port of 127.0.0.1, and stopped and removed afterwards whatever the tests did; each test gets a database
# of its own. REQUIRED makes a missing server fail the PostgreSQL tests instead of skipping them.
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

test: $(STAMP) chromium poppler postgresql
	OMAVALVONTA_TEST_POSTGRES_REQUIRED=1 $(VENV)/bin/python -m tests.postgres $(VENV)/bin/python -m pytest $(PYTEST_PARALLEL) $(ARGS)

# Regenerate the bundled sample data (deterministic).
sample: $(STAMP)
	$(VENV)/bin/python -m analytics sample --out data

# Screenshots of the pages in Finnish and English, to look at.
screenshots: $(STAMP) chromium
	$(VENV)/bin/python -m harness.screenshots artifacts/screenshots  # every page's example links (analytics/core/pages.py)

# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(PY) -m flask --app app

.PHONY: run test db lint format browser-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

# Create or migrate the SQLite database in instance/, and seed the demo province when empty.
db: $(VENV)/.installed-run
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty

run: db
	@echo "Mở http://127.0.0.1:5000 và đăng nhập bằng huyenxinman_thg_ld / 123456aA@"
	$(FLASK) run --host 127.0.0.1 --port 5000

# Browser tests drive Debian's chromium; install it when missing (never a browser download).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Cài chromium cho kiểm thử trình duyệt (apt-get install chromium)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: $(VENV)/.installed-dev db browser-deps lint
	$(PY) -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== Lần chạy thứ hai: PostgreSQL ($$TEST_DATABASE_URL) =="; \
	  THONGKE_TEST_BACKEND=postgres $(PY) -m pytest; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

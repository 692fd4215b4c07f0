# Бережливый портал — the two set-up commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
# Test processes (pytest-xdist): one per core. `--dist load` hands the tests out in
# pytest-django's order (tests in a transaction first, then the ones that flush the database,
# which also wipes the rows the data migrations seeded). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
STAMP := $(VENV)/.installed

.PHONY: run test test-redis e2e lint format prerequisites venv demo clean help

help:
	@echo "make run   — установить, подготовить базу SQLite с демо-данными и запустить портал на http://127.0.0.1:$(PORT)"
	@echo "make test  — установить и запустить все тесты (браузерные тоже, если есть Chromium)"
	@echo "make test-redis — матрица доступа и тесты страниц с кэшем Redis (REDIS_URL, по умолчанию база 15 на 127.0.0.1)"
	@echo "make e2e   — только браузерные тесты"
	@echo "make lint  — ruff: проверка стиля и форматирования"

prerequisites:
	@command -v $(PYTHON) >/dev/null || { echo "Не найден $(PYTHON). Нужен Python 3.11 или новее: apt-get install python3 python3-venv"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Нужен Python 3.11 или новее, а $(PYTHON) — $$($(PYTHON) --version)."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Нет модуля venv: apt-get install python3-venv"; exit 1; }
	@{ ldconfig -p 2>/dev/null | grep -q libpango-1.0; } || { echo "Для печати PDF (WeasyPrint) нужна библиотека Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; exit 1; }

$(STAMP): requirements.txt requirements-dev.txt
	@$(MAKE) --no-print-directory prerequisites
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

.env:
	printf 'DJANGO_DEBUG=1\nDJANGO_DEMO_DATA=1\n' > .env

demo: venv .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Портал: http://127.0.0.1:$(PORT)  (учётные записи: admin, economy, department, school, director, region, prom-economy, prom-staff, prom-school; пароль demo)"
	PORTAL_BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

# The access matrix and the page tests once more with Django's cache in Redis (sessions through
# it, the shared rate limit), as on several app servers; database 15 is emptied at the start.
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
REDIS_TESTS ?= lean_portal/tests/test_access_matrix.py lean_portal/tests/test_redis_cache.py \
	lean_portal/tests/test_sessions.py lean_portal/tests/test_no_forbidden_links.py \
	lean_portal/tests/test_query_counts.py projects/tests/test_views.py projects/tests/test_home.py \
	reporting/tests/test_views.py reporting/tests/test_project_page.py plan/tests/test_views.py \
	registries/tests/test_pages_smoke.py registries/tests/test_home.py scoring/tests/test_views.py

test-redis: venv
	REDIS_URL=$(REDIS_TEST_URL) $(BIN)/python -m pytest -m "not e2e" $(REDIS_TESTS) $(PYTEST_ARGS)

e2e: venv
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

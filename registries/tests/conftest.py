import datetime

import pytest
from django.core.cache import cache

from projects.models import Project


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_project():
    def make(organisation, **fields):
        fields.setdefault("title", "Сокращение времени приёма заявлений")
        fields.setdefault("state", Project.State.IN_PROGRESS)
        return Project.objects.create(organisation=organisation, **fields)

    return make


@pytest.fixture
def today():
    return datetime.date(2024, 6, 15)

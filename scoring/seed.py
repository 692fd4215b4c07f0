"""Version 1 of the rubric: the table of Приложение №2 to the regulation of decree No. 969.

Used by the data migration (with the historical model) and, when the table is empty
(a flushed test database, say), by ``RubricVersion.objects.current()``.
"""

from __future__ import annotations

import datetime

from scoring.rubric import DEFAULT_RUBRIC, rubric_to_data

VERSION_1 = {
    "number": 1,
    "title": "Порядок проведения оценки значимости бережливых проектов",
    "basis": (
        "Приложение №2 к Положению о реализации бережливого управления, утверждённому постановлением "
        "администрации Ленинск-Кузнецкого муниципального округа от 30.09.2022 № 969"
    ),
    "valid_from": datetime.date(2022, 9, 30),
}


def seed_version_1(model):
    """Create version 1 (current) unless it exists; ``model`` is RubricVersion or its historical twin."""
    version, _ = model.objects.get_or_create(
        number=VERSION_1["number"],
        defaults={**VERSION_1, "is_current": True, "data": rubric_to_data(DEFAULT_RUBRIC)},
    )
    return version

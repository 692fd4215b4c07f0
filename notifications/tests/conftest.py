import pytest


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = "https://lean.example.ru"


@pytest.fixture
def with_emails(department_user, colleague_user, school_user, director_user, economy_user, outsider_user):
    """Everyone has an address: the account's own, or (the colleague) the employee card's."""
    for user in (department_user, school_user, director_user, economy_user, outsider_user):
        user.email = f"{user.username}@example.ru"
        user.save(update_fields=["email"])
    colleague_user.employee.email = "colleague.card@example.ru"
    colleague_user.employee.save(update_fields=["email"])

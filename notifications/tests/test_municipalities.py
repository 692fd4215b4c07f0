"""The weekly digest per municipality: each organisation's deadlines follow its own municipality's rules;
the regional office (no municipality) gets no municipality's digest."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import DigestLog, Notification
from notifications.services import send_weekly_digest
from reporting.deadlines import Kind
from reporting.models import DeadlineRule

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 23)


def test_digest_per_municipality(unit, department_user, far_user, far_org, region_user, other_municipality):
    # The other municipality's office asks for the quarterly report by the 25th of the next month.
    DeadlineRule.objects.create(municipality=other_municipality, kind=Kind.QUARTERLY_REPORT, day=25, months_after=1)
    send_weekly_digest(MONDAY)
    [ours] = Notification.objects.filter(recipient=department_user, event=Notification.Event.DIGEST)
    [theirs] = Notification.objects.filter(recipient=far_user, event=Notification.Event.DIGEST)
    assert "срок 01.10.2026" in ours.text
    assert "срок 25.10.2026" in theirs.text and "срок 01.10.2026" not in theirs.text
    assert not Notification.objects.filter(recipient=region_user).exists()
    assert not DigestLog.objects.filter(organisation=region_user.organisation).exists()

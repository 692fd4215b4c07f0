"""What the effects ledger adds to the projects app, connected in ``EffectsConfig.ready()``."""

from __future__ import annotations

from django.db.models.signals import post_save

from effects import services
from projects.changes import BaselinePart, register_baseline_part
from projects.models import Project


def connect() -> None:
    # Planned effects are part of the approved passport: stored in its baseline at approval and
    # changed only through its change requests.
    register_baseline_part(
        BaselinePart(
            key="effects",
            snapshot=services.baseline_snapshot,
            check=services.check_proposal,
            apply=services.apply_proposal,
            describe=services.describe_proposal,
        )
    )
    # The district's roll-ups read the project's year, organisation and sphere stored on its effects.
    post_save.connect(services.effects_follow_project, sender=Project, dispatch_uid="effects_follow_project")

"""The passport as the printed form of Приложение №1, ready for the head's signature."""

from __future__ import annotations

from django.conf import settings

from lean_portal.pdf import qr_data_uri
from projects.models import Project

NOT_APPROVED = {Project.State.DRAFT, Project.State.SUBMITTED, Project.State.RETURNED, Project.State.ACCEPTED}


def project_url(project: Project) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + project.get_absolute_url()


def passport_pdf_context(project: Project) -> dict:
    """Everything the template prints; the project comes with its rows prefetched."""
    url = project_url(project)
    return {
        "project": project,
        "team": list(project.team.all()),
        "justification": list(project.justification.all()),
        "goals": list(project.goals.all()),
        "stages": project.stages(),
        "participants": list(project.participants.all()),
        "url": url,
        "qr": qr_data_uri(url),
        # Not yet approved: the print carries the «ПРОЕКТ» mark on every page and no approval date.
        "draft": project.state in NOT_APPROVED,
    }

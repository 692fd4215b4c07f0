"""Uploads looked up by id: only their uploader, the office and administrators reach them."""

from __future__ import annotations

from django.http import Http404

from imports.models import ImportBatch


def get_batch_for_user(user, pk) -> ImportBatch:
    """An upload by id: its uploader, the office and administrators; 404 for anyone else."""
    try:
        return ImportBatch.objects.visible_to(user).select_related("uploaded_by").get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("Загрузка не найдена или недоступна.") from None

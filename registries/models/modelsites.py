"""Model sites and their partner audits (indicator 3.1)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from orgs.models import Organisation, Sphere
from orgs.querysets import OrganisationScopedQuerySet


class ModelSite(models.Model):
    """A model site (образец) created and confirmed by a partner audit (plan 3.1)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="model_sites"
    )
    sphere = models.ForeignKey(
        Sphere, verbose_name="сфера (направление)", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField("что сделано образцом", max_length=500)
    audit_date = models.DateField("дата партнёрской проверки")
    auditor = models.CharField("проверяющий партнёр", max_length=300)
    result = models.TextField("результат проверки", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-audit_date", "-id"]
        verbose_name = "образец (партнёрская проверка)"
        verbose_name_plural = "образцы и партнёрские проверки"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:

        return reverse("registries:modelsite-detail", args=[self.pk])

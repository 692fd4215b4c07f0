"""Customers typed as text become organisations of the portal where the name matches.

A project's customer text that names an organisation (its full or short name, compared
without case, extra spaces, «ё» or the kind of quotes) is replaced by that organisation;
a name matching no organisation, or several, stays as an outside customer's text.
A passport not yet approved then takes its «УТВЕРЖДАЮ» from the customer's head, so the
typed approver is cleared; an approved one keeps the approver recorded at approval.
"""

import re

from django.db import migrations

QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "'": '"', "ё": "е", "Ё": "Е"})


def normalise(name: str) -> str:
    return re.sub(r"\s+", " ", name.translate(QUOTES)).strip().casefold()


def forwards(apps, schema_editor):
    Organisation = apps.get_model("orgs", "Organisation")
    Project = apps.get_model("projects", "Project")
    by_name: dict[str, set[int]] = {}
    for pk, full_name, short_name in Organisation.objects.values_list("pk", "full_name", "short_name"):
        for name in {normalise(full_name), normalise(short_name)}:
            if name:
                by_name.setdefault(name, set()).add(pk)
    matched: dict[int, list[int]] = {}
    for pk, customer in (
        Project.objects.filter(customer_organisation__isnull=True).exclude(customer="").values_list("pk", "customer")
    ):
        found = by_name.get(normalise(customer), set())
        if len(found) == 1:
            matched.setdefault(next(iter(found)), []).append(pk)
    for organisation_id, project_ids in matched.items():
        for start in range(0, len(project_ids), 500):
            chunk = project_ids[start : start + 500]
            Project.objects.filter(pk__in=chunk).update(customer_organisation_id=organisation_id, customer="")
            Project.objects.filter(pk__in=chunk, approved_at__isnull=True).update(
                approver_name="", approver_position=""
            )


def backwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.filter(customer_organisation__isnull=False).select_related("customer_organisation"):
        Project.objects.filter(pk=project.pk).update(customer=project.customer_organisation.full_name)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_organisation_decision_deputy"),
        ("projects", "0011_project_customer_organisation"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The spheres of activity as a reference list a municipality may extend.

The regional list (``Sphere.municipality`` empty) is everyone's and kept by the regional project
office; a municipality's office adds spheres of its own, seen only in its municipality
(``Sphere.objects.of_municipality``). Every form and filter offers the regional list and the
user's municipality's own.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from lean_portal.search import normalise
from orgs.models import Municipality, Sphere

SPHERE_REFUSAL = (
    "Сферы деятельности своего муниципального образования добавляет управление экономического развития; "
    "региональный список ведёт региональный проектный офис."
)


def sphere_scope_for(user) -> Municipality | None:
    """Whose list ``user`` extends: an office its municipality's, the regional office (and
    administrators) the regional one (None); anyone else is refused."""
    if user.is_authenticated and user.is_economy and user.municipality is not None:
        return user.municipality
    if user.is_authenticated and user.sees_region:
        return None
    raise PermissionDenied(SPHERE_REFUSAL)


@transaction.atomic
def sphere_create(*, user, name: str) -> Sphere:
    """Add a sphere to the user's list; a name already offered there (any case, е/ё) is refused."""
    municipality = sphere_scope_for(user)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Укажите наименование сферы деятельности."})
    offered = Sphere.objects.all() if municipality is None else Sphere.objects.of_municipality(municipality)
    taken = {normalise(existing) for existing in offered.values_list("name", flat=True)}
    if normalise(name) in taken:
        raise ValidationError({"name": f"Сфера «{name}» уже есть в списке."})
    last = Sphere.objects.filter(municipality=municipality).aggregate(last=Max("position"))["last"]
    sphere = Sphere(name=name, municipality=municipality, position=(last or 0) + 1)
    sphere.full_clean()
    sphere.save()
    return sphere


class SphereForm(forms.Form):
    name = forms.CharField(label="Наименование сферы деятельности", max_length=200)

"""Search endpoint behind the contest entry's suggestion choice (lean_portal/autocomplete.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from lean_portal.autocomplete import clean_query, lookup_response, search_filter
from registries.models import Suggestion


@require_GET
@login_required
def suggestion_lookup(request):
    """Implemented suggestions the user may read whose title or problem contains ``?q=``."""
    text = clean_query(request.GET.get("q", ""))
    queryset = (
        Suggestion.objects.visible_to(request.user)
        .filter(state=Suggestion.State.IMPLEMENTED)
        .filter(search_filter(text, ("title", "problem")))
        .select_related("organisation")
        .only("pk", "title", "problem", "organisation__short_name")
        .order_by("-implemented_on", "pk")
    )
    return lookup_response(queryset, text=str, description=lambda s: s.organisation.short_name)

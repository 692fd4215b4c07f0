"""Best-practice contests (plan 3.3): nominations, entries, jury results, winners.

A municipality's contests are read by its users (the entries come from many of its
organisations); regional contests, run by the regional project office with entries from every
municipality, by everyone; only the organiser's staff change them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from orgs.access import can_write_organisation
from orgs.models import Organisation
from registries.access import get_contest_for_user
from registries.filters.contests import ContestFilter
from registries.forms.contests import ContestEntryForm, ContestForm, ContestResultForm
from registries.models import Contest, ContestEntry
from registries.services import contests as services
from registries.views.common import apply_errors, paginate, user_organisation


@login_required
def contest_list(request):
    queryset = Contest.objects.visible_to(request.user).select_related("organisation")
    filterset = ContestFilter(request.GET, queryset=queryset, user=request.user)
    filterset.filters["organisation"].queryset = Organisation.objects.filter(
        pk__in=queryset.values("organisation_id")
    ).order_by("short_name")
    context = {"filter": filterset, "can_create": request.user.organisation is not None}
    context.update(paginate(request, filterset.qs))
    return render(request, "registries/contest_list.html", context)


def _save(request, form, organisation, contest=None):
    data = dict(form.cleaned_data)
    nominations = form.nomination_list()
    data.pop("nominations", None)
    if contest is None:
        return services.contest_create(user=request.user, organisation=organisation, nominations=nominations, **data)
    services.contest_update(contest=contest, user=request.user, **data)
    services.contest_set_nominations(contest=contest, user=request.user, titles=nominations)
    return contest


@login_required
def contest_create(request):
    # The regional office organises regional contests; a municipality's organisations their own.
    organisation = user_organisation(request, regional=True)
    form = ContestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            contest = _save(request, form, organisation)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Конкурс внесён. Добавьте участников.")
            return redirect(contest)
    return render(request, "registries/contest_form.html", {"form": form})


@login_required
def contest_edit(request, pk: int):
    contest = get_contest_for_user(request, pk, write=True)
    form = ContestForm(request.POST or None, instance=contest, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, contest.organisation, contest)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(contest)
    return render(request, "registries/contest_form.html", {"form": form, "contest": contest})


ENTRIES_PER_PAGE = 50


def _back_to_entry(contest, entry, request):
    """The contest page the jury's row was on (its ``page`` travels in the form's action)."""
    page = request.GET.get("page", "")
    query = f"?page={page}" if page.isascii() and page.isdigit() else ""
    return redirect(f"{contest.get_absolute_url()}{query}#entry-{entry.pk}")


def _detail_context(request, contest, entry_form=None, result_errors=None) -> dict:
    can_write = can_write_organisation(request.user, contest.organisation)
    # A region contest has hundreds of entries: shown a page at a time.
    page_obj = paginate(
        request,
        contest.entries.select_related("nomination", "project__organisation", "suggestion__organisation").order_by(
            "nomination__position", "nomination_id", "place", "-score", "id"
        ),
        size=ENTRIES_PER_PAGE,
    )["page_obj"]
    entries = list(page_obj)
    if can_write:
        # The jury's form is shown in one row at a time (``?entry=<id>``, or the row whose result was refused):
        # a form in each of a region contest's hundreds of rows made the page take seconds.
        editing = request.GET.get("entry", "")
        for entry in entries:
            if result_errors and result_errors.prefix == f"e{entry.pk}":
                entry.form = result_errors
            elif editing == str(entry.pk):
                entry.form = ContestResultForm(instance=entry, prefix=f"e{entry.pk}")
    return {
        "contest": contest,
        "nominations": contest.nominations.all(),
        "entries": entries,
        "page_obj": page_obj,
        "can_write": can_write,
        "entry_form": entry_form or (ContestEntryForm(contest=contest, user=request.user) if can_write else None),
    }


@login_required
def contest_detail(request, pk: int):
    contest = get_contest_for_user(request, pk)
    return render(request, "registries/contest_detail.html", _detail_context(request, contest))


@login_required
@require_POST
def contest_add_entry(request, pk: int):
    contest = get_contest_for_user(request, pk, write=True)
    form = ContestEntryForm(request.POST, contest=contest, user=request.user)
    if form.is_valid():
        try:
            services.contest_add_entry(contest=contest, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Участник добавлен.")
            return redirect(contest)
    return render(request, "registries/contest_detail.html", _detail_context(request, contest, form), status=400)


def _entry(request, contest, entry_pk) -> ContestEntry:

    entry = contest.entries.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404("Участник конкурса не найден.")
    return entry


@login_required
@require_POST
def contest_record_result(request, pk: int, entry_pk: int):
    contest = get_contest_for_user(request, pk, write=True)
    entry = _entry(request, contest, entry_pk)
    form = ContestResultForm(request.POST, instance=entry, prefix=f"e{entry.pk}")
    if form.is_valid():
        try:
            services.contest_record_result(entry=entry, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Результат жюри сохранён.")
            return _back_to_entry(contest, entry, request)
    messages.error(request, "Результат не сохранён: исправьте ошибки в строке участника.")
    return render(
        request, "registries/contest_detail.html", _detail_context(request, contest, result_errors=form), status=400
    )


@login_required
@require_POST
def contest_remove_entry(request, pk: int, entry_pk: int):
    contest = get_contest_for_user(request, pk, write=True)
    entry = _entry(request, contest, entry_pk)
    services.contest_remove_entry(entry=entry, user=request.user)
    messages.success(request, "Участник исключён из конкурса.")
    return redirect(contest)

"""The access matrix: every URL of the portal × every role × an object of their own, of another
organisation and of another municipality, against one declared table.

* ``ROUTES`` names every URL pattern the resolver knows (``test_every_url_pattern_is_in_the_table``
  fails for a new view until it is declared here), the kind of object its arguments point to and
  an access policy.
* ``POLICIES`` say, per role and owner, what a GET answers; a POST (with an empty body) must answer
  the same refusals, and anything but a refusal where the GET answers 200.
* Views that only accept POST refuse GET with 405 (or with the log-in redirect when
  ``login_required`` wraps ``require_POST``: declared per route with ``login_first``).
* ``test_posts_require_csrf`` posts to every URL that accepts a POST, as an allowed user, without
  a CSRF token, and expects 403.
* ``test_content_isolation``: lists, exports, lookups, search and drill-downs shown to one
  municipality never contain the other municipality's records (their marker strings).

Two municipalities (``access_world``): A, where "own" is the department user's unit (the director
heads it), "school" the institution subordinate to it (the school user's) and "other" an unrelated
organisation, with A's economy office ("economy"); and B, whose organisation owns "far" and whose
office is "far_economy". "region" is the regional project office above both. The records are built
once per module and every request runs in a savepoint that is rolled back, so a delete or a
transition never leaks into the next request. A GET that writes (anything but the session, the
lock-out records and the personal-data audit) fails the matrix too.

How a policy grows to two municipalities (``policy()``; written once, for every policy name):

* A policy is written for municipality A as before: anonymous, department, school, director,
  economy, admin × own, school's, other's — and the regional office's answer (``region=``).
* Owner "far" (a record of B), for A's roles: what "other" gets, but nobody of A reads across the
  border — a 200 becomes 404; A's office also gets 404 where it got 403 (it read "other" without
  writing it; B's record it does not read at all). ``far="hide_all"``: a 403 becomes 404 for every
  role of A (records that everyone in a municipality reads — contests). ``far="open"``: unchanged
  (public pages, and pages whose refusal is the role's, not the record's). Anonymous and admin
  get what they get for "other".
* "far_economy" (B's office) is A's office mirrored: on B's record it gets what A's office gets on
  "other"; on A's records what A's office gets on "far"; on a page without a record (``owner``
  None: lists, dashboards, forms) what A's office gets there.
* "region" gets ``region=`` (one answer, or one per owner): 200 wherever it reads (every page an
  office reads, every record, every list of the whole region), 403 on every write and decision
  of a municipality (and 404 where the service hides the record).
* The administrator is unchanged.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lean_portal.tests.access_world import HOME_OWNERS, HOME_ROLES, MARKERS, OWNERS, ROLES, World, build_world

# --- Expected answers -----------------------------------------------------------------------

LOGIN = "302 → вход"  # redirect to the portal's log-in page
ADMIN_LOGIN = "302 → вход в админку"  # redirect to the admin's log-in page
REDIRECT = "302"  # a redirect elsewhere (a logged-in user on the log-in page)
OK = "разрешено"  # POST by an allowed user: any answer but a refusal (200, 302 elsewhere, 400, 429)
SKIP = None
REFUSALS = {LOGIN, ADMIN_LOGIN, 403, 404, 405}

NO_OWNER = None  # a page without a record: a list, a dashboard, a form to create


def _across_the_border(role: str, value, far: str):
    """What a role of municipality A gets on B's record, from what it gets on "other"'s."""
    if far == "open" or role in ("anonymous", "admin"):
        return value
    if value == 200:
        return 404
    if value == 403 and (role == "economy" or far == "hide_all"):
        return 404
    return value


def policy(anonymous, department, school, director, economy, admin_, *, region, far: str = "hide") -> dict:
    """Role → {owner: answer}. Written for municipality A (a single value stands for all three
    owners, a tuple for own, school's, other's); owner "far", the roles "far_economy" and "region"
    and ``NO_OWNER`` follow by the rules in the module docstring."""
    assert far in ("hide", "hide_all", "open"), far
    written = dict(zip(HOME_ROLES, (anonymous, department, school, director, economy, admin_), strict=True))
    cells = {}
    for role, value in written.items():
        row = dict(zip(HOME_OWNERS, value if isinstance(value, tuple) else (value,) * len(HOME_OWNERS), strict=True))
        row["far"] = _across_the_border(role, row["other"], far)
        row[NO_OWNER] = row["own"]
        cells[role] = row
    office = cells["economy"]
    cells["far_economy"] = {
        **dict.fromkeys(HOME_OWNERS, office["far"]),
        "far": office["other"],
        NO_OWNER: office[NO_OWNER],
    }
    regional = region if isinstance(region, tuple) else (region,) * len(OWNERS)
    cells["region"] = {**dict(zip(OWNERS, regional, strict=True)), NO_OWNER: regional[0]}
    return {role: cells[role] for role in ROLES}


POLICIES = {
    # Everyone, logged in or not (the public survey page, the health check, open data).
    "public": policy(200, 200, 200, 200, 200, 200, region=200, far="open"),
    # Any logged-in user; lists and exports filter their rows by the same rules (orgs.access.visible_to).
    # On a record (a contest, a project of the library): its municipality's people only.
    "logged_in": policy(LOGIN, 200, 200, 200, 200, 200, region=200),
    # Any logged-in user, on records of every municipality (the regional bank of practices).
    "region_wide": policy(LOGIN, 200, 200, 200, 200, 200, region=200, far="open"),
    # The economic development office and administrators only: the office's decisions and the forms
    # it keeps (rates, deadline rules, plans and targets). The regional office decides nothing there.
    "office": policy(LOGIN, 403, 403, 403, 200, 200, region=403),
    # The office's read-only pages (summaries, lists, drill-downs, reports; orgs.access.office_read_required):
    # a municipality's office (its own municipality) and the regional office (every one).
    "office_reads": policy(LOGIN, 403, 403, 403, 200, 200, region=200),
    # A decision of the economic development office itself (scoring.services.assessment_agree):
    # administrators pass the role check but the service refuses them.
    "office_decides": policy(LOGIN, 403, 403, 403, 200, 403, region=403),
    # The regional project office and administrators only (regional comparison, contests, the
    # regional default rubric, onboarding a municipality); a municipality's office too gets 403.
    "region_only": policy(LOGIN, 403, 403, 403, 403, 200, region=200, far="open"),
    # Read an object: its organisation and the unit above it, the office, administrators;
    # 404 for everyone else (a subordinate school does not read its unit's records).
    "read": policy(LOGIN, (200, 200, 404), (404, 200, 404), (200, 200, 404), 200, 200, region=200),
    # Write an object: its own organisation and administrators; those who only read it get 403
    # (the office; the unit and its head for the school's records; the regional office).
    "write": policy(LOGIN, (200, 403, 404), (404, 200, 404), (200, 403, 404), 403, 200, region=403),
    # A child record of ANOTHER parent under this parent's URL (a survey's goal link, a contest's
    # entry): refused as "write" is, and 404 where "write" would let the request in.
    "write_foreign_child": policy(LOGIN, (404, 403, 404), (404, 404, 404), (404, 403, 404), 403, 404, region=403),
    "contest_write_foreign_child": policy(
        LOGIN, (404, 403, 403), (403, 404, 403), (404, 403, 403), 403, 404, region=403, far="hide_all"
    ),
    # Create a record in the name of the user's organisation: 403 for an account tied to none
    # (admin) and for the regional office (it files nothing of a municipality).
    "own_organisation": policy(LOGIN, 200, 200, 200, 200, 403, region=403),
    # Quarterly reports and self-assessments are filed by units and institutions, not the office.
    "reporting_organisation": policy(LOGIN, 200, 200, 200, 403, 403, region=403),
    # Accepting or rejecting a suggestion: the head of its organisation or the unit it reports to
    # (its staff and head), administrators; not the organisation's own staff, not the office
    # (registries.services.suggestion_decision_refusal; authors are refused too, see below).
    "suggestion_decides": policy(LOGIN, (403, 200, 404), (404, 403, 404), (200, 200, 404), 403, 200, region=403),
    # Contests are municipal events: everyone of the municipality reads them, only the organiser
    # writes (403, not 404); across the border 404.
    "contest_write": policy(
        LOGIN, (200, 403, 403), (403, 200, 403), (200, 403, 403), 403, 200, region=403, far="hide_all"
    ),
    # The significance assessment: the project's organisation assesses its own project (a self-
    # assessment; the unit reading its school's project may not), the office assesses any; only
    # people with lean-basics training — the admin account is tied to no employee and is refused
    # (403 page explaining why). The regional office assesses nothing.
    "assess": policy(LOGIN, (200, 403, 404), (404, 200, 404), (200, 403, 404), 200, 403, region=403),
    # Replicate a published project: whoever reads it, in the name of their organisation
    # (403 for an account tied to none, and for the regional office).
    "replicate": policy(LOGIN, (200, 200, 404), (404, 200, 404), (200, 200, 404), 200, 403, region=403),
    # Replicate from the municipality's library of best practices: every organisation of the
    # municipality; the regional office files nothing (across municipalities: the bank of practices).
    "library_replicate": policy(LOGIN, 200, 200, 200, 200, 200, region=403),
    # Replicate a practice of the regional bank into the user's own organisation, from any
    # municipality: not the regional office, not an account tied to no organisation.
    "bank_replicate": policy(LOGIN, 200, 200, 200, 200, 403, region=403, far="open"),
    # The log-in page: a logged-in user is sent on to the home page.
    "login_page": policy(200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, region=REDIRECT),
    # Log-out ends the session and sends everyone to the log-in page.
    "logout": policy(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, region=LOGIN),
    # Django's admin site: administrators only; everyone else is sent to the admin's log-in.
    "admin_site": policy(
        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, region=ADMIN_LOGIN, far="open"
    ),
    # The head (director) of an organisation, about its own staff: everyone else 403
    # (the administrator's account heads no organisation).
    "head_of_organisation": policy(LOGIN, 403, 403, 200, 403, 403, region=403),
    # An uploaded import file (imports/): its uploader, the office and administrators; 404 for anyone
    # else, the head of the uploader's organisation included. The regional office reads it.
    # The regional office neither imports nor sees the uploads (404).
    "import_batch": policy(LOGIN, (200, 404, 404), (404, 200, 404), 404, 200, 200, region=404),
    # A decision of the office on a record it reads (verifying an effect): whoever reads the record
    # but is not the office gets 403, whoever does not read it 404.
    "office_on_record": policy(LOGIN, (403, 403, 404), (404, 403, 404), (403, 403, 404), 200, 200, region=403),
    # A view that answers GET only.
    "get_only": policy(405, 405, 405, 405, 405, 405, region=405),
    # A page for logged-in users that answers GET only (a confirmation page).
    "logged_in_get_only": policy(LOGIN, 405, 405, 405, 405, 405, region=405),
}
# The former library of best practices moved to the regional bank: a permanent redirect for every
# logged-in user.
POLICIES["library_moved"] = policy(LOGIN, 301, 301, 301, 301, 301, region=301, far="open")
# A page of one municipality at a time that the regional office and administrators must name with
# ``?municipality=`` (the annual report, the consolidated export): 404 without it.
POLICIES["office_reads_chosen"] = policy(LOGIN, 403, 403, 403, 200, 404, region=404)
# An indicator's drill-down: the office's page; on another municipality's indicator 404 for everyone
# of A (the plan is looked up before the role is checked).
POLICIES["office_reads_plan_record"] = policy(LOGIN, 403, 403, 403, 200, 200, region=200, far="hide_all")
# Any logged-in user of a municipality; the regional office enters no municipality's records (imports).
POLICIES["municipal_users"] = policy(LOGIN, 200, 200, 200, 200, 200, region=403)
# Contests: every organisation organises its own, the regional office regional ones (an account tied to
# no organisation, the admin, cannot).
POLICIES["contest_create"] = policy(LOGIN, 200, 200, 200, 200, 403, region=200)
# The self-diagnostics questionnaire: each office edits its municipality's statements, the regional
# office the regional list (registries/diagnostics); another municipality's statement answers 404.
POLICIES["statement_list"] = policy(LOGIN, 403, 403, 403, 200, 200, region=200)
POLICIES["statement_edit"] = policy(LOGIN, 403, 403, 403, 200, 200, region=404)
POLICIES["statement_edit"]["far_economy"][NO_OWNER] = 404
# A lookup of the staff of the user's own organisation (a new passport's lead): the regional office
# reads its own staff too (it files nothing with them).
POLICIES["own_staff_lookup"] = policy(LOGIN, 200, 200, 200, 200, 403, region=200)
# The office of its municipality and the regional office: the same cells as "office_reads".
POLICIES["region_reads"] = POLICIES["office_reads"]


@dataclass(frozen=True)
class Route:
    name: str
    kind: str  # what the URL's arguments point to (see ``url_arguments``); "none" for no object
    policy: str
    post_only: bool = False  # refuses GET with 405
    login_first: bool = True  # for post_only: login_required wraps require_POST, so anonymous GET → log-in
    post: str | None = None  # the policy of a POST when it differs from the GET's; "skip" to send none
    why: str = ""


R = Route
# Declaring a route is one line: its name, the kind of object its arguments point to and a policy;
# the two municipalities' columns follow from the policy. For example (issue 22's pages):
#   R("region:compare", "none", "region_only")                  the regional comparison
#   R("region:municipality", "municipality", "region_reads")    a municipality's dashboard by slug
#   R("practices:detail", "practice", "region_wide")    a practice card of the regional bank
#   R("practices:replicate", "practice", "bank_replicate", post_only=True)
#   R("opendata:csv", "none", "public", post="get_only")        open data and the read-only API
ROUTES = [
    # --- lean_portal
    R("home", "none", "logged_in"),
    R("healthz", "none", "public", post="get_only"),
    R("survey-short", "survey", "public", why="the printed QR code of a survey run in the portal"),
    R("login", "none", "login_page"),
    R("logout", "none", "logout", post_only=True, login_first=False),
    # --- the person's own account (orgs/account.py): password, second factor
    R("account:index", "none", "logged_in"),
    R("account:password-change", "none", "logged_in"),
    R("account:password-change-done", "none", "logged_in", post="logged_in_get_only"),
    R("account:password-reset", "none", "public", why="by e-mail, where the portal sends mail"),
    R("account:password-reset-done", "none", "public", post="get_only"),
    R("account:password-reset-confirm", "reset_link", "public", why="an invalid link answers its own page"),
    R("account:password-reset-complete", "none", "public", post="get_only"),
    R("account:otp-verify", "none", "logged_in"),
    R("account:otp-setup", "none", "logged_in"),
    R("account:otp-recovery", "none", "logged_in"),
    R("account:otp-disable", "none", "logged_in", post_only=True, login_first=False),
    R(
        "session-keepalive",
        "none",
        "logged_in",
        post_only=True,
        login_first=False,
        why="«Продолжить работу» before the idle session ends",
    ),
    # --- orgs
    R("orgs:list", "none", "logged_in"),
    R(
        "orgs:spheres",
        "none",
        "office_reads",
        why="an office extends the regional list with its own, the region the regional list",
    ),
    R("orgs:detail", "organisation", "read"),
    R("orgs:autocomplete", "none", "logged_in", post="get_only", why="names of the organisations the user may read"),
    R("orgs:lookup", "none", "logged_in", post="get_only", why="names of the active organisations (public)"),
    R(
        "orgs:employee-lookup",
        "none",
        "logged_in",
        post="get_only",
        why="employees of the organisations the user may read, by three letters of a name, logged",
    ),
    # --- projects
    R("projects:registry", "none", "logged_in"),
    R("projects:export", "none", "logged_in"),
    R("projects:create", "none", "own_organisation"),
    R("projects:similar", "none", "logged_in"),
    R(
        "projects:people-lookup",
        "none",
        "own_staff_lookup",
        post="get_only",
        why="a new passport's lead and team: the user's own organisation's staff only",
    ),
    R(
        "projects:people-lookup",
        "people_of_draft_project",
        "write",
        post="get_only",
        why="the cross-organisation employee lookup (issue 16): ?project= the passport the user may edit; "
        "its participants' staff by a typed name, logged",
    ),
    R("projects:project-lookup", "none", "logged_in", post="get_only", why="titles of published projects"),
    R("projects:seconded", "none", "head_of_organisation", why="the head sees the staff on others' projects"),
    R("projects:seconded-withdraw", "none", "head_of_organisation", post_only=True, login_first=False),
    R("projects:detail", "draft_project", "read"),
    R("projects:edit", "draft_project", "write"),
    R("projects:delete", "draft_project", "write", post_only=True),
    R(
        "projects:transition",
        "draft_project",
        "read",
        why="the form is shown to readers; projects.services.project_transition decides who may make which step",
    ),
    R("projects:stage", "approved_project", "write", post_only=True),
    R("projects:stability", "monitored_project", "write"),
    R("projects:replicate", "approved_project", "replicate", post_only=True),
    R("projects:change-create", "approved_project", "write"),
    R(
        "projects:change-decide",
        "change_request",
        "read",
        post_only=True,
        why="the office agrees and the head approves: the services check the role, the view the reach",
    ),
    R("projects:history", "draft_project", "read"),
    R("projects:pdf", "draft_project", "read"),
    R("projects:scan", "approved_project", "read"),
    R(
        "projects:scan-upload",
        "approved_project",
        "read",
        post_only=True,
        why="the head or the organisation's staff attach the scan: projects.services.passport_attach_scan checks",
    ),
    # --- scoring
    R("scoring:ranking", "none", "logged_in"),
    R("scoring:ranking-export", "none", "logged_in"),
    R("scoring:pending", "none", "logged_in"),
    R("scoring:library", "none", "library_moved", why="the library became the regional bank: 301 to practices:list"),
    R(
        "scoring:replicate",
        "approved_project",
        "bank_replicate",
        post_only=True,
        login_first=False,
        why="the library's old replicate address runs the bank's replication (practices.services)",
    ),
    R("scoring:assess", "approved_project", "assess"),
    R("scoring:detail", "assessment", "read"),
    R(
        "scoring:agree",
        "assessment",
        "office_decides",
        post_only=True,
        login_first=False,
        why="agreeing a self-assessment is the office's decision (4.6): the administrator does not decide",
    ),
    R("scoring:sheet", "assessment", "read"),
    R("scoring:rubric-list", "none", "office_reads", why="the regional office sets the regional default rubric"),
    R(
        "scoring:rubric-create",
        "none",
        "office_reads",
        why="the office adopts its municipality's versions, the regional office the regional default; "
        "POST previews or saves",
    ),
    R("scoring:rubric-detail", "rubric_version", "office_reads"),
    R(
        "scoring:corrections-acknowledge",
        "none",
        "office",
        post_only=True,
        login_first=False,
        why="the office hides the notice of statuses a rubric correction changed",
    ),
    # --- effects
    R("effects:district", "none", "logged_in", why="each reader sees the effects of the organisations they read"),
    R("effects:export", "none", "logged_in"),
    R("effects:verification", "none", "office", why="the office's work list: the regional office verifies nothing"),
    R("effects:rates", "none", "office"),
    R("effects:project", "draft_project", "read"),
    R("effects:create", "draft_project", "write"),
    R("effects:change", "approved_project", "write"),
    R("effects:report-forecast", "report", "read", post="write", why="GET shows the forecasts, POST saves them"),
    R("effects:edit", "draft_effect", "write"),
    R("effects:delete", "draft_effect", "write", post_only=True),
    R("effects:actual", "monitored_effect", "write"),
    R("effects:verify", "monitored_effect", "office_on_record"),
    # --- reporting
    R("reporting:list", "none", "logged_in"),
    R("reporting:start", "none", "reporting_organisation", post_only=True, login_first=False),
    R("reporting:period", "period", "read"),
    R("reporting:detail", "report", "read", post="write", why="GET shows the report, POST saves it"),
    R("reporting:return", "report", "office", post_only=True, login_first=False),
    R("reporting:accept", "report", "office", post_only=True, login_first=False),
    R("reporting:status", "none", "office_reads"),
    R("reporting:export", "none", "office_reads_chosen"),
    R("reporting:deadlines", "none", "logged_in"),
    R("reporting:deadline-rules", "none", "office"),
    R("reporting:selfassessment-list", "none", "logged_in"),
    R("reporting:selfassessment-start", "none", "reporting_organisation", post_only=True, login_first=False),
    R(
        "reporting:selfassessment-detail",
        "selfassessment",
        "read",
        post="write",
        why="GET shows it, POST saves it",
    ),
    R("reporting:selfassessment-send", "selfassessment", "write", post_only=True, login_first=False),
    R("reporting:selfassessment-scan", "selfassessment", "read"),
    R("reporting:selfassessment-pdf", "selfassessment", "read"),
    # --- registries: suggestions
    R("registries:suggestion-list", "none", "logged_in"),
    R("registries:suggestion-create", "none", "own_organisation"),
    R("registries:suggestion-export", "none", "logged_in"),
    R("registries:suggestion-counts", "none", "logged_in"),
    R("registries:suggestion-lookup", "none", "logged_in", post="get_only", why="suggestions the user may read"),
    R("registries:suggestion-detail", "suggestion", "read"),
    R("registries:suggestion-edit", "suggestion", "write"),
    R(
        "registries:suggestion-accept",
        "suggestion",
        "suggestion_decides",
        post_only=True,
        why="the head or the unit above decides (issue 17, item 7)",
    ),
    R("registries:suggestion-implement", "suggestion", "write", post_only=True),
    R(
        "registries:suggestion-reject",
        "suggestion",
        "suggestion_decides",
        post_only=True,
        why="the head or the unit above decides (issue 17, item 7)",
    ),
    R("registries:suggestion-open-project", "suggestion", "write", post_only=True),
    # --- registries: training
    R("registries:training-list", "none", "logged_in"),
    R("registries:training-create", "none", "own_organisation"),
    R("registries:training-export", "none", "logged_in"),
    R("registries:training-unconfirmed", "none", "office", why="the office's work list"),
    R(
        "registries:training-confirm",
        "training",
        "office_decides",
        post_only=True,
        login_first=False,
        why="the office confirms training (plan 2.1, 4.2): the administrator does not decide",
    ),
    R("registries:training-detail", "training", "read"),
    R("registries:training-edit", "training", "write"),
    R("registries:training-delete", "training", "write", post_only=True),
    R("registries:training-certificate", "training", "read"),
    # --- registries: model sites
    R("registries:modelsite-list", "none", "logged_in"),
    R("registries:modelsite-create", "none", "own_organisation"),
    R("registries:modelsite-export", "none", "logged_in"),
    R("registries:modelsite-detail", "modelsite", "read"),
    R("registries:modelsite-edit", "modelsite", "write"),
    R("registries:modelsite-delete", "modelsite", "write", post_only=True),
    # --- registries: surveys
    R("registries:survey-list", "none", "logged_in"),
    R("registries:survey-create", "none", "own_organisation"),
    R("registries:survey-detail", "survey", "read"),
    R("registries:survey-edit", "survey", "write"),
    R("registries:survey-toggle", "survey", "write", post_only=True),
    R("registries:survey-print", "survey", "read"),
    R("registries:survey-link-goal", "survey", "write", post_only=True),
    R("registries:survey-unlink-goal", "goal_link", "write", post_only=True),
    R(
        "registries:survey-unlink-goal",
        "foreign_goal_link",
        "write_foreign_child",
        post_only=True,
        why="the goal link of another organisation's survey, under this survey's URL",
    ),
    R("registries:survey-public", "survey", "public"),
    R("registries:survey-thanks", "survey", "public"),
    # --- registries: contests
    R("registries:contest-list", "none", "logged_in"),
    R("registries:contest-create", "none", "contest_create"),
    R("registries:contest-detail", "contest", "logged_in", why="contests are municipal events: everyone reads them"),
    R("registries:contest-edit", "contest", "contest_write"),
    R("registries:contest-add-entry", "contest", "contest_write", post_only=True),
    R("registries:contest-record-result", "contest_entry", "contest_write", post_only=True),
    R("registries:contest-remove-entry", "contest_entry", "contest_write", post_only=True),
    R(
        "registries:contest-record-result",
        "foreign_contest_entry",
        "contest_write_foreign_child",
        post_only=True,
        why="an entry of another organisation's contest, under this contest's URL",
    ),
    R(
        "registries:contest-remove-entry",
        "foreign_contest_entry",
        "contest_write_foreign_child",
        post_only=True,
        why="an entry of another organisation's contest, under this contest's URL",
    ),
    # --- registries: culture self-diagnostics
    R("registries:diagnostics-list", "none", "logged_in"),
    R("registries:diagnostics-create", "none", "own_organisation"),
    R("registries:diagnostics-detail", "diagnostic", "read"),
    R("registries:diagnostics-edit", "diagnostic", "write"),
    R("registries:diagnostics-delete", "diagnostic", "write", post_only=True),
    R("registries:diagnostics-compare", "organisation", "read"),
    R("registries:statement-list", "none", "statement_list"),
    R("registries:statement-edit", "statement", "statement_edit"),
    # --- registries: recognition
    R("registries:recognition", "none", "logged_in"),
    R("registries:recognition-export", "none", "logged_in"),
    # --- plan
    R("plan:dashboard", "none", "logged_in"),
    R("plan:organisation", "organisation", "read"),
    R(
        "plan:records",
        "indicator",
        "office_reads_plan_record",
        why="without ?organisation= the records of the whole municipality: its office and the regional office",
    ),
    R("plan:records", "indicator_of_organisation", "read", why="with ?organisation=: that organisation's readers"),
    R("plan:lagging", "indicator", "office_reads", why="the paged list of lagging executors"),
    R("plan:report-pdf", "none", "office_reads_chosen"),
    R("plan:report-xlsx", "none", "office_reads_chosen"),
    R("plan:plan-list", "none", "office"),
    R("plan:plan-create", "none", "office"),
    R("plan:plan-edit", "plan", "office"),
    R("plan:targets", "plan", "office"),
    # --- notifications: each person's own (the views filter by the logged-in user, no id in the URL)
    R("notifications:list", "none", "logged_in"),
    R("notifications:mark-read", "none", "logged_in", post_only=True, login_first=False),
    R("notifications:preferences", "none", "logged_in"),
    # --- imports: registers from Excel (issue 21)
    R(
        "imports:index",
        "none",
        "municipal_users",
        why="the office imports every register, an organisation its own suggestions and training (imports.sheets)",
    ),
    R("imports:template", "none", "municipal_users", post="logged_in_get_only", why="the sheets of the user's role"),
    R("imports:registers", "none", "municipal_users", post="logged_in_get_only", why="the records the user reads"),
    R("imports:detail", "import_batch", "import_batch"),
    R("imports:status", "import_batch", "import_batch", post="logged_in_get_only"),
    R("imports:confirm", "import_batch", "import_batch", post_only=True),
    # --- the regional project office (region/): comparison and onboarding of municipalities
    R("region:comparison", "none", "region_only", post="get_only"),
    R("region:comparison-xlsx", "none", "region_only", post="get_only"),
    R("region:municipality-list", "none", "region_only", post="get_only"),
    R("region:municipality-create", "none", "region_only"),
    R("region:municipality-detail", "municipality", "region_only", post="get_only"),
    R("region:municipality-deactivate", "municipality", "region_only", why="a confirmation page, then POST"),
    R("region:municipality-reactivate", "municipality", "region_only", why="a confirmation page, then POST"),
    # --- the regional bank of practices (practices/): every municipality reads it; open data and the API
    R("practices:list", "none", "region_wide"),
    R("practices:detail", "practice", "region_wide"),
    R("practices:pdf", "practice", "region_wide"),
    R("practices:replicate", "practice", "bank_replicate", why="a confirmation page, then POST"),
    R("practices:opendata", "none", "public", post="get_only"),
    R("practices:opendata-csv", "none", "public", post="get_only"),
    R("practices:opendata-json", "none", "public", post="get_only"),
    R("practices:opendata-structure", "none", "public", post="get_only"),
    R("practices:opendata-schema", "none", "public", post="get_only"),
    R("practices:api-list", "none", "public", post="get_only"),
    R("practices:api-detail", "practice", "public", post="get_only"),
    # --- Django's admin site: every pattern under /admin/ (index and every model's list)
    R("admin:*", "admin_pages", "admin_site", post="skip"),
]

# Django's own helpers that serve files in development, never part of the matrix.
EXCLUDED_VIEWS = {"django.views.static.serve", "django.contrib.staticfiles.views.serve"}


# --- Discovering the URL patterns ---------------------------------------------------------


def walk(patterns, namespace: str = "", prefix: str = ""):
    """(qualified name, route, pattern) of every URL pattern, following includes and namespaces."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


def discovered_patterns() -> list[tuple[str | None, str]]:
    found = []
    for name, route, pattern in walk(get_resolver().url_patterns):
        if pattern.lookup_str in EXCLUDED_VIEWS:
            continue
        found.append((name, route))
    return found


def table_entry_for(name: str | None, route: str) -> str | None:
    """The ROUTES name covering a pattern: its own, or the one entry for Django's admin site."""
    if route.startswith("admin/"):
        return "admin:*"
    return name


def test_every_url_pattern_is_in_the_table():
    declared = {route.name for route in ROUTES}
    missing = sorted(
        f"{name or '(без имени)'}  /{route}"
        for name, route in discovered_patterns()
        if table_entry_for(name, route) not in declared
    )
    assert not missing, "URL patterns missing from the access matrix (declare them in ROUTES):\n" + "\n".join(missing)


def test_every_table_entry_is_a_real_url_pattern():
    discovered = {table_entry_for(name, route) for name, route in discovered_patterns()}
    stale = sorted({route.name for route in ROUTES} - discovered)
    assert not stale, f"ROUTES names URL patterns that no longer exist: {stale}"


def test_policies_cover_every_role_and_owner():
    for name, cells in POLICIES.items():
        assert set(cells) == set(ROLES), name
        assert all(set(row) == {*OWNERS, NO_OWNER} for row in cells.values()), name
    for route in ROUTES:
        assert route.policy in POLICIES, route
        assert route.post in (None, "skip", *POLICIES), route


def test_the_second_municipality_follows_the_rules_of_the_docstring():
    read, write, office = POLICIES["read"], POLICIES["write"], POLICIES["office"]
    # Nobody of A reads B's record; A's office is refused it as an outsider (404), not as a reader.
    assert [read[role]["far"] for role in ("department", "school", "director", "economy")] == [404] * 4
    assert write["economy"]["far"] == 404 and office["department"]["far"] == 403
    # B's office mirrors A's: B's records as A's office reads A's, A's records as A's office reads B's.
    assert read["far_economy"] == {"own": 404, "school": 404, "other": 404, "far": 200, NO_OWNER: 200}
    assert write["far_economy"]["far"] == 403 and office["far_economy"][NO_OWNER] == 200
    # The regional office reads everything an office reads, writes and decides nothing.
    assert set(read["region"].values()) == {200} and set(write["region"].values()) == {403}
    assert POLICIES["office_reads"]["region"][NO_OWNER] == 200 and office["region"][NO_OWNER] == 403
    # Records everyone of a municipality reads (contests): 404 across the border, for everyone of A.
    assert POLICIES["contest_write"]["department"]["far"] == 404
    # Open pages stay open; the administrator is unchanged.
    assert set(POLICIES["public"]["department"].values()) == {200}
    assert all(POLICIES[name]["admin"]["far"] == POLICIES[name]["admin"]["other"] for name in POLICIES)
    assert POLICIES["region_only"]["economy"][NO_OWNER] == 403 and POLICIES["region_only"]["region"]["far"] == 200


# --- The data, once per module -------------------------------------------------------------


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("access-matrix-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    """Every record of the matrix, built once and rolled back when the module is done.

    Each test's own transaction (pytest-django) nests inside this one as a savepoint.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                MEDIA_ROOT=media_root, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _matrix_settings(_fast_and_isolated, settings, media_root, monkeypatch):
    # The scans the world wrote live in the module's media directory.
    settings.MEDIA_ROOT = media_root
    # The matrix checks who gets in, not the PDF layout (tested in each app): skip WeasyPrint.
    monkeypatch.setattr("lean_portal.pdf.render_pdf", lambda template, context: b"%PDF-1.4\n%%EOF\n")


# --- URLs of a route for an owner ---------------------------------------------------------


def url_arguments(kind: str, world: World, owner: str) -> tuple[dict, str]:
    """The URL kwargs (all the names a pattern of this kind may use) and the query string."""
    if kind == "none":
        return {}, ""
    if kind == "reset_link":
        return {"uidb64": "MQ", "token": "not-a-token"}, ""
    if kind == "statement":
        return {"pk": world.statement.pk}, ""
    if kind == "plan":
        return {"pk": world.plan_of(owner)[0].pk}, ""
    if kind == "rubric_version":
        from scoring.models import RubricVersion

        return {"pk": RubricVersion.objects.current().pk}, ""
    if kind == "municipality":
        # A municipality's page by its slug (``/…/<slug>/``). A page that takes ``?municipality=``
        # (orgs.access.chosen_municipality) is declared "none": a municipality's own people get their
        # own municipality whatever the address says.
        municipality = world.far_municipality if owner == "far" else world.municipality
        return {"slug": municipality.slug, "municipality": municipality.slug, "pk": municipality.pk}, ""
    plan, indicator = world.plan_of(owner)
    if kind == "indicator":
        return {"indicator": indicator.pk, "year": plan.first_year}, ""
    records = world.records[owner]
    if kind == "practice":
        return {"pk": (world.practice or records.approved_project).pk}, ""
    if kind == "indicator_of_organisation":
        args = {"indicator": indicator.pk, "year": plan.first_year}
        return args, f"organisation={records.organisation.pk}"
    if kind == "organisation":
        return {"pk": records.organisation.pk, "org_pk": records.organisation.pk}, ""
    if kind == "period":
        # A quarter with no report yet: the page offering to start it, for the organisation named.
        return {"year": 2025, "quarter": 1}, f"organisation={records.organisation.pk}"
    if kind == "survey":
        survey = records.survey
        return {"pk": survey.pk, "token": survey.public_token}, ""
    if kind == "goal_link":
        return {"pk": records.survey.pk, "link_pk": records.goal_link.pk}, ""
    # The child of the next owner's parent: own → school's, school's → other's, other's → own;
    # far (municipality B) → own.
    foreign = world.records[FOREIGN_CHILD_OF[owner]]
    if kind == "foreign_goal_link":
        return {"pk": records.survey.pk, "link_pk": foreign.goal_link.pk}, ""
    if kind == "foreign_contest_entry":
        return {"pk": records.contest.pk, "entry_pk": foreign.contest_entry.pk}, ""
    if kind == "contest_entry":
        return {"pk": records.contest.pk, "entry_pk": records.contest_entry.pk}, ""
    if kind == "people_of_draft_project":
        return {}, f"project={records.draft_project.pk}&q=Ива"
    if kind.endswith("_project"):
        project = getattr(records, kind)
        return {"pk": project.pk, "project_pk": project.pk, "to_state": "submitted"}, ""
    return {"pk": getattr(records, kind).pk}, ""


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return urls


def urls_for(route: Route, world: World, owner: str) -> list[str]:
    if route.kind == "admin_pages":
        return admin_urls()
    pattern = {name: p for name, _, p in walk(get_resolver().url_patterns)}[route.name]
    wanted = set(pattern.pattern.converters)
    kwargs, query = url_arguments(route.kind, world, owner)
    url = reverse(route.name, kwargs={key: value for key, value in kwargs.items() if key in wanted})
    return [f"{url}?{query}" if query else url]


FOREIGN_CHILD_OF = {"own": "school", "school": "other", "other": "own", "far": "own"}
# Kinds that point to no record of an organisation; a plan and its indicators are a municipality's,
# and so is a page about one municipality (by slug in the path): "own" is A's, "far" is B's.
UNOWNED_KINDS = ("none", "reset_link", "statement", "rubric_version", "admin_pages")
MUNICIPAL_KINDS = ("plan", "indicator", "municipality")


def owners_of(route: Route) -> tuple[str | None, ...]:
    if route.kind in UNOWNED_KINDS:
        return (NO_OWNER,)
    if route.kind in MUNICIPAL_KINDS:
        return ("own", "far")
    return OWNERS


# --- Expectations and answers ------------------------------------------------------------


def expected(route: Route, role: str, owner: str | None, method: str):
    if method == "GET":
        if route.post_only:
            return LOGIN if role == "anonymous" and route.login_first else 405
        return POLICIES[route.policy][role][owner]
    if route.post == "skip":
        return SKIP
    value = POLICIES[route.post or route.policy][role][owner]
    return OK if value in (200, REDIRECT) else value


def answer(response, wanted):
    """The response in the table's terms (only as precise as ``wanted`` needs)."""
    status = response.status_code
    if status == 302:
        path = urlsplit(response["Location"]).path
        if path == resolve_url(settings.LOGIN_URL):
            return LOGIN
        if path == reverse("admin:login"):
            return ADMIN_LOGIN
        return OK if wanted == OK else REDIRECT
    if wanted == OK and status < 500 and status not in REFUSALS:
        return OK
    return status


# Tables a GET may write: the session (last-activity mark), the log-in lock-out records and the
# audit of access to personal data (orgs.audit). Anything else written by a GET is a bug.
GET_MAY_WRITE = ("django_session", "axes_", "orgs_personaldataaccess")
WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def written_tables(queries) -> set[str]:
    tables = set()
    for query in queries:
        match = WRITE_SQL.match(query["sql"])
        if match and not match.group(1).startswith(GET_MAY_WRITE):
            tables.add(match.group(1))
    return tables


def request(client, method: str, url: str):
    """One request, its writes rolled back so the next one sees the same records.

    Returns the response and the tables a GET wrote to (outside ``GET_MAY_WRITE``).
    """
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.get(url) if method == "GET" else client.post(url)
        transaction.set_rollback(True)
    return response, written_tables(queries.captured_queries) if method == "GET" else set()


def session_cookie(client: Client) -> str:
    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return morsel.value if morsel is not None else ""


def log_in(client: Client, world: World, role: str) -> None:
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.name}[{r.kind}]")
def test_access_matrix(route, world):
    client = Client()
    wrong = []
    for role in ROLES:
        log_in(client, world, role)
        for owner in owners_of(route):
            for url in urls_for(route, world, owner):
                for method in ("GET", "POST"):
                    wanted = expected(route, role, owner, method)
                    if wanted is SKIP:
                        continue
                    if role == "anonymous":
                        # A fresh visitor each time: a session an anonymous POST started (the form
                        # stash) was rolled back with the request, while a shared cache (Redis,
                        # ``make test-redis``) would still hold it.
                        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
                    response, writes = request(client, method, url)
                    got = answer(response, wanted)
                    if role != "anonymous" and not session_cookie(client):
                        log_in(client, world, role)  # the request ended the session (log-out)
                    if got != wanted:
                        wrong.append(f"{method} {url} as {role} ({owner or '—'}): expected {wanted}, got {got}")
                    if writes:
                        wrong.append(f"GET {url} as {role} ({owner or '—'}) wrote to {sorted(writes)}")
    assert not wrong, f"{route.name}: {route.why}\n" + "\n".join(wrong)


# --- CSRF ------------------------------------------------------------------------------------


def first_allowed_post(route: Route) -> tuple[str, str] | None:
    """(role, owner) of the first user whose POST the route accepts, or None when none may post."""
    for role in ROLES:
        for owner in owners_of(route):
            if expected(route, role, owner, "POST") == OK:
                return role, owner
    if route.policy == "logout":
        return "department", NO_OWNER  # log-out answers everyone with the log-in page, and needs the token
    return None


POSTABLE = [route for route in ROUTES if first_allowed_post(route) is not None]


@pytest.mark.django_db
@pytest.mark.parametrize("route", POSTABLE, ids=lambda r: f"{r.name}[{r.kind}]")
def test_posts_require_csrf(route, world, caplog):
    role, owner = first_allowed_post(route)
    client = Client(enforce_csrf_checks=True)
    log_in(client, world, role)
    for url in urls_for(route, world, owner):
        caplog.clear()
        response, _ = request(client, "POST", url)
        assert response.status_code == 403, f"POST {url} as {role} without a CSRF token: {response.status_code}"
        # Refused by the CSRF check itself, not by the view's access rules.
        assert any(record.name == "django.security.csrf" for record in caplog.records), url


# --- Content isolation: nothing of the other municipality in a page, export or lookup -----------
#
# Status codes prove that a record of B cannot be opened from A; the bodies of the pages without a
# record — lists, exports (.xlsx, .csv, the PDF's HTML), lookups (JSON), search, drill-downs of the
# plan — prove that B's records are not listed in A either. Every record of A carries
# ``MARKERS["A"]``, every record of B ``MARKERS["B"]`` (``access_world``); the queries below ask
# every lookup and search for «маркер», which both markers contain.
#
# The page cache: the requests of one route run one after another in the same cache (locmem, or
# Redis under ``make test-redis``), A's office first, then B's, then A's again: a page or a fragment
# cached under a key without the municipality is served to the other office, and fails here.

SEARCH = "маркер"
CONTENT_QUERY = {
    "projects:similar": f"title={SEARCH}&process={SEARCH}",
    "scoring:ranking": "",  # its search is over the assessed projects' own fields
}
# Lists of one municipality at a time (the regional office chooses one with ``?municipality=``):
# the regional office's view of them need not show both municipalities.
# Pages that list the records of the world for both offices: each must show its own
# municipality's marker, or the absence of the other's would prove nothing.
SHOWS_OWN = {
    "projects:registry",
    "projects:export",
    "orgs:list",
    "orgs:autocomplete",
    "registries:suggestion-list",
    "registries:suggestion-export",
    "registries:training-list",
    "registries:training-export",
    "scoring:ranking",
}
PER_MUNICIPALITY = {
    "plan:dashboard",
    "plan:report-pdf",
    "plan:report-xlsx",
    "plan:plan-list",
    "reporting:deadlines",
    "reporting:status",
    "reporting:export",
    # The regional office's home is the comparison's headline, not the municipalities' work lists.
    "home",
}
CONTENT_KINDS = ("none", "indicator", "organisation", "indicator_of_organisation")


def _reads_page(route: Route, role: str, owner) -> bool:
    return not route.post_only and POLICIES[route.policy][role][owner] == 200


def content_cases() -> list[tuple[Route, str]]:
    cases, seen = [], set()
    for route in ROUTES:
        if route.kind not in CONTENT_KINDS or (route.name, route.kind) in seen:
            continue
        home = NO_OWNER if route.kind in UNOWNED_KINDS else "own"
        far = NO_OWNER if route.kind in UNOWNED_KINDS else "far"
        shared = POLICIES[route.policy]["economy"]["far"] == 200  # meant for every municipality (the bank)
        if not shared and _reads_page(route, "economy", home) and _reads_page(route, "far_economy", far):
            seen.add((route.name, route.kind))
            cases.append(route)
    return cases


def body_text(response) -> str:
    """What a person reads in the response: HTML, the cells of an .xlsx, JSON with its Cyrillic."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            # openpyxl writes Cyrillic as character references (&#1051;…).
            return "".join(html.unescape(archive.read(name).decode("utf-8", "replace")) for name in archive.namelist())
    if "json" in response.get("Content-Type", ""):
        return json.dumps(json.loads(content), ensure_ascii=False)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1251", "replace")


def content_url(route: Route, world: World, owner) -> str:
    (url,) = urls_for(route, world, owner)
    query = CONTENT_QUERY.get(route.name, f"q={SEARCH}")
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


@pytest.fixture
def pdf_as_html(monkeypatch):
    """The PDF views answer their document's HTML, whose text the markers are looked for in."""
    from lean_portal import pdf

    monkeypatch.setattr(
        "lean_portal.pdf.render_pdf", lambda template, context: pdf.render_html(template, context).encode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", content_cases(), ids=lambda r: f"{r.name}[{r.kind}]")
def test_content_isolation(route, world, pdf_as_html):
    own_marker, far_marker = MARKERS["A"], MARKERS["B"]
    home, far = (NO_OWNER, NO_OWNER) if route.kind in UNOWNED_KINDS else ("own", "far")
    client = Client()
    seen, wrong = {}, []
    # (role, owner, the marker that must not be there): A's office, B's office, A's office again
    # (after B's, through the same cache), A's staff where they read the page.
    visits = [("economy", home, far_marker), ("far_economy", far, own_marker), ("economy", home, far_marker)]
    if _reads_page(route, "department", home):
        visits.append(("department", home, far_marker))
    for role, owner, foreign in visits:
        log_in(client, world, role)
        url = content_url(route, world, owner)
        response, _ = request(client, "GET", url)
        if response.status_code != 200:
            wrong.append(f"GET {url} as {role}: {response.status_code}")
            continue
        text = body_text(response)
        seen.setdefault(role, text)
        own = own_marker if foreign == far_marker else far_marker
        if route.name in SHOWS_OWN and own not in text:
            wrong.append(f"GET {url} as {role} does not show its own municipality's records ({own})")
        if foreign in text:
            wrong.append(f"GET {url} as {role} shows the other municipality's records ({foreign})")
    both = own_marker in seen.get("economy", "") and far_marker in seen.get("far_economy", "")
    region_reads = POLICIES[route.policy]["region"][NO_OWNER] == 200
    if both and region_reads and route.kind in UNOWNED_KINDS and route.name not in PER_MUNICIPALITY:
        # Each office sees its own records here: the regional office sees both municipalities'.
        log_in(client, world, "region")
        url = content_url(route, world, NO_OWNER)
        response, _ = request(client, "GET", url)
        text = body_text(response) if response.status_code == 200 else ""
        missing = [marker for marker in (own_marker, far_marker) if marker not in text]
        if missing:
            wrong.append(f"GET {url} as region ({response.status_code}) does not show {missing}")
    assert not wrong, f"{route.name}: {route.why}\n" + "\n".join(wrong)


def test_content_isolation_covers_lists_exports_and_lookups():
    names = {route.name for route in content_cases()}
    assert SHOWS_OWN | {"plan:records", "projects:project-lookup", "registries:suggestion-lookup"} <= names


def test_matrix_is_not_empty():
    """Guards against a table that silently selects nothing."""
    assert len(ROUTES) > 100
    assert sum(route.post_only for route in ROUTES) > 20


# --- Decisions: who may take each step of a workflow ----------------------------------------
#
# The matrix posts empty forms, so a step whose view lets every reader in and whose service
# checks the role ("service decides" above) is proven here with a complete form: the step is
# taken exactly by the people named, for every role × owner.


def organisation_staff(role: str, owner: str) -> bool:
    """The record's own organisation (and administrators)."""
    return role == "admin" or (role, owner) in {("department", "own"), ("director", "own"), ("school", "school")}


def office(role: str, owner: str) -> bool:
    """The office of the record's municipality (and administrators); never the regional office."""
    return role == "admin" or role == ("far_economy" if owner == "far" else "economy")


def head(role: str, owner: str) -> bool:
    """The head of the record's organisation: only the unit has one in this district."""
    return (role, owner) == ("director", "own")


def suggestion_decider(role: str, owner: str) -> bool:
    """The head of the suggestion's organisation or the unit it reports to, and administrators."""
    return role == "admin" or (role, owner) in {("director", "own"), ("director", "school"), ("department", "school")}


@dataclass(frozen=True)
class Decision:
    name: str
    kind: str  # the record, in the state the step starts from
    data: dict
    who: object  # (role, owner) → may take the step
    to_state: str = ""


DECISIONS = [
    Decision("projects:transition", "draft_project", {"comment": ""}, organisation_staff, to_state="submitted"),
    Decision("projects:transition", "submitted_project", {"comment": ""}, office, to_state="accepted"),
    Decision("projects:transition", "accepted_project", {"comment": ""}, head, to_state="approved"),
    Decision("projects:change-decide", "change_request", {"decision": "agree", "comment": "Да"}, office),
    Decision("reporting:accept", "submitted_report", {"comment": ""}, office),
    Decision("registries:suggestion-accept", "suggestion", {"comment": ""}, suggestion_decider),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "decision", DECISIONS, ids=lambda d: f"{d.name}[{d.kind}{'→' + d.to_state if d.to_state else ''}]"
)
def test_workflow_steps_are_taken_only_by_the_right_people(decision, world):
    client = Client()
    wrong = []
    for role in ROLES:
        log_in(client, world, role)
        for owner in OWNERS:
            record = getattr(world.records[owner], decision.kind)
            kwargs = {"pk": record.pk, **({"to_state": decision.to_state} if decision.to_state else {})}
            url = reverse(decision.name, kwargs=kwargs)
            with transaction.atomic():
                response = client.post(url, decision.data)
                before, after = record.state, type(record).objects.get(pk=record.pk).state
                transaction.set_rollback(True)
            taken = after != before
            if taken != decision.who(role, owner):
                wrong.append(f"POST {url} as {role} ({owner}): {response.status_code}, {before} → {after}")
    assert not wrong, "\n".join(wrong)


# --- Maker-checker: nobody decides what they filed ------------------------------------------
#
# For each decision a record filed by the person who would otherwise decide it: the maker is
# refused (403, or the page again with the Russian reason) and the record stays as it was; the
# checker — a second office member, or the deputy the admin named where the office (or the head)
# is one person — takes the step.

MAKER_REFUSED = ("подали сами", "своему предложению")


def _user(username, organisation, role="staff"):
    from orgs.models import User
    from orgs.tests.factories import EmployeeFactory, UserFactory

    employee = EmployeeFactory(organisation=organisation, lean_basics_completed_on=TRAINED_ON_MATRIX)
    return UserFactory(username=username, role=getattr(User.Role, role.upper()), employee=employee)


TRAINED_ON_MATRIX = __import__("datetime").date(2023, 3, 1)


def _filed_passport(organisation, maker, state, **fields):
    from projects.models import Transition
    from projects.tests.factories import FullProjectFactory

    project = FullProjectFactory(organisation=organisation, created_by=maker, state=state, **fields)
    Transition.objects.create(project=project, from_state="draft", to_state="submitted", user=maker)
    return project


def _office(world):
    return world.users["economy"].organisation


def _name_deputy(organisation, deputy):
    organisation.decision_deputy = deputy
    organisation.save(update_fields=["decision_deputy"])


def scenario_passport_accept(world):
    economy = world.users["economy"]
    project = _filed_passport(_office(world), economy, "submitted")
    url = reverse("projects:transition", kwargs={"pk": project.pk, "to_state": "accepted"})
    return project, url, {"comment": ""}, economy, _user("economy2", _office(world), "economy")


def scenario_passport_return(world):
    economy = world.users["economy"]
    project = _filed_passport(_office(world), economy, "submitted")
    url = reverse("projects:transition", kwargs={"pk": project.pk, "to_state": "returned"})
    return project, url, {"comment": "Уточните цели"}, economy, _user("economy2", _office(world), "economy")


def scenario_passport_accept_one_person_office(world):
    """The office is one person: the deputy the admin named accepts the office's own passport."""
    economy = world.users["economy"]
    project = _filed_passport(_office(world), economy, "submitted")
    deputy = _user("deputy", world.records["other"].organisation)
    _name_deputy(_office(world), deputy)
    url = reverse("projects:transition", kwargs={"pk": project.pk, "to_state": "accepted"})
    return project, url, {"comment": ""}, economy, deputy


def scenario_passport_approve(world):
    """The head filed the passport of their own organisation: the deputy approves it."""
    director = world.users["director"]
    unit = world.records["own"].organisation
    project = _filed_passport(unit, director, "accepted", customer_organisation=unit, customer="")
    deputy = _user("deputy", unit)
    _name_deputy(unit, deputy)
    url = reverse("projects:transition", kwargs={"pk": project.pk, "to_state": "approved"})
    return project, url, {"comment": ""}, director, deputy


def scenario_change_agree(world):
    from projects.models import ChangeRequest

    economy = world.users["economy"]
    project = _filed_passport(_office(world), economy, "approved")
    change = ChangeRequest.objects.create(project=project, summary="Сдвиг", reason="Задержка", created_by=economy)
    url = reverse("projects:change-decide", kwargs={"pk": change.pk})
    return change, url, {"decision": "agree", "comment": ""}, economy, _user("economy2", _office(world), "economy")


def scenario_change_approve(world):
    from projects.models import ChangeRequest

    director = world.users["director"]
    unit = world.records["own"].organisation
    project = _filed_passport(unit, director, "approved", customer_organisation=unit, customer="")
    change = ChangeRequest.objects.create(
        project=project,
        summary="Сдвиг",
        reason="Задержка",
        created_by=director,
        state="agreed",
        proposed={"stages": {"stage10_date": "2025-07-01"}},
    )
    deputy = _user("deputy", unit)
    _name_deputy(unit, deputy)
    url = reverse("projects:change-decide", kwargs={"pk": change.pk})
    return change, url, {"decision": "approve", "comment": ""}, director, deputy


def scenario_report_accept(world):
    from reporting.tests.factories import ReportFactory

    admin_user = world.users["admin"]
    report = ReportFactory(
        organisation=world.records["own"].organisation,
        year=2025,
        quarter=4,
        state="submitted",
        submitted_by=admin_user,
    )
    return report, reverse("reporting:accept", kwargs={"pk": report.pk}), {}, admin_user, world.users["economy"]


def _office_self_assessment(world):
    from lean_portal.tests.access_world import FEDERAL_10
    from scoring import services as scoring_services

    economy = world.users["economy"]
    project = _filed_passport(_office(world), economy, "approved")
    return scoring_services.assessment_save(
        project=project,
        user=economy,
        choices=FEDERAL_10,
        justifications=dict.fromkeys(FEDERAL_10, "Подтверждено документами."),
        submit=True,
    )


def scenario_assessment_agree(world):
    assessment = _office_self_assessment(world)
    url = reverse("scoring:agree", kwargs={"pk": assessment.pk})
    return assessment, url, {}, world.users["economy"], _user("economy2", _office(world), "economy")


def scenario_assessment_agree_one_person_office(world):
    assessment = _office_self_assessment(world)
    deputy = _user("deputy", world.records["other"].organisation)
    _name_deputy(_office(world), deputy)
    return assessment, reverse("scoring:agree", kwargs={"pk": assessment.pk}), {}, world.users["economy"], deputy


def scenario_suggestion_accept(world):
    """The school's head co-authored it: the unit the school reports to decides."""
    from registries.tests.factories import SuggestionFactory

    school = world.records["school"].organisation
    head = _user("school_head", school, "director")
    school.head = head.employee
    school.save(update_fields=["head"])
    suggestion = SuggestionFactory(organisation=school, authors=[head.employee])
    url = reverse("registries:suggestion-accept", kwargs={"pk": suggestion.pk})
    return suggestion, url, {"comment": ""}, head, world.users["department"]


MAKER_CHECKER = [
    scenario_passport_accept,
    scenario_passport_return,
    scenario_passport_accept_one_person_office,
    scenario_passport_approve,
    scenario_change_agree,
    scenario_change_approve,
    scenario_report_accept,
    scenario_assessment_agree,
    scenario_assessment_agree_one_person_office,
    scenario_suggestion_accept,
]


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", MAKER_CHECKER, ids=lambda f: f.__name__.removeprefix("scenario_"))
def test_the_maker_is_refused_and_the_checker_decides(scenario, world):
    record, url, data, maker, checker = scenario(world)
    before = record.state
    client = Client()
    client.force_login(maker)
    response = client.post(url, data, follow=True)
    text = response.content.decode()
    assert type(record).objects.get(pk=record.pk).state == before, f"the maker {maker} took the step"
    assert response.status_code in (200, 403), response.status_code
    assert any(words in text for words in MAKER_REFUSED), f"no Russian reason for {maker}: {response.status_code}"
    client.force_login(checker)
    response = client.post(url, data)
    assert response.status_code == 302, response.status_code
    assert type(record).objects.get(pk=record.pk).state != before, f"the checker {checker} could not decide"

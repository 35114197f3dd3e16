"""A fresh probe of the running app: access matrix, bad input and XSS, over real HTTP.

Creates (and afterwards drops) the PostgreSQL database ``factcheck_probe``, migrates, loads the
seed and the archive's ClaimReviews, and builds through the services a desk with objects at
every workflow step (draft, rated, in review with a partial panel, disputed, published, a
pending correction, dismissed; sources; internal and public notes of another user) twice: a
*main* desk that writes expected to fail are aimed at, and a *scratch* desk that allowed writes
use. Serves the app with gunicorn (2 workers, DEBUG off, ``--no-control-socket``) on a free
127.0.0.1 port with ``FACTCHECK_PANEL_SIZE=3`` (votes, blind panels and disputes are part of
every page), then runs these families:

- access-api:   every /api/ URL pattern (walked from ``get_resolver()``) x GET, POST, PUT,
                PATCH, DELETE x anonymous, nobody, viewer, editor, reviewer, admin; with token
                auth and with session+CSRF (and session without CSRF: never a write)
- access-html:  every page and htmx view x the same methods and roles, session+CSRF, with and
                without ``HX-Request: true``; forms are valid, so a denial is the rule's
- access-admin: every admin URL of every registered model x GET/POST x roles (staff)
- admin-rules:  for each role, a save of the change form with what the workflow owns tampered
                (status, rating, rated_by, approved_by, version, a published summary, a
                colleague's note, one's own groups), deletes of sources and notes (soft), claim
                deletes, history reverts
- leaks:        reports and exports in every format, public and ``internal=1``, by every role:
                no note and no draft in a public export, no internal note below editor
- bad-input:    tests/bad_input.py's ids, pages, odd and raw queries, 1,000-deep JSON,
                malformed JSON, wrong content types, NUL bytes and overlong strings against
                every API family and the HTML forms: 4xx, never 5xx, and ``{"error", "detail",
                "fields"}`` under /api/
- xss-pages:    46 payloads stored through the API in every user-writable text field, then
                every page that shows them opened in Debian's Chromium: any dialog, any
                ``window.__xss``, any live ``on*``/``hx-on`` attribute or ``javascript:`` link
- xss-embedded: each JSON export (ClaimReview JSON-LD, W3C, JSON) pasted into a
                ``<script type="application/ld+json">`` page: nothing runs, nothing breaks out

"Success" of a write is judged on the database, not the status code: a fingerprint of every
domain table before and after each request that must not write. Any 5xx anywhere (and any
traceback in the server log) is a finding. Prints a table per family and every finding; exits
1 on any finding.

Usage: .venv/bin/python bench/probe.py [--quick] [--only FAMILY,...] [--trace FILE]
       [PROBE_PG=postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Gunicorn, drop_database, recreate_database  # noqa: E402
from tests.bad_input import (  # noqa: E402
    BAD_IDS,
    HUGE_PAGES,
    MULTIPART_BAD_BASE64,
    ODD_QUERY_VALUES,
    RAW_QUERIES,
)

HOST = "127.0.0.1"  # the probe talks to this machine only
SERVER = os.environ.get("PROBE_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_probe"
LADDER = ["anonymous", "nobody", "viewer", "editor", "reviewer", "admin"]
METHODS = ["get", "post", "put", "patch", "delete"]
INTERNAL_MARK = "zqinternalnote"
PUBLIC_NOTE_MARK = "zqpublicnote"
DRAFT_MARK = "zqdraftclaim"
ARTICLE_MARK = "Zqarticle"  # in the desk articles' titles
OVERLONG_FIELDS = ("body", "claim_text", "claimant", "summary", "url", "title", "quote", "note",
                   "reason", "text")  # fmt: skip
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

SERVER_ENV = {
    "DATABASE_URL": f"{SERVER}/{DB_NAME}",
    "SECRET_KEY": "probe-only-secret-key-not-for-production",
    "DEBUG": "false",
    "ALLOWED_HOSTS": HOST,
    "API_THROTTLE_USER": "100000000/hour",
    "API_THROTTLE_TOKEN": "100000/minute",
    "FACTCHECK_PANEL_SIZE": "3",
    "LOG_LEVEL": "ERROR",
    "REDIS_URL": "",
    "DJANGO_SETTINGS_MODULE": "factcheck.settings",
}

# ----------------------------------------------------------------------------- findings


@dataclass
class Family:
    cases: int = 0
    passed: int = 0
    findings: list[str] = field(default_factory=list)


FAMILIES: dict[str, Family] = defaultdict(Family)
TRACE = None  # --trace FILE: every request's family, status and description


def check(family: str, ok: bool, what: str) -> bool:
    fam = FAMILIES[family]
    fam.cases += 1
    if ok:
        fam.passed += 1
    else:
        fam.findings.append(what)
    return ok


# ----------------------------------------------------------------------------- database


class Fingerprint:
    """A digest of every domain table: a write that must not happen changes it."""

    # Written by reads or logins, not by the workflow: sessions, tokens, the admin's log.
    SKIP = ("django_session", "authtoken_token", "django_admin_log", "django_migrations")

    def __init__(self) -> None:
        import psycopg

        self.conn = psycopg.connect(f"{SERVER}/{DB_NAME}", autocommit=True)
        rows = self.conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        tables = [r[0] for r in rows if r[0] not in self.SKIP]
        # Rows and the newest row version (xmin) per table: an insert, update or delete that
        # committed shows; reading a whole table's text per request would be too slow.
        parts = [
            f"(SELECT count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text "  # noqa: S608 - the probe's own table names
            f'FROM "{table}")'
            for table in tables
        ]
        self.tables = tables
        self.sql = "SELECT ARRAY[" + ", ".join(parts) + "]"

    def take(self) -> list[str]:
        return self.conn.execute(self.sql).fetchone()[0]

    def diff(self, before: list[str], after: list[str]) -> list[str]:
        return [t for t, a, b in zip(self.tables, before, after, strict=True) if a != b]

    def value(self, sql: str, *args):
        row = self.conn.execute(sql, args).fetchone()
        return row[0] if row else None

    def row(self, sql: str, *args):
        return self.conn.execute(sql, args).fetchone()


# ----------------------------------------------------------------------------- setup

SETUP = r"""
import json
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from annotations import services
from annotations.archive.models import ClaimReview, ClaimReviewImport
from annotations.exports.models import ReportFile
from annotations.documents import read_text
from annotations.imports.models import ArticleImport
from annotations.models import Rating
from annotations.panel import services as panel
from annotations.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

people = {}
for name, role in [("nobody", None), ("viewer", "viewer"), ("editor", "editor"),
                   ("reviewer", "reviewer"), ("admin", "admin"), ("editor2", "editor"),
                   ("reviewer2", "reviewer")]:
    user = User.objects.create_user(f"probe-{name}", password=f"probe-{name}-pw")
    user.is_staff = role is not None  # every role may open the admin, with its permissions
    user.save()
    if role:
        user.groups.set([Group.objects.get(name=role)])
    people[name] = user
R = {r.slug: r for r in Rating.objects.all()}
editor2, reviewer2, admin_user, reviewer = (
    people["editor2"], people["reviewer2"], people["admin"], people["reviewer"])


def add(claim, kind):
    if kind == "source":
        return services.source_add(claim=claim, user=editor2, url="https://example.org/d").pk
    return services.note_add(claim=claim, user=editor2, body="To be removed.").pk


def desk(label):
    sentences = [f"The {label} council spent {n} million dollars on roads in 20{10 + n}."
                 for n in range(12)]
    body = f"Zqarticle {label.title()} Roads Budget\n\n" + "\n\n".join(sentences) + "\n"
    article = services.article_ingest(document=read_text(body), user=editor2).article
    seg = list(article.segments.filter(kind="sentence").order_by("position"))

    def claim(i, text=""):
        return services.claim_create(article=article, segments=[seg[i]], user=editor2,
                                     claim_text=text)

    def rate(c, slug="half-true"):
        return services.claim_update(claim=c, user=editor2, version=c.version, rating=R[slug],
                                     summary="Partly, says the auditor.")

    def submit(c):
        return services.claim_submit(claim=c, user=editor2, version=c.version)

    def vote(c, user, slug):
        panel.vote_cast(claim=c, user=user, rating=R[slug], reason="Looked at the budget.")
        c.refresh_from_db()
        return c

    draft = claim(0, f"The council spent a lot {DRAFT_MARK}.")
    rated = rate(claim(1))
    in_review = vote(submit(rate(claim(2))), reviewer2, "half-true")
    disputed = submit(rate(claim(3)))
    disputed = vote(vote(vote(disputed, reviewer2, "true"), admin_user, "false"), reviewer,
                    "misleading")
    published = vote(vote(submit(rate(claim(4))), reviewer2, "half-true"), admin_user,
                     "half-true")
    published = services.claim_publish(claim=published, user=reviewer2, version=published.version)
    corrected = vote(vote(submit(rate(claim(5))), reviewer2, "half-true"), admin_user,
                     "half-true")
    corrected = services.claim_publish(claim=corrected, user=reviewer2, version=corrected.version)
    corrected = services.claim_correct(claim=corrected, user=reviewer2, version=corrected.version,
                                       rating=R["false"], note="New figures.",
                                       summary="The auditor's new figures say no.")
    dismissed = services.claim_dismiss(claim=claim(6), user=editor2, version=1)
    source = services.source_add(claim=draft, user=editor2, url="https://example.org/a",
                                 title="Budget book")
    pub_source = services.source_add(claim=published, user=editor2, url="https://example.org/b")
    notes = {}
    for c_name, c in (("draft", draft), ("published", published)):
        notes[c_name + "_internal"] = services.note_add(
            claim=c, user=editor2, body=f"Called the office {INTERNAL_MARK}.", internal=True).pk
        notes[c_name + "_public"] = services.note_add(
            claim=c, user=editor2, body=f"Reader note {PUBLIC_NOTE_MARK}.", internal=False).pk
    # Webhooks and URL imports: an endpoint with one sent delivery, an editor's import.
    endpoint = WebhookEndpoint.objects.create(
        url=f"https://93.184.216.34/{label}", events=["claim.published"])
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, attempts=1,
        event=WebhookEvent.objects.create(type="claim.published", data={"label": label}))
    job = ArticleImport.objects.create(
        url=f"https://news.example/{label}", requested_by=people["editor"])
    bulk = ClaimReviewImport.objects.create(document=b"", requested_by=people["editor"])
    report_file = ReportFile.objects.create(
        filters={}, base_url="http://testserver", key=label, filename="r.pdf", status="done",
        content=b"%PDF-1.4", requested_by=people["editor"])
    return {
        "webhook": endpoint.pk, "delivery": delivery.pk, "import": job.pk,
        "claimreview_import": bulk.pk, "report_file": report_file.pk,
        "article": article.pk, "free_segment": seg[10].pk, "free_segment2": seg[11].pk,
        "segment": seg[0].pk,
        "draft": draft.pk, "rated": rated.pk, "in_review": in_review.pk,
        "disputed": disputed.pk, "published": published.pk, "corrected": corrected.pk,
        "dismissed": dismissed.pk, "source": source.pk, "pub_source": pub_source.pk,
        "note": notes["draft_internal"], "public_note": notes["draft_public"],
        "pub_internal_note": notes["published_internal"],
        "correction": corrected.corrections.first().pk,
        # One source and note (editor2's) per role and way of deleting, for the admin's deletes.
        **{f"{kind}_{how}_{role}": add(draft, kind)
           for kind in ("source", "note") for how in ("page", "bulk")
           for role in ("viewer", "editor", "reviewer", "admin")},
    }


main, scratch = desk("main"), desk("scratch")


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace + ":" if p.namespace else ""
            for route, name in walk(p.url_patterns, prefix + str(p.pattern)):
                yield route, (ns + name if name and ns else name)
        else:
            yield prefix + str(p.pattern), p.name


print("WORLD " + json.dumps({
    "main": main, "scratch": scratch,
    "people": {n: u.pk for n, u in people.items()},
    "tokens": {n: Token.objects.create(user=u).key for n, u in people.items()},
    "ratings": {slug: r.pk for slug, r in R.items()},
    "groups": {g.name: g.pk for g in Group.objects.all()},
    "claimreview": ClaimReview.objects.order_by("pk").first().pk,
    "review_text": ClaimReview.objects.order_by("pk").first().claim_reviewed[:40],
    "patterns": list(walk(get_resolver().url_patterns)),
    "admin_models": [f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry],
}))
"""


def manage(*args: str, env: dict, capture: bool = False) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip
    return out.stdout if capture else ""


def prepare() -> dict:
    env = {**os.environ, **SERVER_ENV}
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("load_seed", env=env, capture=True)
    manage("import_claimreview", "tests/matching/archive.jsonld", env=env, capture=True)
    script = (
        f"INTERNAL_MARK = {INTERNAL_MARK!r}\nPUBLIC_NOTE_MARK = {PUBLIC_NOTE_MARK!r}\n"
        f"DRAFT_MARK = {DRAFT_MARK!r}\n{SETUP}"
    )
    out = manage("shell", "-c", script, env=env, capture=True)
    for line in out.splitlines():
        if line.startswith("WORLD "):
            return json.loads(line[6:])
    raise SystemExit(f"probe setup failed:\n{out}")


# ----------------------------------------------------------------------------- HTTP


class Client:
    """One role's way in: a token (API) and a logged-in session with its CSRF token."""

    def __init__(self, base: str, role: str, world: dict) -> None:
        import requests

        self.base, self.role = base, role
        self.token = world["tokens"].get(role)
        self.session = requests.Session()
        self.plain = requests.Session()
        if role != "anonymous":
            self.session.get(f"{base}/accounts/login/", timeout=30)
            response = self.session.post(
                f"{base}/accounts/login/",
                data={"username": f"probe-{role}", "password": f"probe-{role}-pw",
                      "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")},
                allow_redirects=False, timeout=30,
            )  # fmt: skip
            if response.status_code != 302:
                raise SystemExit(f"login as {role} failed: {response.status_code}")
        else:
            self.session.get(f"{base}/accounts/login/", timeout=30)  # a CSRF cookie, no login
        self.csrf = self.session.cookies.get("csrftoken", "")

    def send(self, method, path, *, auth="session", csrf=True, htmx=False, headers=None,
             **kw):  # fmt: skip
        headers = dict(headers or {})
        if auth == "token":
            http = self.plain
            if self.token:
                headers["Authorization"] = f"Token {self.token}"
        else:
            http = self.session
            if csrf:
                headers["X-CSRFToken"] = self.csrf
        if htmx:
            headers["HX-Request"] = "true"
        return http.request(
            method.upper(), self.base + path, headers=headers, allow_redirects=False,
            timeout=60, **kw,
        )  # fmt: skip


def describe(method: str, path: str, role: str, variant: str) -> str:
    shown = path if len(path) < 160 else path[:150] + f"...({len(path)} chars)"
    return f"{method.upper()} {shown} [{role}, {variant}]"


def api_error_shape(response) -> bool:
    try:
        data = response.json()
    except ValueError:
        return False
    return isinstance(data, dict) and {"error", "detail", "fields"} <= set(data)


def to_login(response, admin: bool = False) -> bool:
    where = urlsplit(response.headers.get("Location", "")).path
    return response.status_code == 302 and where in (
        "/admin/login/" if admin else "/accounts/login/",
        "/accounts/login/",
    )


# ----------------------------------------------------------------------------- URL patterns

PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\(\[\^/\]\+\)")

# Which object of the desk fills a pattern's parameters, by url name (default: the draft).
CLAIM_FOR = {
    "api-claim-publish": "in_review", "api-claim-submit": "rated",
    "api-claim-correct": "published", "api-claim-votes": "in_review",
    "claim_correct": "published", "claim_vote": "in_review",
}  # fmt: skip
# Routes not requested: logging out would end the probe's sessions; the password forms
# change what the probe logs in with; the catch-all and `view` redirects are covered by others.
SKIPPED = {"logout", "admin:logout", "admin:password_change", "admin:password_change_done",
           "admin:view_on_site"}  # fmt: skip


def fill(route: str, name: str | None, desk: dict, world: dict) -> list[str]:
    """Real URLs for one pattern: the route with its parameters replaced by the desk's ids."""
    route = re.sub(r"(?<!\[)\^", "", route).removesuffix("$")
    if "[\\s\\S]*" in route:
        return ["/api/v1/no-such-thing/"]
    if "(?P<url>.*)" in route:
        return ["/admin/no-such-thing/"]
    if "(?P<app_label>" in route:
        return ["/admin/annotations/", "/admin/auth/"]
    name = name or ""
    if name == "claim_workflow":
        return [
            f"/claims/{desk['rated']}/submit/",
            f"/claims/{desk['in_review']}/publish/",
            f"/claims/{desk['draft']}/dismiss/",
            f"/claims/{desk['published']}/dismiss/",
        ]
    model = re.match(r"admin/(\w+)/(\w+)/", route)
    queue: list[str] = []
    if model and PLACEHOLDER.search(route):
        queue = [str(admin_object(model.group(1), model.group(2), desk, world))]
        if "history/([^/]+)" in route:
            queue.append("HISTORY")
    out = route
    for match in PLACEHOLDER.finditer(route):
        key = match.group(1) or match.group(2)
        if queue:
            value = queue.pop(0)
        elif key == "article_id" or (
            key == "pk" and route.startswith(("articles/", "api/v1/articles/"))
        ):
            value = desk["article"]
        elif key == "pk" and route.startswith("sources/"):
            value = desk["source"]
        elif key == "pk" and route.startswith("notes/"):
            value = desk["note"]
        elif key == "pk" and "claimreviews/" in route:
            value = world["claimreview"]
        elif key == "pk" and "webhooks/" in route:
            value = desk["webhook"]
        elif key == "pk" and route.startswith(("imports/", "api/v1/imports/")):
            value = desk["import"]
        elif key == "pk" and "claimreview-imports/" in route:
            value = desk["claimreview_import"]
        elif key == "pk" and ("report-files/" in route or route.startswith("reports/files/")):
            value = desk["report_file"]
        elif key == "delivery_id":
            value = desk["delivery"]
        elif key == "pk":
            value = desk[CLAIM_FOR.get(name, "draft")]
        elif key == "note_id":
            value = desk["note"]
        elif key == "source_id":
            value = desk["source"]
        elif key == "slug":
            value = "false"
        else:
            value = "UNFILLED"
        out = out.replace(match.group(0), str(value), 1)
    return ["/" + out]


def admin_object(app: str, model: str, desk: dict, world: dict) -> object:
    return {
        ("annotations", "article"): desk["article"],
        ("annotations", "segment"): desk["segment"],
        ("annotations", "rating"): world["ratings"]["false"],
        ("annotations", "claim"): desk["published"],
        ("annotations", "source"): desk["source"],
        ("annotations", "note"): desk["note"],
        ("annotations", "correction"): desk["correction"],
        ("auth", "user"): world["people"]["editor"],
        ("auth", "group"): world["groups"]["editor"],
        ("authtoken", "tokenproxy"): world["people"]["editor"],
        ("annotations", "webhookendpoint"): desk["webhook"],
        ("annotations", "webhookdelivery"): desk["delivery"],
        ("annotations", "articleimport"): desk["import"],
    }.get((app, model), "UNFILLED")


def api_cases() -> list[tuple]:
    """tests/api/test_api_permissions.py's CASES: (method, path, body, if_match, minimum)."""
    source = (ROOT / "tests/api/test_api_permissions.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CASES":
            return ast.literal_eval(node.value)
    raise SystemExit("CASES not found")


def fill_ids(value, ids):
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return ids[value[1:-1]]
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), value)
    if isinstance(value, list):
        return [fill_ids(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill_ids(v, ids) for k, v in value.items()}
    return value


# ----------------------------------------------------------------------------- the desk's state


class Desk:
    """Versions and ETags of the desk's objects, read from the database at request time."""

    def __init__(self, fp: Fingerprint, ids: dict) -> None:
        self.fp, self.ids = fp, ids

    def version(self, table: str, pk) -> int:
        return self.fp.value(f'SELECT version FROM "annotations_{table}" WHERE id = %s', int(pk))  # noqa: S608 - the probe's own table names

    def etag(self, kind: str, pk) -> str:
        return f'"{self.version(kind, pk)}"'


# HTML forms that reach the services: what a browser would post, by url name.
def html_form(name: str, path: str, desk: Desk, world: dict) -> dict:
    ids, r = desk.ids, world["ratings"]
    pk = int(re.findall(r"/(\d+)/", path)[0]) if re.search(r"/(\d+)/", path) else 0
    if name == "article_import":
        return {
            "text": f"Probe Import {time.monotonic_ns()}\n\nThe port handled 2 million boxes.\n"
        }
    if name == "claim_create":
        return {"segments": str(ids["free_segment"]), "claim_text": "", "claimant": "Mayor"}
    if name == "claim_update":
        return {
            "version": desk.version("claim", pk),
            "claim_text": "Edited wording",
            "claimant": "Mayor",
            "rating": r["false"],
            "summary": "No.",
            "assignee": "",
        }
    if name == "claim_correct":
        return {
            "version": desk.version("claim", pk),
            "rating": r["false"],
            "summary": "The auditor's new figures.",
            "note": "New data.",
        }
    if name == "claim_vote":
        return {"rating": r["false"], "reason": "Checked."}
    if name == "source_add":
        return {"url": "https://example.org/new", "title": "T", "stance": "context"}
    if name == "note_add":
        return {"body": "Call them.", "internal": "on"}
    if name == "claim_workflow":
        return {"version": desk.version("claim", pk)}
    if name == "source_update":
        p = f"s{pk}"
        return {
            f"{p}-version": desk.version("source", pk),
            f"{p}-url": "https://example.org/e",
            f"{p}-title": "Edited",
            f"{p}-stance": "supports",
        }
    if name == "note_update":
        p = f"n{pk}"
        return {f"{p}-version": desk.version("note", pk), f"{p}-body": "Edited note"}
    if name == "source_delete":
        return {"version": desk.version("source", pk)}
    if name == "note_delete":
        return {"version": desk.version("note", pk)}
    if name == "claim_match_decide":
        return {
            "type": "claimreview",
            "id": world["claimreview"],
            "action": "dismiss",
            "score": "0.5",
            "level": "suggested",
        }
    return {}


# Least role that may do it in the HTML views (None: nobody); GET pages need a viewer.
HTML_WRITES = {
    "article_import": "editor", "claim_create": "editor", "claim_update": "editor",
    "claim_correct": "reviewer", "claim_vote": "reviewer", "source_add": "editor",
    "note_add": "editor", "source_update": "editor", "source_delete": "editor",
    "note_update": "admin",  # the note is editor2's: only its author or an admin
    "note_delete": "admin", "claim_match_decide": "editor",
}  # fmt: skip
WORKFLOW_MINIMUM = {"submit": "editor", "publish": "reviewer", "dismiss": "editor"}
HTML_GETS = {
    "dashboard", "article_review", "claim_history", "reports:index", "reports:article",
    "agreement", "search", "archive", "article_previous_checks",
}  # fmt: skip
# API routes the permission test's CASES do not list: (method, url name) -> least role.
API_EXTRA = {
    ("get", "api-article-report"): "viewer", ("get", "api-reports"): "viewer",
    ("post", "api-claim-matches"): "editor", ("get", "api-claimreview-detail"): "viewer",
    ("get", "api-claim-votes"): "viewer", ("post", "api-token"): "anonymous",
    ("get", "api-rating-list"): "viewer",
}  # fmt: skip


def allowed(role: str, minimum: str | None) -> bool:
    return minimum is not None and LADDER.index(role) >= LADDER.index(minimum)


# ----------------------------------------------------------------------------- access matrix


class Probe:
    def __init__(self, base: str, world: dict, quick: bool) -> None:
        self.base, self.world, self.quick = base, world, quick
        self.fp = Fingerprint()
        self.main = Desk(self.fp, world["main"])
        self.scratch = Desk(self.fp, world["scratch"])
        self.clients = {role: Client(base, role, world) for role in LADDER}
        self.clients["editor2"] = Client(base, "editor2", world)
        self.clients["reviewer2"] = Client(base, "reviewer2", world)
        self.deferred: list = []  # allowed writes, run on the scratch desk at the end
        # What nobody without a role may see: notes, claims, articles, imported reviews.
        self.markers = [INTERNAL_MARK, PUBLIC_NOTE_MARK, DRAFT_MARK, ARTICLE_MARK,
                        world["review_text"]]  # fmt: skip

    def sessions_alive(self) -> None:
        """The probe's own sessions are still logged in (a logout would hollow the checks)."""
        for role, client in self.clients.items():
            if role == "anonymous":
                continue
            status = client.send("get", "/api/v1/users/me/").status_code
            check("sessions", status == 200, f"{role}'s session is gone ({status})")

    # One request that must not write: 5xx, leaks and the database are checked.
    def denied(self, family, role, method, path, variant, **kw):
        before = self.fp.take()
        response = self.request(family, role, method, path, variant, **kw)
        if response is None:
            return None
        changed = self.fp.diff(before, self.fp.take())
        check(family, not changed,
              f"{describe(method, path, role, variant)}: a write that must fail changed "
              f"{', '.join(changed)} (status {response.status_code})")  # fmt: skip
        return response

    def request(self, family, role, method, path, variant, **kw):
        client = self.clients[role]
        auth = "token" if variant.startswith("token") else "session"
        try:
            response = client.send(method, path, auth=auth, csrf="no-csrf" not in variant,
                                   htmx="htmx" in variant, **kw)  # fmt: skip
        except Exception as exc:
            check(family, False, f"{describe(method, path, role, variant)}: {exc!r}")
            return None
        where = describe(method, path, role, variant)
        if TRACE:
            TRACE.write(f"{family}\t{response.status_code}\t{where}\n")
        check(family, response.status_code < 500, f"{where}: {response.status_code}")
        if path.startswith("/api/") and response.status_code >= 400:
            check(family, api_error_shape(response),
                  f"{where}: {response.status_code} not in the API's error shape: "
                  f"{response.text[:120]!r}")  # fmt: skip
        if role in ("anonymous", "nobody"):
            body = response.text
            leaked = [m for m in self.markers if m in body]
            check(family, not leaked, f"{where}: shows {', '.join(leaked)}")
        if role == "anonymous":
            public = path.startswith(("/accounts/login/", "/admin/login/"))
            public = public or (path == "/api/v1/auth/token/" and method == "post")
            if path.startswith("/api/"):
                ok = public or response.status_code in (401, 403, 404, 405)
            else:
                ok = (
                    public
                    or to_login(response, admin=path.startswith("/admin/"))
                    or (response.status_code in (403, 404, 405))
                )
            check(family, ok, f"{where}: anonymous got {response.status_code}")
        return response

    # ---- API
    def access_api(self) -> None:
        main, scratch = self.world["main"], self.world["scratch"]
        expected = {}
        for method, path, body, if_match, minimum in api_cases():
            if "/notes/{note}/" in path and method != "get":
                minimum = "admin"  # the desk's note is editor2's: only its author or an admin
            url = fill_ids(path, main)
            expected[(method, url.split("?")[0])] = (path, body, if_match, minimum)
        targets = []
        for route, name in self.world["patterns"]:
            if not route.startswith("api/") or name in SKIPPED:
                continue
            urls = zip(fill(route, name, main, self.world), fill(route, name, scratch, self.world),
                       strict=True)  # fmt: skip
            for url, scratch_url in urls:
                for method in METHODS:
                    case = expected.pop((method, url), None)
                    if case:
                        path, body, if_match, minimum = case
                        url_main, url_scratch = fill_ids(path, main), fill_ids(path, scratch)
                    else:
                        body, if_match, minimum = None, None, API_EXTRA.get((method, name))
                        url_main, url_scratch = url, scratch_url
                    targets.append((method, url_main, url_scratch, body, if_match, minimum))
        # CASES whose path the resolver walk did not produce: run them too.
        for (method, _), (path, body, if_match, minimum) in expected.items():
            targets.append((method, fill_ids(path, main), fill_ids(path, scratch), body,
                            if_match, minimum))  # fmt: skip
        variants = ["token", "session"] if self.quick else ["token", "session", "session-no-csrf"]
        for method, url, scratch_url, body, if_match, minimum in targets:
            if "UNFILLED" in url:
                check("access-api", False, f"{url}: a pattern the probe cannot fill")
                continue
            for role in LADDER:
                for variant in variants:
                    if variant == "session-no-csrf" and method == "get":
                        continue
                    may = allowed(role, minimum) and variant != "session-no-csrf"
                    if method == "get":
                        self.api_read(role, url, variant, minimum)
                    elif may:
                        self.deferred.append(
                            (
                                "access-api",
                                role,
                                method,
                                scratch_url,
                                fill_ids(body, scratch),
                                if_match,
                                variant,
                            )
                        )
                    else:
                        headers = {}
                        if if_match:
                            headers["If-Match"] = self.etag(if_match, main)
                        self.denied("access-api", role, method, url, variant,
                                    json=fill_ids(body, main), headers=headers)  # fmt: skip

    def etag(self, name: str, ids: dict) -> str:
        """The ETag a reader of the desk's object would send (read as the admin)."""
        path = {
            "source": f"/api/v1/claims/{ids['draft']}/sources/{ids['source']}/",
            "note": f"/api/v1/claims/{ids['draft']}/notes/{ids['note']}/",
        }.get(name, f"/api/v1/claims/{ids.get(name, 0)}/")
        return self.clients["admin"].send("get", path, auth="token").headers.get("ETag", '"0"')

    def api_read(self, role, url, variant, minimum):
        response = self.request("access-api", role, "get", url, variant)
        if response is None:
            return
        if not allowed(role, minimum) and minimum is not None:
            check("access-api", response.status_code >= 400,
                  f"{describe('get', url, role, variant)}: {response.status_code} for a role "
                  f"below {minimum}")  # fmt: skip

    # ---- HTML and htmx
    def access_html(self) -> None:
        main, scratch = self.world["main"], self.world["scratch"]
        variants = ["session", "session-htmx"]
        if not self.quick:
            variants.append("session-no-csrf")
        for route, name in self.world["patterns"]:
            if route.startswith(("api/", "admin/")) or name in SKIPPED:
                continue
            urls = zip(fill(route, name, main, self.world), fill(route, name, scratch, self.world),
                       strict=True)  # fmt: skip
            for url, scratch_url in urls:
                for method in METHODS:
                    minimum = None
                    if method == "get" and name in HTML_GETS:
                        minimum = "viewer"
                    elif method == "post" and name == "claim_workflow":
                        minimum = WORKFLOW_MINIMUM[url.rstrip("/").rsplit("/", 1)[1]]
                        if f"/{main['published']}/" in url:
                            minimum = "reviewer"  # withdrawing a published verdict
                    elif method == "post":
                        minimum = HTML_WRITES.get(name)
                    if name == "login":
                        minimum = "anonymous" if method in ("get", "post") else None
                    for role in LADDER:
                        for variant in variants:
                            if variant == "session-no-csrf" and method == "get":
                                continue
                            self.html_case(role, method, url, scratch_url, name, variant,
                                           minimum)  # fmt: skip

    def html_case(self, role, method, url, scratch_url, name, variant, minimum):
        if method == "get":
            response = self.request("access-html", role, method, url, variant)
            if response is not None and minimum and not allowed(role, minimum):
                # Nobody (no role) may get the page's frame, empty: request() checks the data.
                ok = response.status_code in (302, 403, 404) or role == "nobody"
                check("access-html", ok,
                      f"{describe(method, url, role, variant)}: {response.status_code} for a "
                      f"role below {minimum}")  # fmt: skip
            return
        if name == "login":
            return  # logging in is for everyone; the session is the probe's own
        if allowed(role, minimum) and variant != "session-no-csrf":
            self.deferred.append(("access-html", role, method, scratch_url, name, None, variant))
            return
        data = html_form(name, url, self.main, self.world) if method == "post" else None
        self.denied("access-html", role, method, url, variant, data=data)

    def run_deferred(self) -> None:
        """Allowed writes, on the scratch desk: they may succeed or be refused, never a 5xx."""
        scratch = self.world["scratch"]
        for family, role, method, path, body, if_match, variant in self.deferred:
            if method == "delete" and path.startswith(("/api/v1/articles/", "/api/v1/auth/")):
                continue  # the article goes last (below); the probe's tokens must stay
            if family == "access-api":
                headers = {"If-Match": self.etag(if_match, scratch)} if if_match else {}
                self.request(family, role, method, path, variant, json=body, headers=headers)
            else:
                data = html_form(body, path, self.scratch, self.world)
                self.request(family, role, method, path, variant, data=data)
        self.request("access-api", "admin", "delete", f"/api/v1/articles/{scratch['article']}/",
                     "token")  # fmt: skip

    # ---- admin
    def access_admin(self) -> None:
        ids = self.world["main"]
        for route, name in self.world["patterns"]:
            if not route.startswith("admin/") or name in SKIPPED:
                continue
            for url in fill(route, name, ids, self.world):
                if "HISTORY" in url:
                    obj = int(re.findall(r"/(\d+)/", url)[0])
                    table = url.split("/")[3]
                    hid = self.fp.value(
                        f'SELECT min(history_id) FROM "annotations_historical{table}" '  # noqa: S608 - the probe's own table names
                        "WHERE id = %s", obj)  # fmt: skip
                    url = url.replace("HISTORY", str(hid))
                for role in LADDER:
                    response = self.request("access-admin", role, "get", url, "session")
                    if response is not None and role in ("anonymous", "nobody"):
                        check("access-admin", to_login(response, admin=True)
                              or response.status_code == 404 or url == "/admin/login/",
                              f"GET {url} [{role}]: {response.status_code}")  # fmt: skip
                    for method in ("post", "put", "patch", "delete"):
                        if url == "/admin/login/":
                            continue
                        # No body: a delete page takes any posted field as "yes".
                        self.denied("access-admin", role, method, url, "session")

    def admin_form(self, role, url) -> dict | None:
        response = self.clients[role].send("get", url)
        if response.status_code != 200:
            return None
        parser = FormValues()
        parser.feed(response.text)
        parser.values.pop("csrfmiddlewaretoken", None)
        return parser.values

    def admin_post(self, role, url, data):
        response = self.request("admin-rules", role, "post", url, "session", data=data)
        return response

    def admin_rules(self) -> None:
        ids, people, r = self.world["main"], self.world["people"], self.world["ratings"]
        fp = self.fp
        claim_cols = "status, rating_id, rated_by_id, approved_by_id, summary, disputed"
        for role in ("viewer", "editor", "reviewer", "admin"):
            me = people[role]
            # Claims in review and published: what the workflow owns stays as it was.
            for state in ("in_review", "published", "draft"):
                pk = ids[state]
                url = f"/admin/annotations/claim/{pk}/change/"
                before = fp.row(f"SELECT {claim_cols}, version FROM annotations_claim "  # noqa: S608 - the probe's own table names
                                "WHERE id = %s", pk)  # fmt: skip
                values = self.admin_form(role, url) or {}
                values.update({"status": "published", "rating": str(r["true"]),
                               "rated_by": str(me), "approved_by": str(me), "version": "999",
                               "summary": "Tampered in the admin.", "disputed": "on",
                               "claimant": f"Admin edit by {role}"})  # fmt: skip
                self.admin_post(role, url, values)
                after = fp.row(f"SELECT {claim_cols}, version FROM annotations_claim "  # noqa: S608 - the probe's own table names
                               "WHERE id = %s", pk)  # fmt: skip
                # cols: status, rating, rated_by, approved_by, summary, disputed. Before
                # publication an editor may revise rating and summary there as through the API
                # (claim_update, which makes them the rater); a published verdict, the status,
                # the approver and a dispute only change through the workflow.
                if state == "published" or not allowed(role, "editor"):
                    owned, now = before[:6], after[:6]
                else:
                    owned = (before[0], before[3], before[5])
                    now = (after[0], after[3], after[5])
                    check("admin-rules", after[1] == before[1] or after[2] == me,
                          f"POST {url} [{role}]: a new rating without its rater "
                          f"({before[:3]} -> {after[:3]})")  # fmt: skip
                check("admin-rules", owned == now,
                      f"POST {url} [{role}]: the admin changed what the workflow owns on a "
                      f"{state} claim: {before[:6]} -> {after[:6]}")  # fmt: skip
                check(
                    "admin-rules",
                    after[6] in (before[6], before[6] + 1),
                    f"POST {url} [{role}]: version {before[6]} -> {after[6]}",
                )
            # A colleague's note: its author's (admins may change any).
            pk = ids["note"]
            url = f"/admin/annotations/note/{pk}/change/"
            before = fp.row("SELECT body, internal, author_id FROM annotations_note WHERE id = %s",
                            pk)  # fmt: skip
            values = self.admin_form(role, url) or {}
            values.update({"body": f"Rewritten by {role}", "internal": "", "author": str(me)})
            self.admin_post(role, url, values)
            after = fp.row("SELECT body, internal, author_id FROM annotations_note WHERE id = %s",
                           pk)  # fmt: skip
            if role != "admin":
                check(
                    "admin-rules",
                    before == after,
                    f"POST {url} [{role}]: a colleague's note changed {before} -> {after}",
                )
            check(
                "admin-rules",
                before[2] == after[2],
                f"POST {url} [{role}]: the note's author changed",
            )
            if role == "admin":  # put it back for the other checks
                self.clients["admin"].send("post", url, data={
                    **(self.admin_form("admin", url) or {}), "body": before[0],
                    "internal": "on" if before[1] else ""})  # fmt: skip
            # One's own account: no role below admin gives itself more.
            url = f"/admin/auth/user/{me}/change/"
            before = fp.row("SELECT is_superuser, is_staff, (SELECT array_agg(group_id) FROM "
                            "auth_user_groups WHERE user_id = %s) FROM auth_user WHERE id = %s",
                            me, me)  # fmt: skip
            values = self.admin_form(role, url) or {}
            values.update({"is_superuser": "on", "groups": str(self.world["groups"]["admin"])})
            self.admin_post(role, url, values)
            after = fp.row("SELECT is_superuser, is_staff, (SELECT array_agg(group_id) FROM "
                           "auth_user_groups WHERE user_id = %s) FROM auth_user WHERE id = %s",
                           me, me)  # fmt: skip
            check(
                "admin-rules",
                before == after or role == "admin",
                f"POST {url} [{role}]: changed its own account {before} -> {after}",
            )
            if role == "admin" and after[0]:
                check("admin-rules", False, f"POST {url} [admin]: an admin made itself superuser")
            # Ratings and corrections: the scale is the admin's, corrections are read-only.
            for table, pk, field_values in (
                ("rating", r["false"], {"label": "Tampered", "colour": "#000000"}),
                ("correction", ids["correction"], {"status": "published", "note": "Tampered"}),
            ):
                url = f"/admin/annotations/{table}/{pk}/change/"
                before = fp.row(f"SELECT t::text FROM annotations_{table} t WHERE id = %s", pk)  # noqa: S608 - the probe's own table names
                values = self.admin_form(role, url) or {}
                values.update(field_values)
                self.admin_post(role, url, values)
                after = fp.row(f"SELECT t::text FROM annotations_{table} t WHERE id = %s", pk)  # noqa: S608 - the probe's own table names
                if table == "correction" or role != "admin":
                    check("admin-rules", before == after, f"POST {url} [{role}]: changed a {table}")
            # History is looked at, never reverted.
            for table, pk in (("claim", ids["published"]), ("source", ids["source"]),
                              ("note", ids["note"])):  # fmt: skip
                hid = fp.value(f'SELECT min(history_id) FROM "annotations_historical{table}" '  # noqa: S608 - the probe's own table names
                               "WHERE id = %s", pk)  # fmt: skip
                url = f"/admin/annotations/{table}/{pk}/history/{hid}/"
                values = self.admin_form(role, url) or {}
                before = fp.take()
                self.admin_post(role, url, values)
                changed = fp.diff(before, fp.take())
                check(
                    "admin-rules",
                    not changed,
                    f"POST {url} [{role}]: a history revert changed {', '.join(changed)}",
                )
        # Deletes: claims never (dismiss instead); sources and notes softly. Each role deletes
        # its own source and note (editor2's), so no role finds one already removed.
        for role in ("viewer", "editor", "reviewer", "admin"):
            targets = [("claim", ids["draft"], "page"), ("claim", ids["published"], "page")]
            targets += [(kind, ids[f"{kind}_{how}_{role}"], how)
                        for kind in ("source", "note") for how in ("page", "bulk")]  # fmt: skip
            for table, pk, how in targets:
                if how == "page":
                    url = f"/admin/annotations/{table}/{pk}/delete/"
                    self.admin_post(role, url, {"post": "yes"})
                else:
                    url = f"/admin/annotations/{table}/ (delete_selected)"
                    self.admin_post(role, f"/admin/annotations/{table}/", {
                        "action": "delete_selected", "post": "yes",
                        "_selected_action": str(pk)})  # fmt: skip
                column = "NULL" if table == "claim" else "deleted_at"  # claims are dismissed
                row = fp.row(f"SELECT {column} FROM annotations_{table} WHERE id = %s", pk)  # noqa: S608 - the probe's own table names
                check("admin-rules", row is not None,
                      f"POST {url} [{role}]: the {table} was deleted for good")  # fmt: skip
                may = (table == "source" and allowed(role, "editor")) or (
                    table == "note" and role == "admin"
                )
                if table != "claim" and row is not None and not may:
                    check("admin-rules", row[0] is None,
                          f"POST {url} [{role}]: removed a {table} it may not")  # fmt: skip

    # ---- leaks in reports and exports
    def leaks(self) -> None:
        ids = self.world["main"]
        formats = ["json", "claimreview", "w3c", "csv", "md", "html"]
        if not self.quick:
            formats.append("pdf")
        for role in ("viewer", "editor", "reviewer", "admin"):
            for fmt in formats:
                for internal in ("", "1"):
                    q = f"?format={fmt}" + ("&internal=1" if internal else "")
                    paths = [
                        (f"/api/v1/articles/{ids['article']}/report{q}", "token"),
                        (f"/api/v1/reports/{q}", "token"),
                        (f"/reports/articles/{ids['article']}/{q}", "session"),
                        (f"/reports/{q}", "session"),
                    ]
                    for path, variant in paths:
                        response = self.request("leaks", role, "get", path, variant)
                        if response is None:
                            continue
                        body = response.text if fmt != "pdf" else pdf_text(response.content)
                        internal_ok = internal and allowed(role, "editor")
                        bad = [] if internal_ok else [DRAFT_MARK, PUBLIC_NOTE_MARK, INTERNAL_MARK]
                        found = [m for m in bad if m in body]
                        check(
                            "leaks",
                            not found,
                            f"GET {path} [{role}]: a public report shows {', '.join(found)}",
                        )
        for role in ("nobody", "viewer"):  # a page a viewer opens shows no internal note
            for path in (f"/articles/{ids['article']}/?claim={ids['published']}",
                         f"/claims/{ids['published']}/history/",
                         f"/api/v1/claims/{ids['published']}/notes/"):  # fmt: skip
                response = self.request("leaks", role, "get", path, "session")
                if response is not None and role == "nobody":
                    check(
                        "leaks",
                        INTERNAL_MARK not in response.text,
                        f"GET {path} [{role}]: shows an internal note",
                    )

    # ---- bad input
    def bad_input(self) -> None:
        ids = self.world["main"]
        admin, editor = "admin", "editor"
        deep = ("[" * 1000) + ("]" * 1000)
        deep_obj = '{"a":' * 1000 + "1" + "}" * 1000
        bodies = [
            ("deep list", deep.encode(), "application/json"),
            ("deep object", deep_obj.encode(), "application/json"),
            ("malformed JSON", b'{"body": "x",', "application/json"),
            ("not UTF-8", b'{"body": "\xff\xfe"}', "application/json"),
            (
                "NUL in JSON",
                b'{"body": "a\\u0000b", "claim_text": "\\u0000", "url": '
                b'"https://e.org/\\u0000", "note": "a\\u0000", "text": "\\u0000"}',
                "application/json",
            ),
            ("raw NUL", b"\x00\x00\x00", "application/json"),
            (
                "overlong strings",
                json.dumps(dict.fromkeys(OVERLONG_FIELDS, "x" * 300_000)).encode(),
                "application/json",
            ),
            (
                "wrong types",
                json.dumps(
                    {
                        "body": [],
                        "segments": "x",
                        "rating": {"a": 1},
                        "article": "1e3",
                        "limit": "9" * 50,
                        "internal": "maybe",
                        "text": 5,
                    }
                ).encode(),
                "application/json",
            ),
            ("XML", b"<a>1</a>", "application/xml"),
            ("form", b"body=x&segments=1", "application/x-www-form-urlencoded"),
            (
                "broken multipart",
                b'--b\r\nContent-Disposition: form-data; name="file"; '
                b'filename="a.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n--b--\r\n',
                "multipart/form-data; boundary=b",
            ),
            ("multipart without boundary", b"x", "multipart/form-data"),
            ("no content type", b'{"a": 1}', ""),
            ("JSON as text", b'{"a": 1}', "text/plain"),
        ]
        if self.quick:
            bodies = bodies[::2]
        writes = [
            ("post", "/api/v1/auth/token/", "anonymous"),
            ("post", "/api/v1/articles/", editor),
            ("post", "/api/v1/claims/", editor),
            ("patch", f"/api/v1/claims/{ids['draft']}/", editor),
            ("post", f"/api/v1/claims/{ids['rated']}/submit/", editor),
            ("post", f"/api/v1/claims/{ids['in_review']}/publish/", admin),
            ("post", f"/api/v1/claims/{ids['published']}/correct/", admin),
            ("post", f"/api/v1/claims/{ids['draft']}/sources/", editor),
            ("patch", f"/api/v1/claims/{ids['draft']}/sources/{ids['source']}/", editor),
            ("post", f"/api/v1/claims/{ids['draft']}/notes/", editor),
            ("patch", f"/api/v1/claims/{ids['draft']}/notes/{ids['note']}/", admin),
            ("post", f"/api/v1/claims/{ids['in_review']}/votes/", admin),
            ("post", f"/api/v1/claims/{ids['draft']}/matches/", editor),
            ("post", "/api/v1/match/", editor),
            ("post", "/api/v1/claimreviews/", editor),
            ("post", "/api/v1/ratings/", admin),
        ]
        for method, path, role in writes:
            for label, body, ctype in bodies:
                headers = {"Content-Type": ctype} if ctype else {}
                if method == "patch":
                    headers["If-Match"] = (
                        self.clients["admin"]
                        .send("get", path, auth="token")
                        .headers.get("ETag", '"0"')
                    )
                self.request("bad-input-api", role, method, path, f"token, {label}",
                             data=body, headers=headers)  # fmt: skip
            # The ETag header itself.
            # (A NUL in a header never reaches Django: gunicorn answers 400 itself.)
            for tag in ('"9223372036854775808"', '"-1"', 'W/"1"', "*", '"\u00e9"', "x" * 5000):
                self.request("bad-input-api", role, method, path, f"token, If-Match {tag[:12]}",
                             json={}, headers={"If-Match": tag})  # fmt: skip
        # Ids in every route with one.
        id_routes = [
            "/api/v1/articles/{}/", "/api/v1/articles/{}/segments/", "/api/v1/articles/{}/report",
            "/api/v1/claims/{}/", "/api/v1/claims/{}/history/", "/api/v1/claims/{}/sources/",
            "/api/v1/claims/{}/notes/", "/api/v1/claims/{}/votes/", "/api/v1/claims/{}/similar/",
            "/api/v1/claims/{}/matches/", "/api/v1/claimreviews/{}/", "/api/v1/ratings/{}/",
            "/api/v1/claims/{}/sources/{{}}/".format(ids["draft"]),
            "/api/v1/claims/{}/notes/{{}}/".format(ids["draft"]),
            "/articles/{}/", "/claims/{}/history/", "/reports/articles/{}/",
            "/articles/{}/previously-checked/", "/admin/annotations/claim/{}/change/",
            "/admin/annotations/note/{}/change/",
        ]  # fmt: skip
        for route in id_routes:
            for bad in BAD_IDS:
                self.request("bad-input-api" if route.startswith("/api/") else "bad-input-html",
                             admin, "get", route.format(quote(bad, safe="%")), "token"
                             if route.startswith("/api/") else "session")  # fmt: skip
        # Pages and odd query values on every list.
        lists = {
            "/api/v1/articles/": ["page", "q", "status", "published_from"],
            "/api/v1/claims/": ["page", "status", "suggested", "article", "rating", "assignee"],
            "/api/v1/claims/{}/history/".format(ids["draft"]): ["page"],
            "/api/v1/articles/{}/segments/".format(ids["article"]): ["page", "kind", "suggested"],
            "/api/v1/search/": ["q", "page", "type", "rating", "status", "date_from"],
            "/api/v1/claimreviews/": ["page", "publisher"],
            "/api/v1/reports/": ["format", "date_from", "date_to", "rating", "status",
                                 "claimant", "publisher", "internal"],
            "/api/v1/articles/{}/report".format(ids["article"]): ["format", "internal", "status"],
            "/api/v1/agreement/": ["article", "date_from", "date_to", "reviewer"],
            "/api/v1/claims/{}/similar/".format(ids["draft"]): ["limit"],
            "/": ["page", "q", "publisher", "status", "date_from"],
            "/reports/": ["format", "date_from", "rating", "status", "internal"],
            "/reports/articles/{}/".format(ids["article"]): ["format", "internal"],
            "/search/": ["q", "page", "type", "rating", "date_from"],
            "/archive/": ["page", "q", "publisher"],
            "/agreement/": ["article", "date_from", "reviewer"],
            "/articles/{}/".format(ids["article"]): ["claim", "segments", "filter"],
            "/admin/annotations/claim/": ["p", "q", "o", "status__exact", "rating__id__exact"],
            "/admin/annotations/source/": ["p", "q", "o"],
            "/admin/annotations/article/": ["q", "publisher", "language", "created_at__gte"],
            "/admin/annotations/segment/": ["q", "kind"],
            "/admin/annotations/note/": ["q", "internal__exact"],
            "/admin/annotations/correction/": ["q", "status__exact", "new_rating__id__exact"],
            "/admin/annotations/rating/": ["q", "value"],
            "/admin/auth/user/": ["q", "is_staff__exact", "groups__id__exact"],
        }  # fmt: skip
        values = HUGE_PAGES + ODD_QUERY_VALUES
        if self.quick:
            values = values[::2]
        for path, params in lists.items():
            api = path.startswith("/api/")
            family = "bad-input-api" if api else "bad-input-html"
            for param in params:
                for value in values:
                    q = f"{param}={quote(value, safe='', errors='surrogatepass')}"
                    self.request(family, admin, "get", f"{path}?{q}", "token" if api else "session")
            for raw in RAW_QUERIES:
                self.request(family, admin, "get", f"{path}?{raw}", "token" if api else "session")
        # HTML form posts: NUL bytes, overlong values, bad ids in choices, a broken upload.
        r = self.world["ratings"]
        html_posts = [
            ("/import/", {"text": "Title\n\nA\x00b said 3 things.\n"}),
            ("/import/", {"text": "x" * 6_000_000}),
            ("/import/", {"url": "javascript:alert(1)"}),
            ("/import/", {"url": "http://127.0.0.1:1/x"}),
            ("/import/", {"text": "ok", "published_on": "9999-99-99"}),
            (f"/articles/{ids['article']}/claims/", {"segments": "9" * 5000}),
            (f"/articles/{ids['article']}/claims/", {"segments": ",".join(["1"] * 500)}),
            (f"/articles/{ids['article']}/claims/", {"segments": "\x00", "claim_text": "\x00"}),
            (f"/claims/{ids['draft']}/", {"version": "9" * 30, "claim_text": "a\x00b"}),
            (f"/claims/{ids['draft']}/", {"version": "1", "claim_text": "x" * 30_000,
                                          "rating": "9" * 30, "assignee": "-1"}),
            (f"/claims/{ids['draft']}/", {"version": "\uff11", "claim_text": "x",
                                          "rating": "\x00", "assignee": "1e3"}),
            (f"/claims/{ids['published']}/correct/", {"version": "1", "rating": "9" * 30,
                                                      "note": "\x00" * 10}),
            (f"/claims/{ids['in_review']}/vote/", {"rating": "%00", "reason": "x" * 10_000}),
            (f"/claims/{ids['draft']}/sources/", {"url": "javascript:alert(1)", "stance": "x"}),
            (f"/claims/{ids['draft']}/sources/", {"url": "https://e.org/\x00", "quote": "\x00"}),
            (f"/claims/{ids['draft']}/notes/", {"body": "\x00"}),
            (f"/claims/{ids['draft']}/notes/", {"body": "x" * 30_000}),
            (f"/claims/{ids['draft']}/publish/", {"version": "1", "decision": "9" * 30}),
            (f"/claims/{ids['draft']}/nonsense/", {"version": "1"}),
            (f"/sources/{ids['source']}/", {f"s{ids['source']}-version": "9" * 30}),
            (f"/sources/{ids['source']}/delete/", {"version": "-1"}),
            (f"/notes/{ids['note']}/", {f"n{ids['note']}-version": "\x00"}),
            (f"/notes/{ids['note']}/delete/", {"version": "9" * 5000}),
            (f"/claims/{ids['draft']}/matches/decide/", {"type": "x", "id": "9" * 30,
                                                         "score": "nan", "action": "x"}),
            ("/admin/annotations/claim/", {"action": "x" * 1000, "_selected_action": "9" * 30}),
            (f"/admin/annotations/claim/{ids['draft']}/change/", {"claim_text": "\x00",
                                                                  "version": "9" * 30,
                                                                  "rating": str(r["true"])}),
        ]  # fmt: skip
        for path, data in html_posts:
            for variant in ("session", "session-htmx"):
                self.request("bad-input-html", admin, "post", path, variant, data=data)
        self.request("bad-input-html", admin, "post", "/import/", "session",
                     data=MULTIPART_BAD_BASE64,
                     headers={"Content-Type": "multipart/form-data; boundary=b"})  # fmt: skip
        for name, content in (("a.html", b"<html><body><p>A\x00</p></body></html>"),
                              ("a.txt", b"\xff\xfe\x00"), ("a.exe", b"MZ")):  # fmt: skip
            self.request("bad-input-html", admin, "post", "/import/", "session",
                         files={"file": (name, content)})  # fmt: skip


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    except Exception:
        return content.decode("utf-8", "replace")


class FormValues(HTMLParser):
    """The values a browser would post from an admin change form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value", "on")
            else:
                self.values[name] = a.get("value", "") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


# ----------------------------------------------------------------------------- XSS

PAYLOADS = [
    "<script>alert({n})</script>",
    "</script><script>alert({n})</script>",
    '"><img src=x onerror=alert({n})>',
    "'><img src=x onerror=alert({n})>",
    '<img src=x onerror="window.__xss={n}">',
    "<svg onload=alert({n})>",
    "<svg><script>alert({n})</script></svg>",
    '<iframe srcdoc="<script>parent.alert({n})</script>"></iframe>',
    "<body onload=alert({n})>",
    "<details open ontoggle=alert({n})>",
    "<input autofocus onfocus=alert({n})>",
    '<a href="javascript:alert({n})">x</a>',
    "javascript:alert({n})",
    "<!--<img src=x onerror=alert({n})>-->",
    "<!-- {n}",
    "-->\u2028<script>alert({n})</script>",
    "\u2028\u2029</script><script>alert({n})</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert({n})>",
    '<object data="javascript:alert({n})"></object>',
    '<embed src="javascript:alert({n})">',
    "{{{{ 7*7 }}}}<script>alert({n})</script>",
    "[x](javascript:alert({n}))",
    '![x](x" onerror="alert({n}))',
    "[x](javascript&#58;alert({n}))",
    '<a href="jav&#x09;ascript:alert({n})">x</a>',
    "[a](<javascript:alert({n})>)",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) {n}",
    '<noscript><p title="</noscript><img src=x onerror=alert({n})>">',
    "<textarea></textarea><script>alert({n})</script>",
    "<title></title><script>alert({n})</script>",
    "';alert({n});//",
    '";alert({n});//',
    '\\";alert({n});//',
    "</textarea><img src=x onerror=alert({n})>",
    "<form><button formaction=javascript:alert({n})>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert({n})">',
    '<base href="javascript:alert({n})//">',
    '<div hx-get="javascript:alert({n})" hx-trigger="load">x</div>',
    '<div hx-on:htmx:load="alert({n})" hx-on::load="alert({n})">x</div>',
    "<img src=x onerror=alert&#40;{n}&#41;>",
    "`-alert({n})-`",
    "<sCrIpT>alert({n})</ScRiPt>",
    '<video><source onerror="alert({n})"></video>',
    '<style>*{{background:url("javascript:alert({n})")}}</style>',
    '{{"x": "</script><script>alert({n})</script>"}}',
    '<b onmouseover=alert({n})>hover</b> ![i](https://x.invalid/i.png"onerror="alert({n}))',
]


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)].format(n=n + 1)


class XSS:
    def __init__(self, probe: Probe) -> None:
        self.probe = probe
        self.c = probe.clients
        self.stored: dict[str, int] = defaultdict(int)
        self.claims: dict[str, list[int]] = defaultdict(list)
        self.article = 0

    def api(self, role, method, path, body=None, etag_of=None):
        headers = {}
        if etag_of:
            headers["If-Match"] = (
                self.c["admin"].send("get", etag_of, auth="token").headers.get("ETag", '"0"')
            )
        response = self.probe.request("xss-store", role, method, path, "token", json=body,
                                      headers=headers)  # fmt: skip
        return response

    def store(self, field_name: str, response) -> dict:
        if response is not None and response.status_code < 300:
            self.stored[field_name] += 1
            return response.json() if response.content else {}
        return {}

    def seed(self, count: int) -> None:
        sentences = [f"The council spent {n} million dollars on {payload(n)} in 2023."
                     for n in range(count)]  # fmt: skip
        body = "Probe XSS Article\n\n" + "\n\n".join(sentences) + "\n"
        data = self.store("article", self.api("editor", "post", "/api/v1/articles/", {
            "body": body, "title": payload(0), "publisher": payload(1), "byline": payload(2),
            "url": "https://example.org/" + quote(payload(3))}))  # fmt: skip
        self.article = data.get("id") or data.get("article", {}).get("id")
        if not self.article:
            raise SystemExit(f"xss: could not create the article: {data}")
        segments = self.c["editor"].send("get", f"/api/v1/articles/{self.article}/segments/",
                                         auth="token").json()  # fmt: skip
        segments = segments.get("results", segments) if isinstance(segments, dict) else segments
        free = [s["id"] for s in segments if s["kind"] == "sentence"]
        for n, seg in enumerate(free[:count]):
            p = payload(n)
            claim = self.store("claim", self.api("editor", "post", "/api/v1/claims/", {
                "article": self.article, "segments": [seg], "claim_text": p,
                "claimant": p[:300]}))  # fmt: skip
            pk = claim.get("id")
            if not pk:
                continue
            url = f"/api/v1/claims/{pk}/"
            self.store(
                "summary",
                self.api(
                    "editor2", "patch", url, {"summary": p, "rating": "half-true"}, etag_of=url
                ),
            )
            self.store("source", self.api("editor", "post", f"{url}sources/", {
                "url": "https://example.org/?q=" + quote(p), "title": p, "publisher": p[:200],
                "quote": p, "archived_url": "https://archive.example/" + quote(p)}))  # fmt: skip
            bad = self.api("editor", "post", f"{url}sources/", {"url": f"javascript:alert({n})"})
            check(
                "xss-store",
                bad is not None and bad.status_code == 400,
                f"POST {url}sources/ [editor]: a javascript: URL was accepted",
            )
            self.store(
                "note",
                self.api("editor", "post", f"{url}notes/", {"body": p, "internal": n % 2 == 0}),
            )
            state = ("draft", "in_review", "disputed", "published", "corrected")[n % 5]
            if state != "draft":
                self.api("editor2", "post", f"{url}submit/", etag_of=url)
                self.store(
                    "vote reason",
                    self.api(
                        "reviewer2", "post", f"{url}votes/", {"rating": "half-true", "reason": p}
                    ),
                )
            if state == "disputed":
                self.api("admin", "post", f"{url}votes/", {"rating": "false", "reason": p})
                self.api("reviewer", "post", f"{url}votes/", {"rating": "true", "reason": p})
            if state in ("published", "corrected"):
                self.api("admin", "post", f"{url}votes/", {"rating": "half-true", "reason": p})
                self.api("reviewer", "post", f"{url}publish/", etag_of=url)
            if state == "corrected":
                self.store("correction note", self.api("reviewer", "post", f"{url}correct/", {
                    "rating": "false", "note": p, "summary": "Corrected: " + p},
                    etag_of=url))  # fmt: skip
            self.claims[state].append(pk)
        reviews = [{
            "@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"https://checks.example/xss/{n}", "claimReviewed": payload(n),
            "author": {"@type": "Organization", "name": payload(n)[:200],
                       "url": "https://checks.example/"},
            "reviewRating": {"@type": "Rating", "alternateName": payload(n)[:200],
                             "ratingValue": 1, "bestRating": 5, "worstRating": 1},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person",
                                                          "name": payload(n)[:300]},
                             "appearance": [{"url": "https://news.example/" + quote(payload(n)),
                                             "headline": payload(n)}]},
            "datePublished": "2024-01-02",
        } for n in range(count)]  # fmt: skip
        response = self.api("editor", "post", "/api/v1/claimreviews/", reviews)
        if response is not None and response.status_code < 300:
            self.stored["claimreview"] += response.json().get("created", 0)

    def pages(self) -> list[tuple[str, str]]:
        a, claims = self.article, self.claims
        sample = [pk for state in claims for pk in claims[state][: 2 if self.probe.quick else 99]]
        pages = [
            ("reviewer", "/"),
            ("reviewer", "/?q=alert"),
            ("editor", "/"),
            ("reviewer", f"/articles/{a}/"),
            ("viewer", f"/articles/{a}/"),
        ]
        pages += [(role, f"/articles/{a}/?claim={pk}") for pk in sample
                  for role in ("reviewer", "viewer")]  # fmt: skip
        pages += [("reviewer", f"/claims/{pk}/history/") for pk in sample[:10]]
        pages += [("editor", f"/articles/{a}/previously-checked/")]
        pages += [(role, path) for role in ("viewer", "editor") for path in (
            f"/reports/articles/{a}/", f"/reports/articles/{a}/?internal=1",
            f"/reports/articles/{a}/?format=html", f"/reports/articles/{a}/?format=html&internal=1",
            "/reports/", "/reports/?internal=1", "/reports/?format=html")]  # fmt: skip
        pages += [("reviewer", f"/search/?q={quote(w)}") for w in (
            "alert", "script", "img", "council", "onerror", "javascript")]  # fmt: skip
        pages += [
            ("reviewer", "/archive/"),
            ("reviewer", "/archive/?q=alert"),
            ("reviewer", "/agreement/"),
            ("reviewer", f"/agreement/?article={a}"),
        ]
        pages += [("admin", p) for p in (
            "/admin/annotations/claim/", "/admin/annotations/source/", "/admin/annotations/note/",
            "/admin/annotations/correction/", "/admin/annotations/article/",
            f"/admin/annotations/article/{a}/change/", "/admin/annotations/claim/?q=alert",
        )]  # fmt: skip
        for pk in sample[:8]:
            pages += [
                ("admin", f"/admin/annotations/claim/{pk}/change/"),
                ("admin", f"/admin/annotations/claim/{pk}/history/"),
                ("editor", f"/admin/annotations/claim/{pk}/change/"),
            ]
        fp = self.probe.fp
        for table in ("source", "note"):
            rows = fp.conn.execute(
                f"SELECT t.id FROM annotations_{table} t JOIN annotations_claim c "  # noqa: S608 - the probe's own table names
                f"ON c.id = t.claim_id WHERE c.article_id = %s ORDER BY t.id LIMIT 6",
                (a,),
            ).fetchall()
            for (pk,) in rows:
                pages += [
                    ("admin", f"/admin/annotations/{table}/{pk}/change/"),
                    ("admin", f"/admin/annotations/{table}/{pk}/history/"),
                ]
        correction = fp.value("SELECT min(r.id) FROM annotations_correction r JOIN "
                              "annotations_claim c ON c.id = r.claim_id WHERE c.article_id = %s",
                              a)  # fmt: skip
        if correction:
            pages.append(("admin", f"/admin/annotations/correction/{correction}/change/"))
        return pages

    def browse(self) -> None:
        from playwright.sync_api import sync_playwright

        fired: list[str] = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            contexts = {}
            for role in ("viewer", "editor", "reviewer", "admin"):
                context = browser.new_context()
                cookies = self.c[role].session.cookies
                context.add_cookies([{"name": c.name, "value": c.value, "domain": HOST,
                                      "path": "/"} for c in cookies])  # fmt: skip
                context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda r: r.abort())
                contexts[role] = context
            for role, path in self.pages():
                page = contexts[role].new_page()
                fired.clear()
                page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
                where = f"GET {path} [{role}, Chromium]"
                try:
                    response = page.goto(self.probe.base + path, wait_until="load", timeout=30000)
                    page.wait_for_timeout(150 if self.probe.quick else 300)
                    if "article" in path and "claim=" in path:
                        # Open the rest of the panel (history) as a user would.
                        page.keyboard.press("Escape")
                    status = response.status if response else 0
                    flag = page.evaluate("window.__xss || null")
                    live = page.evaluate(LIVE_ATTRIBUTES_JS)
                except Exception as exc:
                    check("xss-pages", False, f"{where}: {exc!r}"[:300])
                    page.close()
                    continue
                check("xss-pages", status < 500, f"{where}: {status}")
                check(
                    "xss-pages",
                    not fired and flag is None,
                    f"{where}: payload ran (dialogs {fired[:5]}, __xss={flag})",
                )
                check("xss-pages", not live, f"{where}: live attributes from user text: {live[:3]}")
                page.close()
            self.embedded(contexts["editor"], fired)
            browser.close()

    def embedded(self, context, fired: list[str]) -> None:
        a = self.article
        for fmt in ("claimreview", "w3c", "json"):
            for path in (f"/api/v1/articles/{a}/report?format={fmt}",
                         f"/api/v1/articles/{a}/report?format={fmt}&internal=1",
                         f"/api/v1/reports/?format={fmt}",
                         f"/api/v1/reports/?format={fmt}&internal=1",
                         f"/reports/articles/{a}/?format={fmt}&internal=1"):  # fmt: skip
                auth = "token" if path.startswith("/api/") else "session"
                response = self.c["editor"].send("get", path, auth=auth)
                where = f"GET {path} [editor] in <script type=application/ld+json>"
                if not check("xss-embedded", response.status_code == 200,
                             f"{where}: {response.status_code}"):  # fmt: skip
                    continue
                text = response.text
                page = context.new_page()
                fired.clear()
                page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
                page.set_content(
                    "<!doctype html><html><head><title>Embed</title>"
                    f'<script type="application/ld+json">{text}</script>'
                    "</head><body><p>Article</p></body></html>"
                )
                page.wait_for_timeout(100)
                flag = page.evaluate("window.__xss || null")
                scripts = page.evaluate("[...document.scripts].map(s => [s.type, s.textContent])")
                intact = len(scripts) == 1 and _same_json(scripts[0][1], text)
                check(
                    "xss-embedded",
                    not fired and flag is None,
                    f"{where}: payload ran ({fired[:5]}, __xss={flag})",
                )
                check("xss-embedded", intact,
                      f"{where}: the export broke out of its script element "
                      f"({len(scripts)} scripts)")  # fmt: skip
                page.close()


def _same_json(a: str, b: str) -> bool:
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return False


# Handlers and javascript: links that came from user text (the app's own markup has none).
LIVE_ATTRIBUTES_JS = """
(() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const at of el.attributes) {
      const name = at.name.toLowerCase(), value = at.value.toLowerCase().replace(/\\s/g, '');
      if ((name.startsWith('on') || name.startsWith('hx-on')) && /alert|__xss/.test(value))
        out.push(el.tagName + ' ' + name + '=' + at.value.slice(0, 60));
      if (['href', 'src', 'action', 'formaction', 'data', 'hx-get', 'hx-post'].includes(name)
          && value.startsWith('javascript:'))
        out.push(el.tagName + ' ' + name + '=' + at.value.slice(0, 60));
    }
  }
  return out;
})()
"""

# ----------------------------------------------------------------------------- main


def report(server_log: str) -> int:
    # 4xx answers to unparsable bodies are logged with their traceback too: count 5xx and
    # worker failures only.
    errors = re.findall(
        r"Internal Server Error: \S+|WORKER TIMEOUT|Worker \S+ was sent", server_log
    )
    tracebacks = len(errors)
    check("server-log", not errors, f"the server logged {tracebacks} errors: {errors[:5]}")
    print(f"\n{'family':<16}{'cases':>8}{'passed':>8}{'findings':>10}")
    total = 0
    for name, fam in FAMILIES.items():
        print(f"{name:<16}{fam.cases:>8}{fam.passed:>8}{len(fam.findings):>10}")
        total += len(fam.findings)
    print(f"{'total':<16}{sum(f.cases for f in FAMILIES.values()):>8}"
          f"{sum(f.passed for f in FAMILIES.values()):>8}{total:>10}")  # fmt: skip
    for name, fam in FAMILIES.items():
        for finding in fam.findings:
            print(f"[{name}] {finding}")
    if errors:
        print("\nserver log (last 3,000 characters):\n" + server_log[-3000:])
    return 1 if total else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer variants, values, payloads")
    parser.add_argument("--only", default="", help="comma-separated families to run")
    parser.add_argument("--trace", help="write every request's family, status and URL here")
    args = parser.parse_args()
    global TRACE
    if args.trace:
        TRACE = open(args.trace, "w")  # noqa: SIM115 - open for the whole run
    only = set(filter(None, args.only.split(",")))
    started = time.monotonic()

    def phase(name: str) -> bool:
        wanted = not only or name in only
        if wanted and getattr(phase, "probe", None) is not None:
            phase.probe.sessions_alive()
        if wanted:
            print(f"{time.monotonic() - started:6.0f}s  {name}", flush=True)
        return wanted

    with tempfile.NamedTemporaryFile("w+", suffix=".log", prefix="probe-") as log:
        run(args, log, phase)
        log.seek(0)
        print(f"probe took {time.monotonic() - started:.0f} s")
        return report(log.read())


def run(args, log, phase) -> None:
    """Set up, serve, probe, and clean up whatever happens."""
    recreate_database(SERVER, DB_NAME)
    server = None
    try:
        world = prepare()
        # The request-line cap is lifted so that the app's own validation is what gets tested.
        server = Gunicorn(SERVER_ENV, timeout=60, extra_args=("--limit-request-line", "0"), log=log)
        probe = Probe(server.base_url, world, args.quick)
        phase.probe = probe
        if phase("access-api"):
            probe.access_api()
        if phase("access-html"):
            probe.access_html()
        if phase("access-admin"):
            probe.access_admin()
        if phase("leaks"):
            probe.leaks()
        if phase("admin-rules"):
            probe.admin_rules()
        if phase("allowed-writes"):
            probe.run_deferred()
        if phase("bad-input"):
            probe.bad_input()
        if phase("xss"):
            xss = XSS(probe)
            xss.seed(20 if args.quick else len(PAYLOADS))
            print("        stored: " + ", ".join(f"{k} {v}" for k, v in xss.stored.items()))
            xss.browse()
        probe.sessions_alive()
    finally:
        if server is not None:
            server.stop()
        drop_database(SERVER, DB_NAME)


if __name__ == "__main__":
    sys.exit(main())

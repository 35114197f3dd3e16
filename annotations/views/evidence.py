"""Sources and notes from the claim panel: add, edit and remove, with the version the editor saw.

A stale edit keeps the editor's input and says what changed; a stale removal removes nothing.
Both come back as the panel (htmx) or the review page (plain posts, 409).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotations import services
from annotations.forms import (
    NoteEditForm,
    NoteForm,
    SourceEditForm,
    SourceForm,
    VersionForm,
    rebased_input,
)
from annotations.models import Claim, Note, Source
from annotations.selectors import changes_since, readable_history, version_record
from annotations.views.common import add_service_errors, forbidden_as_page, get_claim_for
from annotations.views.panel import claim_panel_context, claim_saved, render_panel

STALE_EDIT = (
    "Not saved: {who} changed this {kind} since you opened it{what}. "
    "Your changes are kept below, on top of theirs; save again to keep them."
)
STALE_REMOVE = (
    "Not removed: {who} changed this {kind} since you opened it{what}. "
    "Look at it again, then remove it if you still want to."
)


def _seen_version(request: HttpRequest) -> int:
    """The version a removal was asked for; 0 (never current) when the form had none."""
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else 0


def _stale_message(template: str, current: Source | Note, seen: int) -> str:
    if not seen:
        return "Reload the claim: this form did not say which version you saw."
    changes = readable_history(changes_since(current, seen))
    who = ", ".join(sorted({entry.user for entry in changes if entry.user})) or "someone"
    fields = sorted({c["field"] for entry in changes for c in entry.changes} - {"removed"})
    what = f" ({', '.join(fields)})" if fields else ""
    return template.format(who=who, kind=type(current).__name__.lower(), what=what)


def _panel(
    request: HttpRequest,
    claim: Claim,
    *,
    status: int = 200,
    source: tuple[int, SourceEditForm | None, str] | None = None,
    note: tuple[int, NoteEditForm | None, str] | None = None,
    **forms,
) -> HttpResponse:
    """The panel with one source's or note's edit form (and notice) replaced."""
    context = claim_panel_context(request, claim, **forms)
    if source is not None:
        pk, form, notice = source
        context["sources"] = [
            (s, form or f, notice) if s.pk == pk else (s, f, n) for s, f, n in context["sources"]
        ]
        context["open_source"] = pk
    if note is not None:
        pk, form, notice = note
        context["notes"] = [
            (n, form or f, notice) if n.pk == pk else (n, f, t) for n, f, t in context["notes"]
        ]
        context["open_note"] = pk
    return render_panel(request, context, status=200 if request.htmx else status)


def _kept(form: SourceEditForm | NoteEditForm, current: Source | Note):
    """The editor's changes on top of the current version: the fields they left alone take
    the colleague's values, so saving again (a choice) loses neither's work."""
    opened = version_record(current, form.cleaned_data["version"])
    data = rebased_input(form, opened=opened, current=current)
    kept = type(form)(data, prefix=form.prefix)
    kept.is_valid()
    return kept


def _source_and_claim(request: HttpRequest, pk: int) -> tuple[Source, Claim]:
    # Removed ones too: a colleague's removal is news to show, not a 404.
    source = get_object_or_404(Source.all_objects, pk=pk)
    return source, get_claim_for(request, source.claim_id)  # may the user see the claim?


def _note_and_claim(request: HttpRequest, pk: int) -> tuple[Note, Claim]:
    note = get_object_or_404(Note.all_objects, pk=pk)
    return note, get_claim_for(request, note.claim_id)


def _gone(request: HttpRequest, claim: Claim, obj: Source | Note) -> HttpResponse:
    """The panel, saying the source or note the editor was working on is no longer there."""
    kind = type(obj).__name__.lower()
    who = type(obj).history.filter(id=obj.pk).first().history_user
    message = f"Nothing was saved: this {kind} was removed meanwhile by {who or 'someone'}."
    context = claim_panel_context(request, claim, notice=message)
    return render_panel(request, context, status=200 if request.htmx else 409)


@login_required
@require_POST
@forbidden_as_page
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for(request, pk)
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            services.source_add(
                claim=claim,
                user=request.user,
                accessed_at=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return claim_saved(request, claim, "Source added.")
    return _panel(request, claim, source_form=form)


@login_required
@require_POST
@forbidden_as_page
def source_update(request: HttpRequest, pk: int) -> HttpResponse:
    source, claim = _source_and_claim(request, pk)
    if source.deleted_at is not None:
        return _gone(request, claim, source)
    prefix = f"s{source.pk}"
    form = SourceEditForm(request.POST, prefix=prefix)
    if form.is_valid():
        seen = form.cleaned_data["version"]
        try:
            services.source_update(source=source, user=request.user, version=seen, **form.changes())
        except services.Removed as exc:
            return _gone(request, claim, exc.obj)
        except services.StaleVersion as exc:
            notice = _stale_message(STALE_EDIT, exc.current, seen)
            kept = _kept(form, exc.current)
            return _panel(request, claim, status=409, source=(source.pk, kept, notice))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return claim_saved(request, claim, "Source updated.")
    return _panel(request, claim, source=(source.pk, form, ""))


@login_required
@require_POST
@forbidden_as_page
def source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    source, claim = _source_and_claim(request, pk)
    if source.deleted_at is not None:
        return _gone(request, claim, source)
    seen = _seen_version(request)
    try:
        services.source_delete(source=source, user=request.user, version=seen)
    except services.Removed as exc:
        return _gone(request, claim, exc.obj)
    except services.StaleVersion as exc:
        notice = _stale_message(STALE_REMOVE, exc.current, seen)
        return _panel(request, claim, status=409, source=(source.pk, None, notice))
    except ValidationError as exc:
        return _panel(request, claim, source=(source.pk, None, " ".join(exc.messages)))
    return claim_saved(request, claim, "Source removed.")


@login_required
@require_POST
@forbidden_as_page
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(claim=claim, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return claim_saved(request, claim, "Note added.")
    return _panel(request, claim, note_form=form)


@login_required
@require_POST
@forbidden_as_page
def note_update(request: HttpRequest, pk: int) -> HttpResponse:
    note, claim = _note_and_claim(request, pk)
    if note.deleted_at is not None:
        return _gone(request, claim, note)
    prefix = f"n{note.pk}"
    form = NoteEditForm(request.POST, prefix=prefix)
    if form.is_valid():
        seen = form.cleaned_data["version"]
        try:
            services.note_update(note=note, user=request.user, version=seen, **form.changes())
        except services.Removed as exc:
            return _gone(request, claim, exc.obj)
        except services.StaleVersion as exc:
            notice = _stale_message(STALE_EDIT, exc.current, seen)
            kept = _kept(form, exc.current)
            return _panel(request, claim, status=409, note=(note.pk, kept, notice))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return claim_saved(request, claim, "Note updated.")
    return _panel(request, claim, note=(note.pk, form, ""))


@login_required
@require_POST
@forbidden_as_page
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note, claim = _note_and_claim(request, pk)
    if note.deleted_at is not None:
        return _gone(request, claim, note)
    seen = _seen_version(request)
    try:
        services.note_delete(note=note, user=request.user, version=seen)
    except services.Removed as exc:
        return _gone(request, claim, exc.obj)
    except services.StaleVersion as exc:
        notice = _stale_message(STALE_REMOVE, exc.current, seen)
        return _panel(request, claim, status=409, note=(note.pk, None, notice))
    except ValidationError as exc:
        return _panel(request, claim, note=(note.pk, None, " ".join(exc.messages)))
    return claim_saved(request, claim, "Note removed.")

"""The admin's import page: paste or upload a list, preview every parsed entry, import what is confirmed.

The preview writes nothing (a dry run). The confirm step imports the entries the instructor did not skip;
references already in the library are reported as duplicates and never created twice or changed. It reuses
what the preview read and decided (kept in the cache under the preview's fingerprint) while the library has not
changed since; otherwise it parses the same text again and decides afresh.

The confirm form posts only the instructor's departures from the preview's defaults (a "Skip" box per
readable entry, an "Import" box per entry that could not be read), never one field per entry: Django
refuses a form of more than 1,000 fields, and a list may hold 10,000 entries. A fingerprint of the list and
of what the preview offered travels with it, so a confirm whose list or offer changed since the preview
(another instructor imported some of it meanwhile) imports nothing and shows the preview again.
"""

import datetime
import hashlib
from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from lbc_site.collector import spares_older_objects
from literature.admin_import_table import preview_table
from literature.formats import PARSERS, ParseError, decode
from literature.models import ContentVersion, ReferenceType
from literature.services import references_import

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
FORMAT_LABELS = {
    "text": _("Numbered list as printed in an article"),
    "csljson": "CSL-JSON (Zotero, citeproc)",
    "bibtex": "BibTeX",
    "ris": "RIS (EndNote, Zotero, Mendeley)",
}


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[])
    text = forms.CharField(
        label=_("Paste the list"), required=False, widget=forms.Textarea(attrs={"rows": 14, "cols": 100})
    )
    file = forms.FileField(label=_("or upload a file"), required=False, help_text=_("UTF-8, at most 2 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [(name, FORMAT_LABELS.get(name, name)) for name in PARSERS]

    def clean(self):
        cleaned = super().clean()
        upload, pasted = cleaned.get("file"), cleaned.get("text", "")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is %(size)s MB; the limit is 2 MB.") % {"size": upload.size // 1024 // 1024}
                )
            try:
                cleaned["content"] = decode(upload.read())
            except ParseError as error:
                raise forms.ValidationError(error.problems) from None
        elif pasted.strip():
            cleaned["content"] = pasted
        else:
            raise forms.ValidationError(_("Paste a list or choose a file."))
        return cleaned


@spares_older_objects
def reference_import_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import references"),
    }
    if request.method != "POST":
        return TemplateResponse(request, "admin/literature/reference/import.html", {**context, "form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, "admin/literature/reference/import.html", {**context, "form": form})
    content, format_name = form.cleaned_data["content"], form.cleaned_data["format"]
    posted = request.POST.get("preview", "")
    if "confirm" in request.POST and (remembered := remembered_preview(request.user, format_name, content, posted)):
        return _import_chosen(request, model_admin, remembered.records, remembered.offer)
    library_stamp = ContentVersion.current(ContentVersion.LIBRARY)  # before the dry run: a change during it counts
    try:
        records = PARSERS[format_name](content)
    except ParseError as error:
        context.update(form=form, problems=error.problems)
        return TemplateResponse(request, "admin/literature/reference/import.html", context)
    rows = _preview_rows(references_import(records=records, user=request.user, update_existing=False, dry_run=True))
    offer = [Offer(row["index"], row["status"], row["unparsed"]) for row in rows]
    fingerprint = preview_fingerprint(format_name, content, offer)
    if "confirm" in request.POST and posted == fingerprint:
        return _import_chosen(request, model_admin, records, offer)
    if "confirm" in request.POST:
        context["changed"] = True
    remember_preview(request.user, fingerprint, library_stamp, records, offer)
    context.update(
        form=form,
        rows=rows,
        table=preview_table(rows),
        content=content,
        format_name=format_name,
        fingerprint=fingerprint,
    )
    return TemplateResponse(request, "admin/literature/reference/import_preview.html", context)


def _import_chosen(request, model_admin, records, offer: list["Offer"]):
    """Import the entries offered and not skipped (readable) or included (unread): what the instructor confirmed."""
    offered = [entry for entry in offer if entry.status == "new"]
    skipped, included = set(request.POST.getlist("skip")), set(request.POST.getlist("include"))
    selected = [records[entry.index] for entry in offered if is_chosen(entry, skipped, included)]
    outcomes = references_import(records=selected, user=request.user, update_existing=False)
    created = sum(o.action == "created" for o in outcomes)
    model_admin.message_user(
        request,
        _(
            "Imported %(created)s reference(s); %(known)s already in the library or listed twice, left unchanged; "
            "%(skipped)s skipped."
        )
        % {"created": created, "known": len(offer) - len(offered), "skipped": len(offered) - len(selected)},
        messages.SUCCESS,
    )
    return redirect("admin:literature_reference_changelist")


def preview_fingerprint(format_name: str, content: str, offer: list["Offer"]) -> str:
    """What the instructor saw: the list and, per entry, whether it was offered and ticked by default. Not a
    secret (the server recomputes it from the posted list), only proof that the offer has not changed."""
    # A browser posts a textarea's line breaks as CRLF whatever the uploaded file had, and the form strips the
    # pasted text where an uploaded file keeps its last newline.
    text = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    digest = hashlib.sha256(f"{format_name}\n{text}\n".encode())
    digest.update(",".join(f"{entry.status}{' unread' if entry.unparsed else ''}" for entry in offer).encode())
    return digest.hexdigest()


def is_chosen(entry: "Offer", skipped: set[str], included: set[str]) -> bool:
    """A readable entry is imported unless skipped; one that could not be read only if the instructor asked."""
    index = str(entry.index)
    return index in included if entry.unparsed else index not in skipped


class Offer(NamedTuple):
    """What the preview offered for one entry: its place in the list, its status and whether it was read."""

    index: int
    status: str  # "new" (offered), "duplicate" (in the library) or "repeat" (an earlier entry of the list)
    unparsed: bool


class RememberedPreview(NamedTuple):
    library: datetime.datetime  # the library's content version when the preview's dry run began
    records: list
    offer: list[Offer]


# Long enough to read through a long list; the confirm step redoes the dry run when the preview is gone.
PREVIEW_SECONDS = 2 * 60 * 60


def _preview_key(user, fingerprint: str) -> str:
    return f"import-preview:{user.pk}:{fingerprint}"


def remember_preview(user, fingerprint: str, library, records, offer: list[Offer]) -> None:
    """Keep what the preview read and decided, so that the confirm step need not parse and dry-run the list again:
    at 10,000 entries that doubled its cost."""
    cache.set(_preview_key(user, fingerprint), RememberedPreview(library, records, offer), PREVIEW_SECONDS)


def remembered_preview(user, format_name: str, content: str, fingerprint: str) -> RememberedPreview | None:
    """The preview this confirm answers, when its decisions still hold: the posted list is the one previewed
    (the fingerprint covers it) and nothing in the library has changed since (its content version moves with
    every reference, author or citation written). Otherwise None, and the confirm step decides afresh."""
    if not fingerprint:
        return None
    key = _preview_key(user, fingerprint)
    remembered = cache.get(key)
    if remembered is None or preview_fingerprint(format_name, content, remembered.offer) != fingerprint:
        return None
    if remembered.library != ContentVersion.current(ContentVersion.LIBRARY):
        return None
    cache.delete(key)  # one confirm per preview: the import it makes moves the library on anyway
    return remembered


def _preview_rows(outcomes):
    """One row per entry. The dry run matches a later entry against references created for earlier
    entries of the same list, so such an entry is the same work listed twice, not a library duplicate."""
    rows, type_labels = [], dict(ReferenceType.choices)
    for index, outcome in enumerate(outcomes):
        record, twin = outcome.record, outcome.twin
        status = "new" if outcome.action == "created" else "repeat" if twin is not None else "duplicate"
        rows.append(
            {
                "index": index,
                "record": record,
                "status": status,
                "existing": outcome.reference if status == "duplicate" else None,
                "twin": twin + 1 if twin is not None else None,
                "authors": "; ".join(n.literal or f"{n.family} {n.given}".strip() for n in record.authors),
                "type_label": type_labels.get(record.type, record.type),
                # The importer keeps an entry it could not read as printed text; importing it is a choice to make.
                "unparsed": any(warning.startswith("could not") for warning in record.warnings),
            }
        )
    return rows

"""The admin's import page: paste or upload a list, preview every parsed entry, import what is confirmed.

The preview writes nothing (a dry run in a rolled-back transaction). The confirm step parses the
same text again and imports the entries the instructor did not skip; references already in the
library are reported as duplicates and never created twice or changed.

The confirm form posts only the instructor's departures from the preview's defaults (a "Skip" box per
readable entry, an "Import" box per entry that could not be read), never one field per entry: Django
refuses a form of more than 1,000 fields, and a list may hold 10,000 entries. A fingerprint of the list and
of what the preview offered travels with it, so a confirm whose list or offer changed since the preview
(another instructor imported some of it meanwhile) imports nothing and shows the preview again.
"""

import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from literature.formats import PARSERS, ParseError, decode
from literature.models import ReferenceType
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
    try:
        records = PARSERS[format_name](content)
    except ParseError as error:
        context.update(form=form, problems=error.problems)
        return TemplateResponse(request, "admin/literature/reference/import.html", context)
    rows = _preview_rows(references_import(records=records, user=request.user, update_existing=False, dry_run=True))
    fingerprint = preview_fingerprint(format_name, content, rows)
    if "confirm" in request.POST and request.POST.get("preview") == fingerprint:
        offered = [row for row in rows if row["status"] == "new"]
        skipped, included = set(request.POST.getlist("skip")), set(request.POST.getlist("include"))
        selected = [records[row["index"]] for row in offered if is_chosen(row, skipped, included)]
        outcomes = references_import(records=selected, user=request.user, update_existing=False)
        created = sum(o.action == "created" for o in outcomes)
        model_admin.message_user(
            request,
            _(
                "Imported %(created)s reference(s); %(known)s already in the library or listed twice, left unchanged; "
                "%(skipped)s skipped."
            )
            % {"created": created, "known": len(rows) - len(offered), "skipped": len(offered) - len(selected)},
            messages.SUCCESS,
        )
        return redirect("admin:literature_reference_changelist")
    if "confirm" in request.POST:
        context["changed"] = True
    context.update(form=form, rows=rows, content=content, format_name=format_name, fingerprint=fingerprint)
    return TemplateResponse(request, "admin/literature/reference/import_preview.html", context)


def preview_fingerprint(format_name: str, content: str, rows) -> str:
    """What the instructor saw: the list and, per entry, whether it was offered and ticked by default. Not a
    secret (the server recomputes it from the posted list), only proof that the offer has not changed."""
    # A browser posts a textarea's line breaks as CRLF whatever the uploaded file had, and the form strips the
    # pasted text where an uploaded file keeps its last newline.
    text = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    digest = hashlib.sha256(f"{format_name}\n{text}\n".encode())
    digest.update(",".join(f"{row['status']}{' unread' if row['unparsed'] else ''}" for row in rows).encode())
    return digest.hexdigest()


def is_chosen(row, skipped: set[str], included: set[str]) -> bool:
    """A readable entry is imported unless skipped; one that could not be read only if the instructor asked."""
    index = str(row["index"])
    return index in included if row["unparsed"] else index not in skipped


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

"""No lost updates in the syllabus builder: a form saved from an out-of-date page is refused.

Each course, unit and reading carries an `updated` time. Its admin form keeps the time it was shown in a hidden
field; when the form is saved, the row is locked and the time compared: if someone saved the row in between,
the save is refused with a message, and the other person's change stays.
"""

from django import forms
from django.utils import timezone


def version_of(updated) -> str:
    return updated.isoformat() if updated else ""


class VersionedFormMixin(forms.Form):
    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = version_of(self.instance.updated)

    def clean(self):
        cleaned = super().clean()
        if "position" in self.fields and cleaned.get("position") is None and "position" not in self.errors:
            # The drag-and-drop order field sent empty: keep the row where it was (the column is NOT NULL).
            cleaned["position"] = self.instance.position or 0
        if self.instance.pk and self.has_changed():
            model = type(self.instance)
            # Locked until the admin's transaction ends, so two saves cannot both pass the comparison.
            current = model.objects.select_for_update().filter(pk=self.instance.pk).values_list("updated", flat=True)
            current = current.first()
            if current is not None and version_of(current) != cleaned.get("seen_version"):
                when = timezone.localtime(current).strftime("%Y-%m-%d %H:%M:%S")
                raise forms.ValidationError(
                    f"Someone else saved this {model._meta.verbose_name} at {when}, after you opened this page. "
                    "Your changes were not saved, so that theirs are not lost: reload the page to see them, "
                    "then make your changes again.",
                    code="stale",
                )
        return cleaned


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    """For admins and inlines that need no form of their own."""

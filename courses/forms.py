"""Forms shared by the admin and the syllabus editor. Validation lives on the models (page ranges, minutes),
so the admin, the editor and the API refuse the same input with the same messages."""

import datetime

from django import forms
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from courses.models import MAX_READING_MINUTES, ReadingItem, Unit
from literature.models import Theme


class ISODateField(forms.DateField):
    """A date typed as YYYY-MM-DD only: 06/09/2028 could be June or September, so it is refused."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2028-09-06.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        try:
            parsed = parse_date(text) if len(text) == 10 else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class ReadingEditForm(forms.ModelForm):
    # The model's own limits, said once for every value below 1 (the database column alone would allow 0).
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=MAX_READING_MINUTES,
        required=False,
        help_text=_("Empty: 5 minutes per page."),
    )

    class Meta:
        model = ReadingItem
        fields = ["importance", "pages", "section", "minutes", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"pages": _("e.g. 12-30 or 12-15, 20-22"), "section": "", "note": _("Markdown.")}


class UnitForm(forms.ModelForm):
    date = ISODateField(
        label=_("Date"), required=False, help_text=_("Optional: the session's date, or the Monday of its week.")
    )

    class Meta:
        model = Unit
        fields = ["title", "date"]


class DraftSyllabusForm(forms.Form):
    """What `course_draft_from_article` needs, typed into the admin's "New course from the article" page."""

    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Leave empty for a title from the article.")
    )
    weeks = forms.IntegerField(
        label=_("Weeks"), min_value=1, max_value=52, initial=6, help_text=_("One unit per theme.")
    )
    minutes_per_week = forms.IntegerField(
        label=_("Minutes per week"),
        min_value=10,
        max_value=2400,
        initial=180,
        help_text=_("Required reading per unit, in minutes."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to take the first themes in the article's order."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].label_from_instance = lambda theme: theme.display_name

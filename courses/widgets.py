"""Autocomplete that keeps the unit page at a constant number of queries.

Django's autocomplete widget looks up the label of its selected object with one query per row
(and our labels need the authors: another). The formset below loads every selected reference
with its authors once and hands them to the widgets.
"""

from django.contrib.admin.widgets import AutocompleteSelect

from lbc_site.rules import storable_id


class PreloadedAutocompleteSelect(AutocompleteSelect):
    preloaded: dict | None = None

    def optgroups(self, name, value, attr=None):
        # A form shown again with a tampered id (1.5, 99999999999999999999, text) shows no selection rather than
        # failing to look it up.
        model = self.choices.queryset.model
        value = [
            v for v in value if str(v).strip().isdigit() and storable_id(model, self.field.remote_field.field_name, v)
        ]
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.preloaded is None or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in sorted(selected):
            obj = self.preloaded[key]
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, selected, len(options)))
        return [(None, options, 0)]


def preload_choices(formset, field_name: str, queryset) -> None:
    """Load the objects selected in every form of `formset` in one query and give them to the widgets."""
    forms = formset.forms
    wanted = {str(form[field_name].value()) for form in forms if form[field_name].value()}
    ids = [pk for pk in wanted if pk.isdigit() and storable_id(queryset.model, None, pk)]
    preloaded = {str(obj.pk): obj for obj in queryset.filter(pk__in=ids)}
    for form in forms:
        widget = form.fields[field_name].widget
        widget = getattr(widget, "widget", widget)  # the admin wraps it to add "+" and edit links
        if isinstance(widget, PreloadedAutocompleteSelect):
            widget.preloaded = preloaded

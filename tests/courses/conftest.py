import datetime

from django import forms


def admin_form_data(response) -> dict:
    """The POST data an admin change form would send back unchanged, inlines and management forms included."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
                data[key] = [str(v) for v in value or []]
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            elif hasattr(value, "pk"):
                data[key] = str(value.pk)
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data

"""One set of rules for stored values on every database, and for the links the site writes out.

SQLite stores whatever it is given: a year of 99999 in a smallint column, 2**40 minutes, a NUL byte, a title of a
million characters in a varchar(300). PostgreSQL refuses all of them, so a site that started on SQLite could not
move. Validation therefore bounds values the way PostgreSQL does, whichever database is in use; `check_data`
reports rows stored before these rules.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible

# PostgreSQL's integer column ranges (Django's own table for that backend).
SMALLINT_MAX = 32767
INTEGER_MAX = 2147483647
BIGINT_MAX = 9223372036854775807
INTEGER_RANGES = {
    "SmallIntegerField": (-32768, SMALLINT_MAX),
    "PositiveSmallIntegerField": (0, SMALLINT_MAX),
    "IntegerField": (-2147483648, INTEGER_MAX),
    "PositiveIntegerField": (0, INTEGER_MAX),
    "BigIntegerField": (-BIGINT_MAX - 1, BIGINT_MAX),
    "PositiveBigIntegerField": (0, BIGINT_MAX),
    "AutoField": (1, INTEGER_MAX),
    "SmallAutoField": (1, SMALLINT_MAX),
    "BigAutoField": (1, BIGINT_MAX),
}


def smallint_max():
    """For a PositiveSmallIntegerField: the largest value PostgreSQL stores."""
    return MaxValueValidator(SMALLINT_MAX)


def integer_max():
    """For a PositiveIntegerField: the largest value PostgreSQL stores."""
    return MaxValueValidator(INTEGER_MAX)


def fits_integer_field(value: int, internal_type: str = "BigAutoField") -> bool:
    low, high = INTEGER_RANGES.get(internal_type, INTEGER_RANGES["BigAutoField"])
    return low <= value <= high


def lookup_id(raw) -> int | None:
    """A primary key from a query parameter or URL part, or None when it is no id any database could hold."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) < 20:
        value = int(raw)
        return value if fits_integer_field(value) else None
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str:
    """Why PostgreSQL (and UTF-8) cannot store this text, or "" when it can."""
    if "\x00" in value:
        return "Text may not contain NUL characters (\\x00)."
    if _SURROGATE.search(value):
        return "Text may not contain lone surrogate characters (\\ud800–\\udfff): they are not valid Unicode."
    return ""


@deconstructible
class StorableTextValidator:
    """Refuses NUL characters and lone surrogates."""

    code = "unstorable_text"

    def __call__(self, value):
        if isinstance(value, str) and (problem := text_problem(value)):
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other):
        return isinstance(other, StorableTextValidator)


# An http or https address with a host: the only links the site writes out (no javascript:, data:, vbscript:…).
WEB_URL = re.compile(r"^https?://[^\s/?#\\]+", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_web_url(value: str) -> bool:
    return bool(WEB_URL.match(value)) and not _CONTROL.search(value)


@deconstructible
class WebURLValidator:
    """Links must be web addresses (http:// or https://). A DOI belongs in the DOI field."""

    code = "url_scheme"
    message = "Give a web address starting with http:// or https:// (a DOI goes in the DOI field)."

    def __call__(self, value):
        if value and not is_web_url(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, WebURLValidator)


validate_web_url = WebURLValidator()
validate_storable_text = StorableTextValidator()


def safe_href(value) -> str:
    """The value when it is a web address that may be written out as a link, else ""."""
    value = (value or "").strip()
    return value if is_web_url(value) else ""


def field_problems(instance) -> list[str]:
    """What in a stored row PostgreSQL would refuse or the model's validators forbid (for check_data)."""
    problems = []
    for field in instance._meta.concrete_fields:
        if field.is_relation:
            continue
        value = getattr(instance, field.attname)
        if value is None or value == "":
            continue
        label = f"{field.name}"
        internal = field.get_internal_type()
        is_integer = isinstance(value, int) and not isinstance(value, bool) and internal in INTEGER_RANGES
        if is_integer and not fits_integer_field(value, internal):
            low, high = INTEGER_RANGES[internal]
            problems.append(f"{label}: {value} is outside {low}..{high}")
            continue
        if isinstance(value, str):
            if problem := text_problem(value):
                problems.append(f"{label}: {problem}")
                continue
            if field.max_length and len(value) > field.max_length and isinstance(field, models.CharField):
                problems.append(f"{label}: {len(value)} characters, more than {field.max_length}")
                continue
        try:
            field.run_validators(value)
        except ValidationError as error:
            problems.append(f"{label}: {' '.join(error.messages)}")
    return problems


__all__ = [
    "INTEGER_MAX",
    "SMALLINT_MAX",
    "field_problems",
    "integer_max",
    "is_web_url",
    "lookup_id",
    "safe_href",
    "smallint_max",
    "text_problem",
    "validate_storable_text",
    "validate_web_url",
]


def storable_id(model, to_field_name: str | None, value) -> bool:
    """Whether a submitted id can be looked up at all: a whole number outside the key column's range
    (99999999999999999999) would make SQLite raise OverflowError; what is not a number the form field refuses."""
    model_field = model._meta.get_field(to_field_name) if to_field_name else model._meta.pk
    internal_type = model_field.get_internal_type()
    if internal_type not in INTEGER_RANGES:
        return True
    try:
        number = int(str(value).strip())
    except ValueError:
        return True
    return fits_integer_field(number, internal_type)


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice of one object whose id, when out of the column's range, is "not one of the choices" (not a 500)."""

    def to_python(self, value):
        if value not in self.empty_values and not storable_id(self.queryset.model, self.to_field_name, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            if not storable_id(self.queryset.model, self.to_field_name, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


# ModelAdmin.formfield_overrides for every admin with relations: ids out of range are a form error.
BOUNDED_RELATION_FIELDS = {
    models.ForeignKey: {"form_class": BoundedModelChoiceField},
    models.ManyToManyField: {"form_class": BoundedModelMultipleChoiceField},
}

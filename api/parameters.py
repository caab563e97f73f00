"""Query parameters the API reads as one value each: given twice, a read is refused rather than guessed."""

from rest_framework.exceptions import ValidationError


def refuse_repeated_parameters(request) -> None:
    """400 for a parameter given more than once (`?year_max=1990&year_max=2000`): every parameter of this API takes
    a single value (as the schema says), and taking one of them silently would answer a question nobody asked."""
    repeated = sorted(name for name, values in request.query_params.lists() if len(values) > 1)
    if repeated:
        raise ValidationError({name: ["Give this parameter once."] for name in repeated})

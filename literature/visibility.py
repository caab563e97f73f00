"""Who may see which reference.

A reference is public when an article cites it, when no instructor added it (imported by an administrator or a
command), or when an app built on `literature` says so: `courses` registers "a published course assigns it" from
its AppConfig.ready(). Otherwise (an instructor added it, and it is read only in drafts, archived courses or
nowhere) it is private: visible to the instructor who added it, to the readers an app registers (`courses`: the
instructors of the courses that read it) and to superusers.

Pages cache their reference lists per `visibility_tag(user)`: "public" for everyone who sees only public
references, so a private one never reaches the fragment that visitors share.
"""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q

_PUBLIC: list[Callable[[], Q]] = []
_READERS: list[Callable[[object], Q]] = []


def register_public_reference_condition(condition: Callable[[], Q]) -> Callable:
    """`condition() -> Q` on Reference, selecting references that are public for a reason `literature` cannot know."""
    if condition not in _PUBLIC:
        _PUBLIC.append(condition)
    return condition


def register_private_reference_reader(condition: Callable[[object], Q]) -> Callable:
    """`condition(user) -> Q` on Reference, selecting the private references the (signed-in, staff) user may read."""
    if condition not in _READERS:
        _READERS.append(condition)
    return condition


def public_condition() -> Q:
    from literature.models import Citation

    # EXISTS, not `pk IN (SELECT ...)`: PostgreSQL hashes the whole subquery for IN (every citation, 30,000 rows at
    # a million references, on every request), where EXISTS looks up only the rows the query reaches.
    condition = Q(added_by__isnull=True) | Q(Exists(Citation.objects.filter(reference=OuterRef("pk"))))
    for extra in _PUBLIC:
        condition |= extra()
    return condition


def private_reader_condition(user) -> Q:
    condition = Q(added_by=user)
    for extra in _READERS:
        condition |= extra(user)
    return condition


def may_see_private(user) -> bool:
    """Only staff (instructors) add references or teach in the admin; everyone else sees public references only."""
    return bool(user is not None and user.is_authenticated and user.is_staff and user.is_active)


def visibility_tag(user) -> str:
    """The part of a cache key that says which references the user sees: "public" for everyone who sees only
    public ones (anonymous visitors, students, instructors with nothing private), else "user-<pk>"."""
    if not may_see_private(user):
        return "public"
    from literature.models import Reference

    if not Reference.objects.exclude(public_condition()).visible_to(user).exists():
        return "public"
    return f"user-{user.pk}"

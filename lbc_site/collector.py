"""Keeping Python's garbage collector off the objects a large import did not make."""

import functools
import gc


def spares_older_objects(function):
    """Run `function` with every object that exists when it starts left out of the collector's passes.

    An import of 10,000 entries makes a few hundred thousand objects that live until it ends; each one the
    collector sees makes it run its full pass, over everything the process holds (the app's modules, templates,
    caches), several times: a fifth of a large import's time. Frozen (gc.freeze), those older objects are
    skipped, and the import's own garbage is still collected. Afterwards they are handed back (gc.unfreeze).
    Frozen is a process-wide state: a concurrent request's objects are spared too, for as long as this runs.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        gc.freeze()
        try:
            return function(*args, **kwargs)
        finally:
            gc.unfreeze()

    return wrapper

"""Benchmark (not a test): CPU time per request of the public pages (article, library, courses, a reference), as a
ratio to a plain Django view that returns a small JSON body through the same middleware. Prints figures.

    .venv/bin/python benchmarks/pages.py [--requests 300]

Runs in-process (Django's test client, so no network or server noise) against a throwaway SQLite database
loaded with the seed and the demo course, unless DATABASE_URL points at a scratch database.
"""

from harness import main

URLS = [
    "/",
    "/references/",
    "/references/?theme=education-schooling&sort=year",
    "/courses/",
    "/courses/urban-left-behind-children/",
    "/references/mao2023analysis/",
]


if __name__ == "__main__":
    main(URLS, __doc__.splitlines()[0])

"""Benchmark (not a test): CPU time per request of the course-detail and reference-list API endpoints, as a
ratio to a plain Django view that returns a small JSON body through the same middleware. Prints figures.

    .venv/bin/python benchmarks/api.py [--requests 300]

Runs in-process (Django's test client, so no network or server noise) against a throwaway SQLite database
loaded with the seed and the demo course, unless DATABASE_URL points at a scratch database.
"""

from harness import main

URLS = [
    "/api/v1/courses/urban-left-behind-children/",
    "/api/v1/references/",
    "/api/v1/references/?page_size=100",
    "/api/v1/courses/urban-left-behind-children/?format=ris",
]


if __name__ == "__main__":
    main(URLS, __doc__.splitlines()[0])

"""On PostgreSQL a library search reads the references the text index finds and checks who may see them on those
rows only. Written as `id IN (a subquery on the same table)` beside the visibility conditions, the planner scanned
the whole table for them first: a second per selective search at 1,000,000 references (benchmarks/scale.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")


def plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


@pytest.mark.parametrize("url", ["/references/", "/api/v1/references/"])
def test_every_read_of_the_reference_table_goes_through_the_text_index(client, seeded, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"q": "Stocktaking"}).status_code == 200
    searches = [query["sql"] for query in captured if "to_tsquery" in query["sql"]]
    assert searches
    with connection.cursor() as cursor:
        # Statistics that agree with the rows, whatever earlier tests (or autovacuum) left: plans follow them.
        cursor.execute("ANALYZE literature_reference")
        cursor.execute("SET LOCAL enable_seqscan = off")  # the seed is small enough to scan; ask for the index
        for sql in searches:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            [root] = cursor.fetchone()[0]  # psycopg reads the JSON
            nodes = list(plan_nodes(root["Plan"]))
            reads = [node["Node Type"] for node in nodes if node.get("Relation Name") == "literature_reference"]
            assert reads and set(reads) == {"Bitmap Heap Scan"}, sql
            indexes = {node.get("Index Name") for node in nodes if node["Node Type"] == "Bitmap Index Scan"}
            assert "literature_reference_search" in indexes, sql

"""manage.py audit_references: findings by reference, as text or JSON, and --strict for scripts and CI."""

import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import timezone

from literature.models import AuditFinding, Citation, LinkCheck, Reference


def run(*args) -> str:
    out = io.StringIO()
    call_command("audit_references", *args, stdout=out)
    return out.getvalue()


def test_text_output_groups_the_findings_under_each_reference_with_its_number(seeded):
    output = run()
    block = output.split("[22] li2024internet — Internet Addiction among Rural Left-behind Children")[1]
    block = block.split("\n\n")[0]
    assert "warning  Year in DOI disagrees: The DOI 10.27272/d.cnki.gshdu.2023.005450 carries the year 2023" in block
    assert "info     Flagged by the importer: The importer was not sure" in block
    assert "[34] xu2024interaction — The interaction between interpersonal sensitivity" in output
    assert "[1] mao2023analysis" not in output
    assert output.strip().endswith(
        "13 finding(s) in 11 of 51 references (6 errors, 5 warnings, 2 info). "
        "They are also listed in the admin under Audit findings."
    )


def test_it_stores_the_findings_it_prints(seeded):
    run()
    assert AuditFinding.objects.count() == 13


def test_json_output_lists_one_object_per_finding(seeded):
    findings = json.loads(run("--format", "json"))
    assert len(findings) == 13
    assert findings[0] == {
        "number": 13,
        "key": "cai2015education",
        "title": "Education Issues of Urban Left-Behind Children and Coping measures",
        "kind": "malformed_url",
        "severity": "error",
        "message": "The link's query string has lost its “&” separators (“=uniplatform=NZKPTlanguage=CHS”), so it "
        "will probably not open the record. Find the record again in the database and copy its link.",
    }
    assert {(f["number"], f["kind"]) for f in findings if f["severity"] == "info"} == {
        (22, "importer_flag"),
        (33, "importer_flag"),
    }


def test_references_no_article_cites_are_listed_without_a_number(seeded):
    Reference.objects.create(key="lonely2020", type="report", title="A report nobody cites", year=2020)
    output = run()
    assert "\nlonely2020 — A report nobody cites\n  warning  No DOI or URL" in output
    [lonely] = [f for f in json.loads(run("--format", "json")) if f["key"] == "lonely2020"]
    assert lonely["number"] is None


def test_without_strict_it_exits_0_even_with_problems(seeded, capsys):
    execute_from_command_line(["manage.py", "audit_references"])  # returns, so manage.py exits with 0
    assert "13 finding(s) in 11 of 51 references" in capsys.readouterr().out


def test_strict_exits_1_when_any_problem_exists(seeded):
    with pytest.raises(CommandError) as raised:
        run("--strict")
    assert raised.value.returncode == 1
    assert "13 problem(s) found" in str(raised.value)


def test_strict_sets_the_process_exit_status(seeded, capsys):
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "audit_references", "--strict", "--format", "json"])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 13
    assert "13 problem(s) found" in captured.err


def test_strict_exits_0_when_nothing_is_wrong(db):
    Reference.objects.create(
        type="report", title="A clean report", year=2020, url="https://www.stats.gov.cn/sj/zxfb/202401/t.html"
    )
    assert run("--strict").strip() == "No problems found in 1 references."
    assert json.loads(run("--strict", "--format", "json")) == []


def test_broken_links_found_by_check_links_are_reported(seeded):
    reference = Citation.objects.get(article=seeded, number=2).reference
    LinkCheck.objects.create(
        reference=reference, link="url", url=reference.url, status_code=404, checked_at=timezone.now()
    )
    output = run()
    assert "[2] national2020what" in output
    assert "error    Broken link: The URL https://www.stats.gov.cn/" in output
    assert "does not work: 404 Not Found" in output

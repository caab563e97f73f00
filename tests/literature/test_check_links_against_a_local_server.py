"""manage.py check_links against a local HTTP server: what it records per link, and the findings it leaves.

Nothing here leaves the machine: the server listens on 127.0.0.1, and name lookups for any other host
fail as a DNS error would.
"""

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from literature import linkcheck
from literature.models import Article, AuditFinding, Citation, LinkCheck, Reference

TIMEOUT = "0.5"
SLOW_ANSWER = 1.5  # seconds: longer than TIMEOUT


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, *, head):
        self.server.seen.append((self.command, self.path, self.headers.get("User-Agent", ""), time.monotonic()))
        path = self.path.split("?")[0]
        if path == "/ok":
            self.reply(200, body=b"ok", head=head)
        elif path in ("/moved", "/found"):
            self.reply(301 if path == "/moved" else 302, location="/ok")
        elif path == "/loop":
            self.reply(302, location="/loop")
        elif path.startswith("/doi/"):
            self.reply(302, location="/ok")
        elif path == "/no-head":
            self.reply(405 if head else 200, body=b"ok", head=head)
        elif path == "/slow":
            time.sleep(SLOW_ANSWER)
            self.reply(200, body=b"late", head=head)
        else:
            self.reply(404, body=b"not found", head=head)

    def reply(self, status, *, body=b"", head=False, location=""):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # do not wait for /slow to finish answering a client that has gone

    def handle_error(self, request, client_address):
        pass  # the client hanging up on /slow is expected


@pytest.fixture
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def only_this_machine(monkeypatch, base):
    """Resolve only local names; every other host fails as an unknown name does. DOI links go to the server."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(linkcheck, "DOI_RESOLVER", f"{base}/doi/")


def make(key, url="", doi=""):
    return Reference.objects.create(key=key, type="report", title=f"Report {key}", year=2020, url=url, doi=doi)


def check_links(*args) -> str:
    out = io.StringIO()
    call_command("check_links", "--timeout", TIMEOUT, "--delay", "0", *args, stdout=out)
    return out.getvalue()


def recorded(key, link="url"):
    return LinkCheck.objects.get(reference__key=key, link=link)


@pytest.fixture
def links(db, base, closed_port):
    make("ok", f"{base}/ok")
    make("moved", f"{base}/moved")
    make("found", f"{base}/found")
    make("missing", f"{base}/missing")
    make("no-head", f"{base}/no-head")
    make("loop", f"{base}/loop")
    make("refused", f"http://127.0.0.1:{closed_port}/ok")
    make("unknown-host", "http://no-such-host.invalid/ok")
    make("not-tls", f"{base.replace('http:', 'https:')}/ok")
    make("with-doi", doi="10.1234/left-behind.2020")


def test_it_records_the_status_and_final_url_of_each_link(links, base):
    check_links("--concurrency", "4")
    assert (recorded("ok").status_code, recorded("ok").error, recorded("ok").final_url) == (200, "", f"{base}/ok")
    for key in ("moved", "found"):
        assert (recorded(key).status_code, recorded(key).final_url) == (200, f"{base}/ok")
    assert recorded("missing").status_code == 404
    assert recorded("no-head").status_code == 200
    doi = recorded("with-doi", link="doi")
    assert (doi.url, doi.status_code, doi.final_url) == (f"{base}/doi/10.1234/left-behind.2020", 200, f"{base}/ok")
    assert all(check.checked_at for check in LinkCheck.objects.all())


def test_it_names_each_kind_of_failure(links):
    check_links()
    errors = {key: (recorded(key).status_code, recorded(key).error) for key in ("loop", "refused")}
    assert errors == {"loop": (None, "too_many_redirects"), "refused": (None, "refused")}
    assert recorded("unknown-host").error == "dns"
    assert recorded("not-tls").error == "tls"
    assert recorded("loop").outcome() == "Too many redirects"


def test_a_server_slower_than_the_timeout_is_a_timeout_and_a_warning(db, base):
    make("slow", f"{base}/slow")
    started = time.monotonic()
    check_links()
    assert time.monotonic() - started < SLOW_ANSWER
    assert (recorded("slow").status_code, recorded("slow").error) == (None, "timeout")
    [finding] = AuditFinding.objects.filter(reference__key="slow")
    # A timeout may pass by itself: a warning, not an error.
    assert (finding.kind, finding.severity) == ("broken_link", "warning")
    assert "does not work: Timed out" in finding.message
    assert "check again later" in finding.message


def test_broken_links_become_audit_findings(links):
    check_links()
    broken = {
        finding.reference.key: (finding.severity, finding.message)
        for finding in AuditFinding.objects.filter(kind="broken_link").select_related("reference")
    }
    assert set(broken) == {"missing", "loop", "refused", "unknown-host", "not-tls"}
    assert broken["missing"][0] == "error"
    assert "does not work: 404 Not Found" in broken["missing"][1]
    assert broken["refused"][0] == "error"
    assert "Connection refused" in broken["refused"][1]
    assert "Find a working link." in broken["refused"][1]


def test_the_command_lists_the_broken_links_and_sums_up(links, base):
    output = check_links()
    assert f"missing URL: 404 Not Found\n    {base}/missing\n" in output
    assert "refused URL: Connection refused" in output
    assert "\nok URL" not in output
    assert output.strip().endswith(
        "Checked 10 link(s) of 10 reference(s): 5 working, 5 broken. "
        "Broken links are listed as audit findings (manage.py audit_references)."
    )


def test_it_asks_with_head_then_get_when_head_is_refused(links, server):
    check_links()
    asked = [method for method, path, _, _ in server.seen if path == "/no-head"]
    assert asked == ["HEAD", "GET"]
    assert [method for method, path, _, _ in server.seen if path == "/ok"].count("GET") == 0


def test_it_says_who_is_asking(links, server):
    check_links()
    assert {agent for *_, agent, _ in server.seen} == {linkcheck.USER_AGENT}
    assert linkcheck.USER_AGENT.startswith("lbc-site-link-checker/")


def test_requests_to_one_host_are_spaced_by_the_delay(db, base, server):
    for i in range(4):
        make(f"page-{i}", f"{base}/ok?page={i}")
    out = io.StringIO()
    call_command("check_links", "--timeout", TIMEOUT, "--delay", "0.25", "--concurrency", "4", stdout=out)
    arrivals = sorted(at for *_, at in server.seen)
    assert len(arrivals) == 4
    assert min(later - earlier for earlier, later in pairwise(arrivals)) >= 0.2


def test_limit_checks_the_first_references_in_the_articles_order(db, base, server):
    article = Article.objects.create(slug="a", title="An article", authors="A", journal="J")
    for number, key in enumerate(["second", "first"], start=1):
        Citation.objects.create(article=article, reference=make(key, f"{base}/ok?{key}"), number=3 - number)
    check_links("--limit", "1")
    assert list(LinkCheck.objects.values_list("reference__key", flat=True)) == ["first"]
    assert [path for _, path, *_ in server.seen] == ["/ok?first"]


def test_a_link_corrected_after_the_check_is_no_longer_reported(links, base):
    check_links()
    missing = Reference.objects.get(key="missing")
    missing.url = f"{base}/ok"
    missing.save()
    call_command("audit_references", stdout=io.StringIO())
    assert not AuditFinding.objects.filter(reference=missing, kind="broken_link").exists()


def test_checking_again_replaces_the_previous_results(links, base):
    check_links()
    Reference.objects.filter(key="missing").update(url=f"{base}/ok")
    Reference.objects.filter(key="with-doi").update(doi="")
    check_links()
    assert recorded("missing").status_code == 200
    assert not LinkCheck.objects.filter(reference__key="with-doi").exists()
    assert LinkCheck.objects.count() == 9


@pytest.mark.parametrize("option", [("--concurrency", "0"), ("--timeout", "0"), ("--delay", "-1"), ("--limit", "0")])
def test_options_out_of_range_are_refused_before_anything_is_visited(db, server, option):
    make("ok", "http://127.0.0.1:9/ok")
    with pytest.raises(CommandError):
        call_command("check_links", *option, stdout=io.StringIO())
    assert server.seen == []
    assert not LinkCheck.objects.exists()

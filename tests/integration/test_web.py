"""The web pages over HTTP, against a running server: sign-in and lockout, sessions and their
cookies, CSRF, the same jurisdiction as the API, languages, htmx partials."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from shared.auth import create_token, principal_for_token
from shared.storage import transaction
from tests.integration.site import PASSWORD, Site, running_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    # Cookies without Secure here: httpx, unlike a browser, keeps no Secure cookie over http.
    with running_site(tmp_path_factory.mktemp("web"), cookie_secure=False) as running:
        yield running


def _signed_in(site: Site, name: str) -> httpx.Client:
    client = site.client()
    page = client.get("/sign-in")
    pre = re.search(r'name="pre" value="([^"]+)"', page.text)
    assert pre, page.text
    answer = client.post("/sign-in", data={"name": name, "password": PASSWORD,
                                           "pre": pre.group(1), "next": "/alerts"})
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/alerts"
    return client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _alert_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'href="/alerts/(\d+)"', html)]


def test_sign_in_page_is_kazakh_by_default(site: Site) -> None:
    page = site.client().get("/sign-in")
    assert page.status_code == 200
    assert '<html lang="kk">' in page.text
    assert "<h1>Жүйеге кіру</h1>" in page.text
    assert site.client().get("/alerts").headers["location"] == "/sign-in?next=%2Falerts"


def test_wrong_passwords_lock_the_account(site: Site) -> None:
    client = site.client()
    pre = re.search(r'name="pre" value="([^"]+)"', client.get("/sign-in").text)
    assert pre
    form = {"name": "forgetful", "pre": pre.group(1), "next": "/"}
    for _ in range(2):
        wrong = client.post("/sign-in", data=form | {"password": "not it at all"})
        assert wrong.status_code == 401
        assert "Аты немесе құпиясөз қате." in wrong.text
    third = client.post("/sign-in", data=form | {"password": "still not it"})
    assert "бұғатталды" in third.text  # the third failure locks (setting: 3 attempts)
    right = client.post("/sign-in", data=form | {"password": PASSWORD})
    assert right.status_code == 401 and "бұғатталды" in right.text
    # An unknown name is answered exactly like a known one, lockout included.
    for attempt in range(3):
        unknown = client.post("/sign-in", data=form | {"name": "nobody-here",
                                                       "password": "x" * 12})
        expected = "бұғатталды" if attempt == 2 else "Аты немесе құпиясөз қате."
        assert expected in unknown.text
    forged = client.post("/sign-in", data=form | {"name": "med", "pre": "forged",
                                                  "password": PASSWORD})
    assert forged.status_code == 403  # login CSRF: the form's token must match its cookie


def test_session_cookie_flags(tmp_path: Path) -> None:
    with running_site(tmp_path, cookie_secure=True) as secure_site:
        client = secure_site.client()
        form = client.get("/sign-in")
        assert "secure" in form.headers["set-cookie"].lower()
        pre = re.search(r'name="pre" value="([^"]+)"', form.text)
        assert pre
        # httpx keeps no Secure cookie over http; a browser on localhost does: send it back.
        answer = client.post("/sign-in", data={"name": "med", "password": PASSWORD,
                                               "pre": pre.group(1), "next": "/"},
                             headers={"Cookie": f"qdg_pre={pre.group(1)}"})
        cookie = answer.headers["set-cookie"].lower()
        assert cookie.startswith("qdg_session=")
        for flag in ("httponly", "secure", "samesite=lax"):
            assert flag in cookie


def test_pages_keep_the_api_jurisdiction(site: Site) -> None:
    med, bost = _signed_in(site, "med"), _signed_in(site, "bost")
    med_ids = _alert_ids(med.get("/alerts").text)
    bost_ids = _alert_ids(bost.get("/alerts").text)
    assert med_ids and bost_ids and not set(med_ids) & set(bost_ids)
    foreign = bost.get(f"/alerts/{med_ids[0]}")
    assert foreign.status_code == 404
    assert "Сіздің аумағыңызда мұндай жазба жоқ." in foreign.text
    assert bost.get("/proceedings/EP-1").status_code == 404
    assert bost.get("/sanctions/D-1").status_code == 403
    assert bost.get("/bailiffs/PB-1").status_code == 404
    chamber = _signed_in(site, "chamber")
    assert chamber.get("/alerts").status_code == 403  # the queue is the prosecutors'
    assert chamber.get("/bailiffs/PB-1").status_code == 200


def test_forms_need_the_session_csrf_token(site: Site) -> None:
    med = _signed_in(site, "med")
    alert_id = _alert_ids(med.get("/alerts").text)[0]
    for token in (None, "wrong"):
        data = {"status": "acknowledged"} | ({"csrf": token} if token else {})
        refused = med.post(f"/alerts/{alert_id}/transition", data=data)
        assert refused.status_code == 403
    page = med.get(f"/alerts/{alert_id}")
    done = med.post(f"/alerts/{alert_id}/transition",
                    data={"status": "acknowledged", "csrf": _csrf(page.text)})
    assert done.status_code == 303
    assert "Жұмысқа қабылданды." in med.get(done.headers["location"]).text


def test_sign_out_ends_the_session_and_its_token(site: Site) -> None:
    med = _signed_in(site, "med")
    page = med.get("/")
    cookie = med.cookies["qdg_session"]
    with site.system.sessions() as session:
        # The cookie is the session's API token; the database holds only digests of it.
        assert principal_for_token(session, cookie) is not None
        stored = session.execute(text("SELECT * FROM web_sessions")).all()
        assert cookie not in repr(stored)
    out = med.post("/sign-out", data={"csrf": _csrf(page.text)})
    assert out.status_code == 303
    stale = site.client()
    stale.cookies.set("qdg_session", cookie)
    assert stale.get("/").headers["location"].startswith("/sign-in")
    with site.system.sessions() as session:
        assert principal_for_token(session, cookie) is None


def test_languages_and_local_formats(site: Site) -> None:
    med = _signed_in(site, "med")
    med.get("/language/ru?next=/alerts")
    page = med.get("/alerts")
    assert '<html lang="ru">' in page.text and "Очередь нарушений" in page.text
    assert re.search(r"\d\d\.11\.2025", page.text)
    med.get("/language/en?next=/")
    assert re.search(r"\d{1,2} Nov 2025", med.get("/alerts").text)
    away = med.get("/language/xx?next=https://evil.example/")  # neither a language nor a
    assert away.headers["location"] == "/"                    # redirect off the site
    assert "Alert queue" in med.get("/alerts").text
    med.get("/language/kk?next=/")


def test_htmx_gets_the_queue_alone_and_bulk_acknowledges(site: Site) -> None:
    med = _signed_in(site, "med")
    full = med.get("/alerts?rule=OPENING_TERM&status=new")
    partial = med.get("/alerts?rule=OPENING_TERM&status=new",
                      headers={"HX-Request": "true", "HX-Target": "queue"})
    assert "<html" in full.text and "<html" not in partial.text
    ids = _alert_ids(partial.text)
    answer = med.post("/alerts/bulk", data={"ids": ids[:2], "action": "acknowledged",
                                            "rule": "OPENING_TERM", "sort": "due"},
                      headers={"X-CSRF-Token": _csrf(full.text), "HX-Request": "true"})
    assert answer.status_code == 200, answer.text
    assert "Орындалды: 2." in answer.text
    # Each alert acted on is named beside the list, with what became of it; the default view
    # (what needs action) no longer lists them.
    for alert_id in ids[:2]:
        assert re.search(rf'<li><a href="/alerts/{alert_id}">№ {alert_id}</a> · '
                         r'Іс жүргізуді қозғау мерзімі · EP-\d — жұмыста</li>', answer.text)
        assert f'name="ids" value="{alert_id}"' not in answer.text
    # One refused (already acknowledged: it cannot be again) is named with the reason.
    again = med.post("/alerts/bulk", data={"ids": [ids[0], ids[2]], "action": "acknowledged",
                                           "status": "any"},
                     headers={"X-CSRF-Token": _csrf(full.text), "HX-Request": "true"})
    assert "Орындалды: 1." in again.text and "Орындалмады: 1." in again.text
    refused = re.search(rf'<li class="error"><a href="/alerts/{ids[0]}">№ {ids[0]}</a> — '
                        r'([^<]+)</li>', again.text)
    assert refused is not None and refused.group(1).strip(), again.text
    assert f'name="ids" value="{ids[0]}"' in again.text  # the view "any" still lists it


def test_bailiff_page_lists_the_proceedings_held(site: Site) -> None:
    med = _signed_in(site, "med")
    page = med.get("/bailiffs/PB-1")
    assert page.status_code == 200
    held = re.findall(r'href="/proceedings/(EP-\d)"', page.text)
    assert sorted(set(held)) == [f"EP-{n}" for n in range(1, 7)]
    chamber = _signed_in(site, "chamber")
    assert "/proceedings/" not in chamber.get("/bailiffs/PB-1").text


def test_the_pages_resist_forged_requests(site: Site) -> None:
    med = _signed_in(site, "med")
    # The API is reached in process: a forged Host header sends the token nowhere.
    forged = med.get("/alerts", headers={"Host": "attacker.example:9"})
    assert forged.status_code == 200 and "Заң бұзушылықтар кезегі" in forged.text
    assert forged.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in forged.headers["content-security-policy"]
    alert_id = _alert_ids(med.get("/alerts").text)[0]
    crafted = med.get(f"/alerts/{alert_id}?done=anything")
    assert crafted.status_code == 200 and 'class="done"' not in crafted.text
    fake = med.get("/acts?done=Fake-act-issued")
    assert 'class="done"' not in fake.text


def test_htmx_gets_errors_where_the_page_shows_messages(site: Site) -> None:
    med = _signed_in(site, "med")
    page = med.get("/alerts")
    headers = {"X-CSRF-Token": _csrf(page.text), "HX-Request": "true"}
    nothing = med.post("/alerts/bulk", data={"action": "acknowledged"}, headers=headers)
    assert nothing.status_code == 200 and "Алдымен заң бұзушылықтарды таңдаңыз." in nothing.text
    bost = _signed_in(site, "bost")
    refused = bost.post("/sanctions/D-1/to-sign", data={"decision": "granted"},
                        headers={"X-CSRF-Token": _csrf(bost.get("/").text),
                                 "HX-Request": "true"})
    assert refused.status_code == 200
    assert refused.headers["hx-retarget"] == "#messages"
    assert "Бұл сіздің құзыретіңізге жатпайды." in refused.text


def test_a_reported_decision_shows_as_reported_not_as_a_prosecutors(site: Site) -> None:
    med = _signed_in(site, "med")
    queue = med.get("/sanctions").text
    assert 'href="/sanctions/D-1"' in queue and 'href="/sanctions/D-3"' not in queue
    granted = med.get("/sanctions?status=granted").text
    assert 'href="/sanctions/D-3"' not in granted
    reported = med.get("/sanctions?status=reported").text
    assert 'href="/sanctions/D-3"' in reported
    assert "санкция берілді деп хабарланды · ais-oip" in reported
    page = med.get("/sanctions/D-3").text
    for words in ("сот орындаушысының жүйесі хабарлады", "Хабарланған шешім", "ais-oip",
                  "PR-OLD", "прокурор шешімі болып саналмайды"):
        assert words in page
    assert 'id="decide-heading"' not in page  # no signing form: it is not pending
    med.get("/language/ru?next=/alerts")
    page = med.get("/sanctions/D-3").text
    assert "сообщено системой судебного исполнителя" in page
    assert "санкционировано" not in page
    med.get("/language/en?next=/alerts")
    page = med.get("/sanctions/D-3").text
    assert "reported by the bailiff system" in page and "reported as granted" in page


def test_an_expired_session_returns_to_the_page_not_the_form(site: Site) -> None:
    client = site.client()
    client.cookies.set("qdg_session", "qdg_expired-or-forged")
    posted = client.post("/alerts/1/transition", data={"status": "acknowledged"},
                         headers={"Referer": f"{site.url}/alerts/1?done=assigned"})
    assert posted.headers["location"] == "/sign-in?next=%2Falerts%2F1%3Fdone%3Dassigned"
    filtered = client.get("/alerts?rule=OPENING_TERM")
    assert filtered.headers["location"] == "/sign-in?next=%2Falerts%3Frule%3DOPENING_TERM"



def test_a_burst_of_pages_does_not_starve_the_server(site: Site) -> None:
    # Pages call the API in process: sixty at once hold no thread while they wait for it.
    from concurrent.futures import ThreadPoolExecutor

    med = _signed_in(site, "med")
    cookie = med.cookies["qdg_session"]

    def fetch(_: int) -> int:
        with site.client() as client:
            client.cookies.set("qdg_session", cookie)
            return client.get("/", timeout=30).status_code

    with ThreadPoolExecutor(max_workers=60) as pool:
        statuses = list(pool.map(fetch, range(60)))
    assert statuses == [200] * 60


def test_a_chamber_requests_a_report_from_its_inbox(site: Site) -> None:
    chamber = _signed_in(site, "chamber")
    inbox = chamber.get("/inbox")
    made = chamber.post("/inbox/request", data={"period_from": "2025-01-01",
                                                "period_to": "2025-11-30",
                                                "csrf": _csrf(inbox.text)})
    assert made.status_code == 303 and made.headers["location"].startswith("/inbox/")
    report = chamber.get(made.headers["location"])
    assert "Сұрау бойынша есеп" in report.text and "-kk.pdf" in report.text
    backwards = chamber.post("/inbox/request", data={"period_from": "2025-12-01",
                                                     "period_to": "2025-11-30",
                                                     "csrf": _csrf(inbox.text)})
    # The refusal is told in the page's language by its code, never in the API's English.
    assert backwards.status_code == 422 and "Кезеңнің соңы басынан бұрын" in backwards.text
    assert "before it begins" not in backwards.text



def test_the_pages_own_refusals_are_in_the_reader_s_language(site: Site) -> None:
    """A form without a field, a page id that is no number, a page that is not there: an
    error page in Kazakh or Russian, never the framework's English JSON."""
    med = _signed_in(site, "med")
    missing = med.get("/no-such-page")
    assert missing.status_code == 404 and "Мұндай бет жоқ" in missing.text
    assert missing.headers["content-type"].startswith("text/html")
    not_a_number = med.get("/alerts/abc")
    assert not_a_number.status_code == 422 and "Сұрау дұрыс толтырылмаған" in not_a_number.text
    med.get("/language/ru?next=/alerts")
    page = med.get("/alerts")
    no_status = med.post("/alerts/1/transition", data={"csrf": _csrf(page.text)})
    assert no_status.status_code == 422 and "Запрос заполнен неверно" in no_status.text
    assert "Field required" not in no_status.text
    med.get("/language/kk?next=/alerts")


def test_the_api_s_own_refusals_have_the_shape_of_every_refusal(site: Site) -> None:
    api = site.client()
    missing = api.get("/api/v1/no-such-room")
    assert missing.status_code == 404 and missing.json()["code"] == "route_not_found"
    wrong = api.delete("/api/v1/alerts")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"
    assert set(wrong.json()) == {"type", "title", "status", "detail", "code", "params"}


def test_an_unexpected_error_is_a_json_problem_never_plain_text(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: a 500 came back as the server's plain text. Now it has the shape of every
    refusal, whatever went wrong inside."""
    from services.alerts.queue.service import AlertQueue

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a defect")

    monkeypatch.setattr(AlertQueue, "summary", broken)
    admin = site.client()
    with transaction(site.system.sessions) as session:
        token = create_token(session, role="admin", name="probe-500")
    answer = admin.get("/api/v1/alerts/summary", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json() == {"type": "urn:qadagalau:problem:internal_error",
                             "title": "Internal Server Error", "status": 500,
                             "detail": "an unexpected error; it was logged, try again later",
                             "code": "internal_error", "params": {}}


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_a_body_over_the_limit_is_refused_before_it_is_read_whole(site: Site) -> None:
    """Issue 13: a 50 MB body was read whole before the batch check (268 MB → 1,080 MB of RSS).
    Declared too large, it is refused unread; sent in chunks, as soon as it passes the limit,
    and the server (this process, the client's 1 MB chunks and the transport's buffers
    included) grows by at most twice the limit and a few MB, not by the body (100 MB): the
    buffer grows by reallocation, so for a moment it and its previous size are both held, and
    the allocator may keep what was freed."""
    limit = site.system.runtime.max_body_bytes
    api = site.client()
    declared = api.post("/api/v1/events", content=b"[" + b" " * (limit + 1) + b"]",
                        headers={"Content-Type": "application/json"})
    assert declared.status_code == 413 and declared.json()["code"] == "body_too_large"

    def hundred_megabytes() -> Iterator[bytes]:
        yield b"["
        for _ in range(100):
            yield b"1," * (512 * 1024)
        yield b"1]"

    with transaction(site.system.sessions) as session:
        token = create_token(session, role="bailiff-system", name="probe-413")
    before = _rss_bytes()
    chunked = api.post("/api/v1/events", content=hundred_megabytes(),
                       headers={"Content-Type": "application/json",
                                "Authorization": f"Bearer {token}"})
    grown = _rss_bytes() - before
    assert chunked.status_code == 413 and chunked.json()["params"] == {"limit": limit}
    assert grown < 2 * limit + 4 * 1024 * 1024, f"the process grew by {grown} bytes"


def test_a_refused_form_comes_back_with_what_was_typed_and_why(site: Site) -> None:
    """No dead end: the page of the form, the reason in the reader's language beside the
    field, and what was typed still there."""
    med = _signed_in(site, "med")
    queue = med.get("/alerts?status=new")
    alert_id = _alert_ids(queue.text)[0]
    page = med.get(f"/alerts/{alert_id}")
    token = _csrf(page.text)
    dismissed = med.post(f"/alerts/{alert_id}/transition",
                         data={"status": "dismissed", "reason": "   ", "csrf": token})
    assert dismissed.status_code == 422
    assert '<p class="error" id="reason-error" role="alert">Неге негізсіз деп жабылатынын ' \
           'көрсетіңіз.</p>' in dismissed.text
    assert 'aria-describedby="reason-error"' in dismissed.text
    assert "<h1>" in dismissed.text and 'id="resolve-reason"' in dismissed.text  # the form
    # An act the API refuses keeps its addressee and kind.
    act = med.post(f"/alerts/{alert_id}/act",
                   data={"act_kind": "no-such-kind", "addressee": "Алматы қ. аумақтық палатасы",
                         "csrf": token})
    assert act.status_code == 422
    assert 'value="Алматы қ. аумақтық палатасы"' in act.text
    assert '<p class="error" id="act-error" role="alert">Прокурор актісінің мұндай түрі ' \
           'жоқ.</p>' in act.text
    # The reason typed for a closing the alert's state no longer allows (resolved meanwhile,
    # in another tab) is not silently lost: the page says why, in Russian for a Russian reader.
    assert med.post(f"/alerts/{alert_id}/transition",
                    data={"status": "resolved", "reason": "устранено", "csrf": token},
                    ).status_code == 303
    med.get("/language/ru?next=/")
    again = med.post(f"/alerts/{alert_id}/transition",
                     data={"status": "resolved", "reason": "ещё раз", "csrf": token})
    assert again.status_code == 409
    assert '<p class="error" role="alert">При текущем ходе работы по нарушению это действие ' \
           'невозможно.</p>' in again.text
    med.get("/language/kk?next=/")


def test_a_report_asked_for_reversed_dates_keeps_them_and_says_why(site: Site) -> None:
    chamber = _signed_in(site, "chamber")
    inbox = chamber.get("/inbox")
    answer = chamber.post("/inbox/request", data={
        "period_from": "2025-10-31", "period_to": "2025-10-01", "csrf": _csrf(inbox.text)})
    assert answer.status_code == 422
    assert 'value="2025-10-31"' in answer.text and 'value="2025-10-01"' in answer.text
    assert '<p class="error" id="period-error" role="alert">Кезеңнің соңы басынан бұрын.</p>' \
        in answer.text
    assert 'id="period-to" name="period_to" type="date" required value="2025-10-01" ' \
           'aria-invalid="true"' in answer.text


def test_a_signature_refused_keeps_the_text_to_sign_and_what_was_pasted(site: Site) -> None:
    med = _signed_in(site, "med")
    review = med.get("/sanctions/D-2")
    answer = med.post("/sanctions/D-2/decision", data={
        "decision": "granted", "reason": "", "signature": "AAAA", "csrf": _csrf(review.text)})
    assert answer.status_code == 422
    assert '<textarea id="signature" name="signature" rows="4" required aria-invalid="true" ' \
           'aria-describedby="signature-error">AAAA</textarea>' in answer.text
    error = re.search(r'<p class="error" id="signature-error" role="alert">([^<]+)</p>',
                      answer.text)
    assert error is not None and re.search(r"[ңғүұқөһәі]", error.group(1)), answer.text
    assert 'id="content-b64"' in answer.text  # the same text to sign, to sign again


def test_the_decree_review_shows_the_decree_and_a_readable_text_to_sign(site: Site) -> None:
    med = _signed_in(site, "med")
    review = med.get("/sanctions/D-1")
    assert review.status_code == 200
    materials = review.text.split('id="materials-heading"', 1)[1].split("</section>", 1)[0]
    assert "«Алматы Құрылыс Инвест Холдинг»" in materials and "заңды тұлға" in materials
    assert re.search(r"1\s250\s000,5", materials)  # the sum, as Kazakh writes numbers
    assert "Сот орындаушысының жүйесі құжаттың өзін жібермеген." in materials
    timeline = review.text.split('id="timeline-heading"', 1)[1]
    assert "қаулы шығарылды" in timeline  # the proceeding's steps beside the decree
    signing = med.post("/sanctions/D-1/to-sign", data={"decision": "granted", "reason": ""},
                       headers={"X-CSRF-Token": _csrf(review.text), "HX-Request": "true"})
    summary = signing.text.split('id="signed-summary"', 1)[1].split("</div>", 1)[0]
    assert "<strong>санкция берілді</strong>" in summary
    assert "«Алматы Құрылыс Инвест Холдинг»" in summary and "D-1" in summary
    assert "null" not in summary and '{"' not in summary  # words, not JSON
    assert '<details>' in signing.text and 'id="content-b64"' in signing.text


def test_acts_from_the_pages_term_answer_result_and_links(site: Site) -> None:
    med = _signed_in(site, "med")
    alert_id = _alert_ids(med.get("/alerts?status=new&rule=NOTICE_TERM").text)[0]
    page = med.get(f"/alerts/{alert_id}")
    token = _csrf(page.text)
    # A protest's term of less than three working days is refused beside the form, kept.
    short = med.post(f"/alerts/{alert_id}/act", data={
        "act_kind": "protest", "addressee": "", "response_due_on": "2025-12-02", "csrf": token})
    assert short.status_code == 422
    assert 'id="act-term" name="response_due_on" type="date" value="2025-12-02"' in short.text
    assert re.search(r'<p class="error" id="act-error" role="alert">[^<]+</p>', short.text)
    issued = med.post(f"/alerts/{alert_id}/act", data={
        "act_kind": "protest", "addressee": "", "response_due_on": "2025-12-05", "csrf": token})
    assert issued.status_code == 303
    act_id = issued.headers["location"].split("done=")[1]
    ledger = med.get("/acts").text
    row = ledger.split(f'href="/acts/{act_id}"', 1)[1].split("</tr>", 1)[0]
    assert "05.12.2025" in row  # its term, in the ledger's "due" column
    act_page = med.get(f"/acts/{act_id}")
    assert act_page.status_code == 200
    assert f'href="/alerts/{alert_id}"' in act_page.text  # act -> its alert
    assert re.search(r'href="/proceedings/EP-\d"', act_page.text)  # act -> its proceeding
    assert f'href="/acts/{act_id}"' in med.get(f"/alerts/{alert_id}").text  # alert -> act
    answered = med.post(f"/acts/{act_id}/answer", data={
        "answered_on": "2025-12-01", "result": "satisfied", "recovered_kzt": "1 500 000,50",
        "csrf": _csrf(act_page.text)})
    assert answered.status_code == 303
    shown = med.get(answered.headers["location"]).text
    assert "Қарау нәтижесі тіркелді." in shown and "қанағаттандырылды" in shown
    assert re.search(r"1\s500\s000,5", shown)
    proceeding = re.search(r'href="/proceedings/(EP-\d)"', act_page.text)
    assert proceeding is not None
    assert f'href="/acts/{act_id}"' in med.get(f"/proceedings/{proceeding.group(1)}").text


def test_an_act_rejected_is_taken_to_court_from_its_page(site: Site) -> None:
    med = _signed_in(site, "med")
    alert_id = _alert_ids(med.get("/alerts?status=new&rule=NOTICE_TERM").text)[0]
    issued = med.post(f"/alerts/{alert_id}/act", data={
        "act_kind": "representation", "addressee": "",
        "csrf": _csrf(med.get(f"/alerts/{alert_id}").text)})
    act_id = issued.headers["location"].split("done=")[1]
    page = med.get(f"/acts/{act_id}")
    assert 'id="filed-on"' not in page.text  # within its term, unanswered: no ground yet
    # Refused where it is asked for anyway, in the reader's language.
    early = med.post(f"/acts/{act_id}/court", data={"filed_on": "", "csrf": _csrf(page.text)})
    assert early.status_code == 409
    assert "Сотқа акт қабылданбаған не оның қарау мерзімі өткенге дейін қаралмаған кезде" \
        in early.text
    med.post(f"/acts/{act_id}/answer", data={"answered_on": "2025-12-01", "result": "rejected",
                                              "csrf": _csrf(page.text)})
    rejected = med.get(f"/acts/{act_id}")
    assert 'id="filed-on"' in rejected.text and "39-бабы" in rejected.text
    taken = med.post(f"/acts/{act_id}/court", data={"filed_on": "2025-12-01",
                                                     "csrf": _csrf(rejected.text)})
    assert taken.status_code == 303
    shown = med.get(taken.headers["location"]).text
    assert "Сотқа жүгіну тіркелді." in shown
    assert re.search(r"Сотқа жүгінген күні</dt><dd>01\.12\.2025", shown)
    assert 'id="filed-on"' not in shown
    # The bailiff's page counts it among what the acts achieved.
    bailiff = re.search(r'href="/bailiffs/([^"]+)"', shown)
    assert bailiff is not None
    card = med.get(f"/bailiffs/{bailiff.group(1)}").text
    assert "Биылғы актілердің нәтижелері" in card
    assert re.search(r"сотқа жүгінілді</dt><dd>[1-9]", card)


def test_a_refusal_whose_form_is_gone_is_still_said(site: Site) -> None:
    """Acknowledged in another tab: the second "acknowledge" is refused, and though the page no
    longer offers that form (resolve and dismiss it still does), it says why."""
    med = _signed_in(site, "med")
    alert_id = _alert_ids(med.get("/alerts?status=new").text)[-1]
    token = _csrf(med.get(f"/alerts/{alert_id}").text)
    first = med.post(f"/alerts/{alert_id}/transition",
                     data={"status": "acknowledged", "csrf": token})
    assert first.status_code == 303
    again = med.post(f"/alerts/{alert_id}/transition",
                     data={"status": "acknowledged", "csrf": token})
    assert again.status_code == 409
    assert 'id="resolve-reason"' in again.text  # resolve and dismiss are still offered
    assert '<p class="error" role="alert">Заң бұзушылық бойынша жұмыстың қазіргі барысында ' \
           'бұл әрекет мүмкін емес.</p>' in again.text
    # An answer dated ahead is refused: it would hide the act's term for good.
    page = med.get("/acts/GP-4")  # another system's act, not answered
    assert 'id="answered-on"' in page.text
    ahead = med.post("/acts/GP-4/answer", data={"answered_on": "2025-12-10",
                                                "csrf": _csrf(page.text)})
    assert ahead.status_code == 422 and "Бұл күн әлі келген жоқ." in ahead.text
    assert 'value="2025-12-10"' in ahead.text


def test_an_appeal_from_its_register_to_its_answer(site: Site) -> None:
    """Registered from the register's page, its term shown, a step refused beside its form in
    the reader's language, then extended, the applicant told, answered."""
    med = _signed_in(site, "med")
    register = med.get("/appeals")
    assert register.status_code == 200 and "Сот орындаушылары туралы жолданымдар" in register.text
    assert 'href="/appeals"' in register.text  # in the menu
    bad_iin = med.post("/appeals", data={
        "received_on": "2025-11-20", "bailiff_id": "PB-1", "applicant_kind": "individual",
        "applicant_name": "Сейітова Айгүл", "applicant_iin_bin": "014126906046",
        "summary": "жауап жоқ", "csrf": _csrf(register.text)})
    assert bad_iin.status_code == 422
    assert 'value="Сейітова Айгүл"' in bad_iin.text  # what was typed, kept …
    assert "014126906046" not in bad_iin.text  # … but not the IIN
    made = med.post("/appeals", data={
        "received_on": "2025-11-20", "bailiff_id": "PB-1", "applicant_kind": "individual",
        "applicant_name": "Сейітова Айгүл", "applicant_iin_bin": "014126906045",
        "summary": "жауап жоқ", "csrf": _csrf(register.text)})
    assert made.status_code == 303, made.text
    page = med.get(made.headers["location"]).text
    assert "Жолданым тіркелді." in page and "11.12.2025" in page  # Thu 20 Nov + 15 days
    assert "••••••••6045" in page and "014126906045" not in page
    location = made.headers["location"].split("?")[0]
    early = med.post(f"{location}/step", data={
        "step": "extend", "on": "2025-11-19", "extended_until": "2025-12-19",
        "reason": "сұрау салынды", "csrf": _csrf(page)})
    assert early.status_code == 422
    assert re.search(r'id="extend-error" role="alert">Бұл күн алдыңғы қадамнан ерте\.',
                     early.text)
    extended = med.post(f"{location}/step", data={
        "step": "extend", "on": "2025-11-21", "extended_until": "2025-12-19",
        "reason": "сұрау салынды", "csrf": _csrf(page)})
    assert extended.status_code == 303
    page = med.get(extended.headers["location"]).text
    assert "Мерзім ұзартылды." in page and "19.12.2025" in page
    assert 'id="notify-on"' in page and 'id="extend-on"' not in page
    told = med.post(f"{location}/step", data={"step": "notify", "on": "2025-11-24",
                                              "csrf": _csrf(page)})
    assert told.status_code == 303
    answered = med.post(f"{location}/step", data={
        "step": "answer", "on": "2025-12-01", "result": "explained", "text": "түсіндірілді",
        "csrf": _csrf(page)})
    assert answered.status_code == 303
    page = med.get(answered.headers["location"]).text
    assert "Түпкілікті жауап тіркелді." in page and "түсіндірілді" in page
    assert 'name="step"' not in page  # nothing left to do
    # The chamber has no register of appeals: the office's own work.
    assert 'href="/appeals"' not in _signed_in(site, "chamber").get("/").text


def test_the_districts_side_by_side(site: Site) -> None:
    med = _signed_in(site, "med")
    page = med.get("/oversight")  # this quarter: the breaches were found on 1 December
    assert page.status_code == 200
    assert "Аудандар бойынша қадағалау" in page.text and "01.10.2025 — 31.12.2025" in page.text
    row = page.text.split('<th scope="row">', 1)[1].split("</tr>", 1)[0]
    assert "ALA-MED" in row and "Іс жүргізуді қозғау мерзімі" in row  # OPENING_TERM, found
    assert page.text.count('<th scope="row">') == 1  # a district prosecutor: their district
    refused = med.get("/oversight?period_from=2025-12-01&period_to=2025-11-01")
    assert refused.status_code == 422

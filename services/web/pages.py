"""The web pages for prosecutors, chambers and supervisors: server-rendered (Jinja2), htmx for
partial updates, no front-end build. Every figure on a page comes from the services' HTTP API,
called with the signed-in person's own token: the pages cannot show more than the API would.
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from collections.abc import AsyncIterator
from importlib import resources
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

import httpx
from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.web.client import Api, ApiError, client_for, segment
from services.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from services.web.models import WebSession
from services.web.sessions import SignInRefused, current, sign_in, sign_out
from shared.access import Jurisdiction
from shared.auth import Principal
from shared.legal.policy import ISSUED_ACT_KINDS
from shared.legal.texts import RULE_TEXTS, RULE_TITLES
from shared.settings import Runtime
from shared.web import HTTP_CODES, attachment, http_refusal, invalid_request, unexpected

router = APIRouter(include_in_schema=False)
SESSION_COOKIE, LANGUAGE_COOKIE, PRE_COOKIE = "qdg_session", "qdg_lang", "qdg_pre"
RULE_CODES = tuple(RULE_TITLES)
ALERT_STATES = ("open", "late")
ALERT_STATUSES = ("new", "assigned", "acknowledged", "resolved", "dismissed")
ACT_KINDS = ISSUED_ACT_KINDS

_templates = Environment(loader=PackageLoader("services.web", "templates"),
                         autoescape=select_autoescape(["html"]), trim_blocks=True,
                         lstrip_blocks=True)
# Ids in links: Jinja's urlencode keeps "/", which would split a path (docs/contract.md §3).
_templates.filters["segment"] = segment


class SignInNeeded(Exception):
    """No session, or one that ended: the page sends the browser to the sign-in form."""


class CsrfRejected(Exception):
    """A form posted without this session's CSRF token."""


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def language_of(request: Request) -> str:
    lang = request.cookies.get(LANGUAGE_COOKIE, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class Page:
    """What a page handler needs: who is signed in, their API, their language."""

    def __init__(self, request: Request, web: WebSession, api: Api) -> None:
        self.request, self.web, self.api = request, web, api
        self.lang = language_of(request)
        self.t = Translator(self.lang)

    def render(self, template: str, code: int = 200, **context: Any) -> HTMLResponse:
        return _render(self.request, template, self.t, code, web=self.web, **context)

    def check_csrf(self, token: str | None) -> None:
        header = self.request.headers.get("X-CSRF-Token")
        if not secrets.compare_digest((token or header or "").encode(),
                                      self.web.csrf.encode()):
            raise CsrfRejected()


async def page(request: Request) -> AsyncIterator[Page]:
    cookie = request.cookies.get(SESSION_COOKIE)
    web = await run_in_threadpool(current, request.app.state.sessions, cookie)
    if web is None or cookie is None:
        raise SignInNeeded()
    async with client_for(request.app, _runtime(request)) as client:
        yield Page(request, web, Api(client, _runtime(request), cookie))


Current = Annotated[Page, Depends(page)]
Csrf = Annotated[str | None, Form(alias="csrf")]


def _reach(web: WebSession | None) -> Jurisdiction | None:
    """The signed-in person's reach under the one access policy: the pages ask it what to
    offer, and never compare roles themselves."""
    if web is None:
        return None
    return Jurisdiction(Principal(web.user_name, web.role, web.region, web.district))


def _render(request: Request, template: str, t: Translator, code: int = 200,
            **context: Any) -> HTMLResponse:
    reach = _reach(context.get("web"))
    context.setdefault("may", lambda action: reach is not None and reach.may(action))
    context.setdefault("reaches_region", reach is not None and reach.regional)
    html = _templates.get_template(template).render(
        _=t, t=t, lang=t.lang, languages=LANGUAGES, path=request.url.path,
        here=quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query
                                            else ""), safe=""),
        rules=RULE_CODES, act_kinds=ACT_KINDS,
        ncalayer_url=request.app.state.runtime.ncalayer_url, **context)
    return HTMLResponse(html, status_code=code)


def _is_page(request: Request) -> bool:
    """Whether a request is the pages' (HTML) rather than the API's or the operators' (JSON)."""
    return not request.url.path.startswith(("/api/", "/docs", "/redoc", "/openapi.json",
                                             "/healthz", "/readyz", "/metrics"))


def install_pages(app: FastAPI) -> None:
    """The pages, their static files, and what turns API refusals into pages."""
    from fastapi.staticfiles import StaticFiles

    static = resources.files("services.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(router)

    @app.middleware("http")
    async def _no_framing(request: Request, call_next: Any) -> Any:
        # Single-click forms (acknowledge, resolve, sign out) must not be framed elsewhere.
        response = await call_next(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, exc: SignInNeeded) -> Response:
        target = f"/sign-in?next={quote(_return_to(request), safe='')}"
        if request.headers.get("HX-Request"):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if not _is_page(request):
            return invalid_request(request, exc)
        return await _page_refusal(request, 422, "error.refused", "request_invalid")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not _is_page(request):
            return http_refusal(request, exc)
        key = "error.not_found" if exc.status_code == 404 else "error.refused"
        return await _page_refusal(request, exc.status_code, key,
                                   HTTP_CODES.get(exc.status_code, "http_error"))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        answer = unexpected(request, exc)  # logged there, once
        if not _is_page(request):
            return answer
        page = await _page_refusal(request, 500, "error.refused", "internal_error")
        if "x-request-id" in answer.headers:  # what a user quotes to find the log lines
            page.headers["X-Request-ID"] = answer.headers["x-request-id"]
        return page

    async def _page_refusal(request: Request, status: int, key: str, code: str) -> Response:
        """A refusal of the pages themselves (a form without a field, a page that is not
        there), told in the reader's language like the API's."""
        t = Translator(language_of(request))
        web = await run_in_threadpool(current, request.app.state.sessions,
                                      request.cookies.get(SESSION_COOKIE))
        return _refusal(request, t, web, status, t(key), t.refusal(code, {}, None))

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, exc: CsrfRejected) -> Response:
        t = Translator(language_of(request))
        return _refusal(request, t, None, 403, t("error.csrf"), None)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        if exc.status == 401:
            return await _sign_in(request, SignInNeeded())
        t = Translator(language_of(request))
        web = await run_in_threadpool(current, request.app.state.sessions,
                                      request.cookies.get(SESSION_COOKIE))
        key = {403: "error.forbidden", 404: "error.not_found", 409: "error.conflict"}.get(
            exc.status, "error.refused")
        return _refusal(request, t, web, exc.status, t(key), t.refusal(exc.code, exc.params,
                                                                        exc.detail))

    @app.exception_handler(httpx.TransportError)
    async def _unreachable(request: Request, exc: httpx.TransportError) -> Response:
        t = Translator(language_of(request))
        return _refusal(request, t, None, 503, t("error.unavailable"), None)


def _refusal(request: Request, t: Translator, web: WebSession | None, status: int,
             message: str, detail: str | None) -> Response:
    """An error as a page, or, for htmx, as a message put where the page shows messages
    (htmx swaps only successful answers, so it is sent as one and retargeted)."""
    if request.headers.get("HX-Request"):
        response = _render(request, "_error.html", t, 200, web=web, message=message,
                           detail=detail)
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return _render(request, "error.html", t, status, web=web, status=status,
                   message=message, detail=detail)


def _return_to(request: Request) -> str:
    """Where to go back after signing in: this page with its query, or for a form post, the
    page the form was on."""
    if request.method == "GET" and not request.headers.get("HX-Request"):
        query = f"?{request.url.query}" if request.url.query else ""
        return request.url.path + query
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


# --- signing in and out, language ----------------------------------------------------------


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> HTMLResponse:
    t = Translator(language_of(request))
    pre = secrets.token_urlsafe(16)
    response = _render(request, "sign_in.html", t, web=None, pre=pre, next=_local(next))
    _cookie(request, response, PRE_COOKIE, pre, max_age=3600)
    return response


@router.post("/sign-in")
def sign_in_submit(request: Request, name: Annotated[str, Form()],
                   password: Annotated[str, Form()], pre: Annotated[str, Form()] = "",
                   next: Annotated[str, Form()] = "/") -> Response:
    t = Translator(language_of(request))
    expected = request.cookies.get(PRE_COOKIE, "")
    if not expected or not secrets.compare_digest(pre.encode(), expected.encode()):
        return _render(request, "sign_in.html", t, 403, web=None, pre=expected,
                       next=_local(next), error=t("error.csrf"), name=name)
    try:
        signed = sign_in(request.app.state.sessions, _runtime(request), name.strip(), password)
    except SignInRefused as refused:
        return _render(request, "sign_in.html", t, 401, web=None, pre=expected,
                       next=_local(next), error=t(refused.key, minutes=refused.minutes),
                       name=name)
    response = RedirectResponse(_local(next), status_code=303)
    _cookie(request, response, SESSION_COOKIE, signed.cookie,
            max_age=int(_runtime(request).web_session_hours * 3600))
    response.delete_cookie(PRE_COOKIE)
    return response


@router.post("/sign-out")
def sign_out_submit(p: Current, csrf: Csrf = None) -> Response:
    p.check_csrf(csrf)
    sign_out(p.request.app.state.sessions, p.request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/language/{lang}")
def choose_language(request: Request, lang: str, next: str = "/") -> Response:
    response = RedirectResponse(_local(next), status_code=303)
    if lang in LANGUAGES:
        _cookie(request, response, LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600,
                http_only=False)
    return response


def _cookie(request: Request, response: Response, name: str, value: str, max_age: int,
            http_only: bool = True) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=http_only,
                        secure=_runtime(request).web_cookie_secure, samesite="lax")


def _local(target: str) -> str:
    """Only a path of this site: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


# --- the dashboard -------------------------------------------------------------------------


@router.get("/")
async def dashboard(p: Current) -> HTMLResponse:
    reach = _reach(p.web)
    assert reach is not None
    context: dict[str, Any] = {}
    if reach.may("alerts.read"):
        summary = await p.api.get("/api/v1/alerts/summary")
        table: dict[str, dict[str, int]] = defaultdict(dict)
        for row in summary["open"]:
            table[row["rule"]][row["region"] or "—"] = row["count"]
        regions = sorted({row["region"] or "—" for row in summary["open"]})
        weeks = summary["raised_per_week"]
        peak = max([w["count"] for w in weeks] + [1])
        context.update(open_by_rule=dict(sorted(table.items())), regions=regions,
                       weeks=weeks, peak=peak,
                       total_open=sum(row["count"] for row in summary["open"]),
                       sanctions=await p.api.get("/api/v1/sanctions/summary"),
                       riskiest=(await p.api.get("/api/v1/risk/open", limit=10))["items"])
    if reach.may("reports.read") and reach.regional:
        context["reports"] = (await p.api.get("/api/v1/reports", limit=5))["items"]
        context["licence"] = [row for row in (await p.api.get("/api/v1/licence",
                                                              limit=5000))["items"]
                              if row["acts"]][:20]
    return p.render("dashboard.html", **context)


# --- the alert queue -----------------------------------------------------------------------


# The queue's views by status: what needs action (the default), each status, or all of them.
NEEDS_ACTION, ANY_STATUS = "action", "any"
QUEUE_VIEWS = {NEEDS_ACTION: "new,assigned", ANY_STATUS: None,
               **{status: status for status in ALERT_STATUSES}}


async def _queue_context(p: Page, rule: str | None, state: str | None, status: str | None,
                         sort: str, cursor: str | None) -> dict[str, Any]:
    sort = sort if sort in ("due", "id", "risk") else "due"
    status = status if status in QUEUE_VIEWS else NEEDS_ACTION
    data = await p.api.get("/api/v1/alerts", rule=rule, state=state,
                           status=QUEUE_VIEWS[status], sort=sort, cursor=cursor, limit=50)
    filters = {"rule": rule or "", "state": state or "", "status": status, "sort": sort}
    more = urlencode({**{k: v for k, v in filters.items() if v},
                      "cursor": data["next_cursor"]}) if data["next_cursor"] else None
    return {"alerts": data["items"], "filters": filters, "more": more,
            "states": ALERT_STATES, "statuses": ALERT_STATUSES,
            "views": (NEEDS_ACTION, *ALERT_STATUSES, ANY_STATUS),
            "assignees": await _assignees(p)}


async def _assignees(p: Page) -> list[dict[str, Any]]:
    """Whom this person may give an alert to (the users of their territory), for the forms'
    choice; nobody where they may not assign."""
    reach = _reach(p.web)
    if reach is None or not reach.may("alerts.work"):
        return []
    items: list[dict[str, Any]] = (await p.api.get("/api/v1/alerts/assignees"))["items"]
    return items


@router.get("/alerts")
async def alert_queue(p: Current, rule: str | None = None, state: str | None = None,
                      status: str | None = None, sort: str = "due",
                      cursor: str | None = None) -> HTMLResponse:
    context = await _queue_context(p, rule, state, status, sort, cursor)
    if p.request.headers.get("HX-Request") and p.request.headers.get("HX-Target") == "queue":
        return p.render("_queue.html", **context)
    return p.render("alerts.html", **context)


@router.post("/alerts/bulk")
async def alert_bulk(p: Current, action: Annotated[str, Form()], csrf: Csrf = None,
                     ids: Annotated[list[int] | None, Form()] = None,
                     assignee: Annotated[str, Form()] = "", rule: Annotated[str, Form()] = "",
                     state: Annotated[str, Form()] = "", status: Annotated[str, Form()] = "",
                     sort: Annotated[str, Form()] = "due") -> HTMLResponse:
    p.check_csrf(csrf)
    if action not in ("assigned", "acknowledged"):
        raise ApiError(422, "action: assigned or acknowledged", "request_invalid")
    # What happened to each chosen alert, said beside the list: the view may no longer show
    # an alert once it is acted on, and a refusal names its alert and its reason.
    outcomes: list[dict[str, Any]] = []
    for alert_id in ids or []:
        body: dict[str, Any] = {"status": action}
        if action == "assigned":
            body["assignee"] = assignee.strip() or p.web.user_name
        try:
            moved = await p.api.post(f"/api/v1/alerts/{alert_id}/transitions", body)
            outcomes.append({"id": alert_id, "rule": moved["rule"],
                             "proceeding_id": moved["proceeding_id"],
                             "status": moved["status"], "error": None})
        except ApiError as refused:
            outcomes.append({"id": alert_id, "rule": None, "proceeding_id": None,
                             "status": None,
                             "error": p.t.refusal(refused.code, refused.params, refused.detail)
                             or p.t("error.refused")})
    context = await _queue_context(p, rule or None, state or None, status or None, sort, None)
    return p.render("_queue.html", outcomes=outcomes, none_chosen=not ids,
                    done=sum(1 for o in outcomes if o["error"] is None),
                    failed=sum(1 for o in outcomes if o["error"] is not None), **context)


ALERT_DONE = ("assigned", "acknowledged", "resolved", "dismissed")


# A form's request refused for what was typed (422) or for the state it found (409): the
# form's page comes back with what was typed and the reason beside the field, not a dead end.
FORM_REFUSALS = (409, 422)


def _form_error(p: Page, refused: ApiError) -> dict[str, Any]:
    """Which field a refusal is about, and why, in the reader's language; `status` is the
    refusal's, for the page that shows the form again."""
    field = refused.params.get("field")
    errors = refused.params.get("errors")
    if field is None and isinstance(errors, list) and errors:
        loc = errors[0].get("loc") or [None]
        field = loc[-1]
    return {"field": field, "status": refused.status,
            "message": p.t.refusal(refused.code, refused.params, refused.detail)
            or p.t("error.refused")}


async def _form_post(p: Page, path: str,
                     body: dict[str, Any]) -> tuple[Any, dict[str, Any] | None]:
    """A form's request to the API: its answer, or, when the API refuses what was typed or
    the state it found, the form's error (any other refusal goes on to the error page)."""
    try:
        return await p.api.post(path, body), None
    except ApiError as refused:
        if refused.status not in FORM_REFUSALS:
            raise
        return None, _form_error(p, refused)


@router.get("/alerts/{alert_id}")
async def alert_page(p: Current, alert_id: int, done: str | None = None) -> HTMLResponse:
    return await _alert_view(p, alert_id, done=done if done in ALERT_DONE else None)


async def _alert_view(p: Page, alert_id: int, code: int = 200, **form: Any) -> HTMLResponse:
    """The alert's page; `form`: what a refused form had typed, which form, and why."""
    alert = await p.api.get(f"/api/v1/alerts/{alert_id}")
    timeline = await _timeline(p, alert["proceeding_id"]) \
        if alert["rule"] != "LICENCE_THRESHOLD" else None
    assignees = await _assignees(p) if "assign" in alert["allowed_actions"] else []
    form.setdefault("done", None)
    return p.render("alert.html", code, alert=alert, timeline=timeline, assignees=assignees,
                    rule_text=RULE_TEXTS.get(alert["rule"], {}).get(p.lang, ""),
                    form=form.get("form"), error=form.get("error"),
                    typed=form.get("typed", {}), done=form["done"])


@router.post("/alerts/{alert_id}/transition")
async def alert_transition(p: Current, alert_id: int, status: Annotated[str, Form()],
                           csrf: Csrf = None, assignee: Annotated[str, Form()] = "",
                           reason: Annotated[str, Form()] = "") -> Response:
    p.check_csrf(csrf)
    body: dict[str, Any] = {"status": status}
    if status == "assigned":
        body["assignee"] = assignee.strip() or p.web.user_name
    if reason.strip():
        body["reason"] = reason.strip()
    _, error = await _form_post(p, f"/api/v1/alerts/{alert_id}/transitions", body)
    if error is not None:
        which = {"assigned": "assign", "acknowledged": "acknowledge"}.get(status, "close")
        return await _alert_view(p, alert_id, error["status"], form=which, error=error,
                                 typed={"reason": reason, "assignee": assignee})
    return RedirectResponse(f"/alerts/{alert_id}?done={status}", status_code=303)


@router.post("/alerts/{alert_id}/act")
async def alert_act(p: Current, alert_id: int, act_kind: Annotated[str, Form()],
                    csrf: Csrf = None, addressee: Annotated[str, Form()] = "",
                    response_due_on: Annotated[str, Form()] = "") -> Response:
    p.check_csrf(csrf)
    act, error = await _form_post(p, "/api/v1/acts", {
        "act_kind": act_kind, "alert_ids": [alert_id], "addressee": addressee.strip() or None,
        "response_due_on": response_due_on or None})
    if error is not None:
        return await _alert_view(p, alert_id, error["status"], form="act", error=error,
                                 typed={"act_kind": act_kind, "addressee": addressee,
                                        "response_due_on": response_due_on})
    return RedirectResponse(f"/acts?done={quote(act['act_id'])}", status_code=303)


# `:path` on routes ending in (or holding) an id: an id may contain "/", which arrives decoded.
@router.get("/proceedings/{proceeding_id:path}")
async def proceeding_page(p: Current, proceeding_id: str) -> HTMLResponse:
    proceeding = await p.api.get(f"/api/v1/proceedings/{segment(proceeding_id)}")
    alerts = (await p.api.get("/api/v1/alerts", proceeding_id=proceeding_id,
                              include_withdrawn="true", limit=100))["items"]
    risk = (await p.api.get(f"/api/v1/risk/proceedings/{segment(proceeding_id)}"))["scores"]
    acts = (await p.api.get("/api/v1/acts", proceeding_id=proceeding_id))["items"]
    return p.render("proceeding.html", proceeding=proceeding, alerts=alerts, risk=risk,
                    acts=acts)


# --- sanctions -----------------------------------------------------------------------------


# Reported decisions have a list of their own: they are neither pending nor a prosecutor's.
SANCTION_LISTS = ("pending", "granted", "refused", "reported")


@router.get("/sanctions")
async def sanction_queue(p: Current, decree_kind: str | None = None,
                         cursor: str | None = None, status: str = "pending") -> HTMLResponse:
    status = status if status in SANCTION_LISTS else "pending"
    data = await p.api.get("/api/v1/sanctions", status=status, decree_kind=decree_kind,
                           cursor=cursor, limit=50)
    more = urlencode({k: v for k, v in (("status", status), ("decree_kind", decree_kind),
                                        ("cursor", data["next_cursor"])) if v}) \
        if data["next_cursor"] else None
    return p.render("sanctions.html", requests=data["items"], more=more, status=status,
                    statuses=SANCTION_LISTS,
                    summary=await p.api.get("/api/v1/sanctions/summary"))


# A path of its own, as the API's: a decree id may end in "/document".
@router.get("/sanction-documents/{decree_id:path}")
async def decree_document(p: Current, decree_id: str) -> Response:
    upstream = await p.api.raw(f"/api/v1/sanction-documents/{segment(decree_id)}")
    return Response(upstream.content, media_type=upstream.headers["content-type"], headers={
        key: upstream.headers[key] for key in ("content-disposition", "cache-control",
                                               "x-content-type-options",
                                               "content-security-policy")
        if key in upstream.headers})


@router.get("/sanctions/{decree_id:path}")
async def decree_review(p: Current, decree_id: str, done: str | None = None) -> HTMLResponse:
    return await _decree_view(p, decree_id, done=done if done in ("granted", "refused")
                              else None)


async def _decree_view(p: Page, decree_id: str, code: int = 200, done: str | None = None,
                       draft: dict[str, Any] | None = None,
                       signing: dict[str, Any] | None = None) -> HTMLResponse:
    """The decree's review; with `draft` and `signing`, its signing form again as a refused
    decision left it (the same text to sign, what was pasted, why it was refused)."""
    item = await p.api.get(f"/api/v1/sanctions/{segment(decree_id)}")
    content = None
    if signing is not None and draft is not None and item["status"] == "pending":
        content = await p.api.post(f"/api/v1/sanctions/{segment(decree_id)}/to-sign", draft)
        signing = signing | {"content": content}
    return p.render("decree.html", code, item=item, done=done, signing=signing,
                    signed=_signed_text(content) if content else None,
                    timeline=await _timeline(p, item["proceeding_id"]))


def _signed_text(content: dict[str, str]) -> dict[str, Any]:
    """The text to sign as its reader reads it: the JSON the API will verify, parsed (the
    exact bytes are shown apart, for the signing tool)."""
    parsed: dict[str, Any] = json.loads(content["content"])
    return parsed


async def _timeline(p: Page, proceeding_id: str | None) -> dict[str, Any] | None:
    """The proceeding's timeline as the monitor knows it, where the reader may see it."""
    reach = _reach(p.web)
    if not proceeding_id or reach is None or not reach.may("proceedings.read"):
        return None
    try:
        found: dict[str, Any] = await p.api.get(f"/api/v1/proceedings/{segment(proceeding_id)}")
    except ApiError:
        return None
    return found


@router.post("/sanctions/{decree_id:path}/to-sign")
async def decree_to_sign(p: Current, decree_id: str, decision: Annotated[str, Form()],
                         csrf: Csrf = None, reason: Annotated[str, Form()] = "",
                         ) -> HTMLResponse:
    p.check_csrf(csrf)
    if decision == "refused" and not reason.strip():
        # 200, not 422: htmx swaps only successful answers, and this one is the form's message.
        return p.render("_to_sign.html", item={"decree_id": decree_id},
                        error=p.t("sanction.reason_needed"))
    content = await p.api.post(f"/api/v1/sanctions/{segment(decree_id)}/to-sign",
                               {"decision": decision, "reason": reason.strip() or None})
    return p.render("_to_sign.html", item={"decree_id": decree_id}, decision=decision,
                    reason=reason.strip(), content=content, signed=_signed_text(content))


@router.post("/sanctions/{decree_id:path}/decision")
async def decree_decision(p: Current, decree_id: str, decision: Annotated[str, Form()],
                          signature: Annotated[str, Form()], csrf: Csrf = None,
                          reason: Annotated[str, Form()] = "") -> Response:
    p.check_csrf(csrf)
    draft = {"decision": decision, "reason": reason.strip() or None}
    _, error = await _form_post(p, f"/api/v1/sanctions/{segment(decree_id)}/decision",
                                draft | {"signature": "".join(signature.split())})
    if error is not None:
        return await _decree_view(p, decree_id, error["status"], draft=draft, signing={
            "decision": decision, "reason": reason.strip(), "content": None,
            "signature": signature, "error": error["message"]})
    return RedirectResponse(f"/sanctions/{segment(decree_id)}?done={decision}", status_code=303)


# --- bailiffs, acts, the chamber's inbox ---------------------------------------------------


@router.get("/bailiffs/{bailiff_id:path}")
async def bailiff_page(p: Current, bailiff_id: str) -> HTMLResponse:
    bailiff = await p.api.get(f"/api/v1/bailiffs/{segment(bailiff_id)}")
    breaches = (await p.api.get("/api/v1/breaches", bailiff_id=bailiff_id, limit=200))["items"]
    reach = _reach(p.web)
    acts, proceedings = [], []
    # A chamber sees its member's breaches, not the proceedings themselves.
    if reach is not None and reach.may("proceedings.read"):
        acts = (await p.api.get("/api/v1/acts", bailiff_id=bailiff_id))["items"]
        proceedings = (await p.api.get("/api/v1/proceedings", bailiff_id=bailiff_id))["items"]
    return p.render("bailiff.html", bailiff=bailiff, breaches=breaches, acts=acts,
                    proceedings=proceedings)


@router.get("/acts")
async def acts_ledger(p: Current, done: str | None = None,
                      cursor: str | None = None) -> HTMLResponse:
    page = await p.api.get("/api/v1/acts", cursor=cursor, limit=100)
    acts = page["items"]
    # Only an act that is in the ledger is announced as issued: a link cannot fake one (and
    # the act just issued is the newest, on the last page: it is looked up, not searched for).
    issued = None
    if done:
        try:
            issued = (await p.api.get(f"/api/v1/acts/{segment(done)}"))["act_id"]
        except ApiError:
            issued = None
    more = urlencode({"cursor": page["next_cursor"]}) if page["next_cursor"] else None
    return p.render("acts.html", acts=acts, done=issued, more=more)


@router.get("/acts/{act_id:path}")
async def act_page(p: Current, act_id: str, done: str | None = None) -> HTMLResponse:
    return await _act_view(p, act_id, done=done)


async def _act_view(p: Page, act_id: str, code: int = 200, done: str | None = None,
                    error: dict[str, Any] | None = None,
                    typed: dict[str, str] | None = None) -> HTMLResponse:
    act = await p.api.get(f"/api/v1/acts/{segment(act_id)}")
    alerts = [await p.api.get(f"/api/v1/alerts/{alert_id}") for alert_id in act["alert_ids"]]
    return p.render("act.html", code, act=act, alerts=alerts, done=done, error=error,
                    typed=typed or {})


@router.post("/acts/{act_id:path}/answer")
async def act_answer(p: Current, act_id: str, csrf: Csrf = None,
                     answered_on: Annotated[str, Form()] = "",
                     result: Annotated[str, Form()] = "",
                     recovered_kzt: Annotated[str, Form()] = "") -> Response:
    p.check_csrf(csrf)
    # A sum as Kazakh and Russian write it: "1 500 000,50", the spaces perhaps non-breaking.
    body: dict[str, Any] = {"answered_on": answered_on or None, "result": result or None,
                            "recovered_kzt": "".join(recovered_kzt.split()).replace(",", ".")
                            or None}
    _, error = await _form_post(p, f"/api/v1/acts/{segment(act_id)}/answer", body)
    if error is not None:
        return await _act_view(p, act_id, error["status"], error=error,
                               typed={"answered_on": answered_on, "result": result,
                                      "recovered_kzt": recovered_kzt})
    return RedirectResponse(f"/acts/{segment(act_id)}?done=answered", status_code=303)


@router.post("/acts/{act_id:path}/court")
async def act_court(p: Current, act_id: str, csrf: Csrf = None,
                    filed_on: Annotated[str, Form()] = "") -> Response:
    p.check_csrf(csrf)
    _, error = await _form_post(p, f"/api/v1/acts/{segment(act_id)}/court",
                                {"filed_on": filed_on or None})
    if error is not None:
        return await _act_view(p, act_id, error["status"], error=error,
                               typed={"form": "court", "filed_on": filed_on})
    return RedirectResponse(f"/acts/{segment(act_id)}?done=court", status_code=303)


@router.get("/oversight")
async def oversight_page(p: Current, period_from: str | None = None,
                         period_to: str | None = None) -> HTMLResponse:
    """Each district's supervision side by side, for the prosecutors above them."""
    params = {k: v for k, v in (("from", period_from), ("to", period_to)) if v}
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:  # a country's districts: a few hundred rows, read whole
        page = await p.api.get("/api/v1/oversight", cursor=cursor, limit=500, **params)
        rows += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    rules = sorted({rule for row in rows for rule in row["breaches"]})
    return p.render("oversight.html", rows=rows, found_rules=rules, period_from=page["from"],
                    period_to=page["to"])


@router.get("/oversight/reports")
async def office_reports_page(p: Current) -> HTMLResponse:
    """The reports up the hierarchy within reach: the office's own to send, its districts'."""
    page = await p.api.get("/api/v1/oversight/reports", limit=200)
    return p.render("office_reports.html", reports=page["items"])


@router.get("/oversight/reports/{report_id}")
async def office_report_page(p: Current, report_id: int, done: str | None = None,
                             code: int = 200, error: dict[str, Any] | None = None
                             ) -> HTMLResponse:
    report = await p.api.get(f"/api/v1/oversight/reports/{report_id}")
    rules = sorted(report["figures"]["total"]["breaches"])
    return p.render("office_report.html", code, report=report, found_rules=rules,
                    done=done == "sent", error=error)


@router.post("/oversight/reports/{report_id}/send")
async def office_report_send(p: Current, report_id: int, csrf: Csrf = None) -> Response:
    p.check_csrf(csrf)
    _, error = await _form_post(p, f"/api/v1/oversight/reports/{report_id}/send", {})
    if error is not None:
        return await office_report_page(p, report_id, code=error["status"], error=error)
    return RedirectResponse(f"/oversight/reports/{report_id}?done=sent", status_code=303)


@router.get("/oversight/reports/{report_id}/{filename}")
async def office_report_document(p: Current, report_id: int, filename: str) -> Response:
    upstream = await p.api.raw(
        f"/api/v1/oversight/reports/{report_id}/documents/{quote(filename)}")
    return Response(upstream.content, media_type=upstream.headers["content-type"],
                    headers=attachment(filename))


# --- appeals ---------------------------------------------------------------------------------

# Each step of an appeal: its form's fields, the API's path, and what the page says when done.
APPEAL_STEPS = {"extend": "extension", "notify": "notification",
                "order_inspection": "inspection", "end_inspection": "inspection-end",
                "answer": "answer"}


@router.get("/appeals")
async def appeals_register(p: Current, cursor: str | None = None) -> HTMLResponse:
    return await _appeals_view(p, cursor=cursor)


async def _appeals_view(p: Page, code: int = 200, cursor: str | None = None,
                        error: dict[str, Any] | None = None,
                        typed: dict[str, str] | None = None) -> HTMLResponse:
    page = await p.api.get("/api/v1/appeals", cursor=cursor, limit=100)
    more = urlencode({"cursor": page["next_cursor"]}) if page["next_cursor"] else None
    return p.render("appeals.html", code, appeals=page["items"], more=more, error=error,
                    typed=typed or {})


@router.post("/appeals")
async def appeal_register(p: Current, csrf: Csrf = None,
                          received_on: Annotated[str, Form()] = "",
                          bailiff_id: Annotated[str, Form()] = "",
                          proceeding_id: Annotated[str, Form()] = "",
                          applicant_kind: Annotated[str, Form()] = "individual",
                          applicant_name: Annotated[str, Form()] = "",
                          applicant_iin_bin: Annotated[str, Form()] = "",
                          summary: Annotated[str, Form()] = "") -> Response:
    p.check_csrf(csrf)
    typed = {"received_on": received_on, "bailiff_id": bailiff_id,
             "proceeding_id": proceeding_id, "applicant_kind": applicant_kind,
             "applicant_name": applicant_name, "summary": summary}
    applicant = {"kind": applicant_kind, "name": applicant_name.strip(),
                 **({"iin_bin": applicant_iin_bin.strip()} if applicant_iin_bin.strip() else {})}
    body = {"received_on": received_on or None, "bailiff_id": bailiff_id.strip(),
            "proceeding_id": proceeding_id.strip() or None, "applicant": applicant,
            "summary": summary.strip() or None}
    appeal, error = await _form_post(p, "/api/v1/appeals", body)
    if error is not None:
        # The IIN typed is not given back: personal data is not echoed into a page.
        return await _appeals_view(p, error["status"], error=error, typed=typed)
    return RedirectResponse(f"/appeals/{segment(appeal['appeal_id'])}?done=registered",
                            status_code=303)


@router.get("/appeals/{appeal_id:path}")
async def appeal_page(p: Current, appeal_id: str, done: str | None = None) -> HTMLResponse:
    return await _appeal_view(p, appeal_id, done=done if done in (
        "registered", *APPEAL_STEPS) else None)


async def _appeal_view(p: Page, appeal_id: str, code: int = 200, done: str | None = None,
                       error: dict[str, Any] | None = None,
                       typed: dict[str, str] | None = None) -> HTMLResponse:
    appeal = await p.api.get(f"/api/v1/appeals/{segment(appeal_id)}")
    return p.render("appeal.html", code, appeal=appeal, done=done, error=error,
                    typed=typed or {}, rule_text=RULE_TEXTS["APPEAL_TERM"][p.lang])


@router.post("/appeals/{appeal_id:path}/step")
async def appeal_step(p: Current, appeal_id: str, step: Annotated[str, Form()],
                      csrf: Csrf = None, on: Annotated[str, Form()] = "",
                      extended_until: Annotated[str, Form()] = "",
                      reason: Annotated[str, Form()] = "", result: Annotated[str, Form()] = "",
                      text: Annotated[str, Form()] = "") -> Response:
    p.check_csrf(csrf)
    if step not in APPEAL_STEPS:
        return await _appeal_view(p, appeal_id, 422, error={
            "field": "step", "status": 422, "message": p.t("error.refused")})
    body: dict[str, Any] = {"on": on or None}
    if step == "extend":
        body |= {"extended_until": extended_until or None, "reason": reason.strip() or None}
    if step == "answer":
        body |= {"result": result or None, "text": text.strip() or None}
    _, error = await _form_post(p, f"/api/v1/appeals/{segment(appeal_id)}/"
                                   f"{APPEAL_STEPS[step]}", body)
    if error is not None:
        return await _appeal_view(p, appeal_id, error["status"], error=error, typed={
            "step": step, "on": on, "extended_until": extended_until, "reason": reason,
            "result": result, "text": text})
    return RedirectResponse(f"/appeals/{segment(appeal_id)}?done={step}", status_code=303)


@router.get("/inbox")
async def inbox(p: Current) -> HTMLResponse:
    return p.render("inbox.html", reports=(await p.api.get("/api/v1/reports"))["items"],
                    typed={}, error=None)


@router.post("/inbox/request")
async def inbox_request(p: Current, period_from: Annotated[str, Form()],
                        period_to: Annotated[str, Form()], csrf: Csrf = None) -> Response:
    p.check_csrf(csrf)
    report, error = await _form_post(p, "/api/v1/reports", {"from": period_from,
                                                            "to": period_to})
    if error is not None:
        return p.render("inbox.html", error["status"],
                        reports=(await p.api.get("/api/v1/reports"))["items"],
                        typed={"from": period_from, "to": period_to}, error=error)
    return RedirectResponse(f"/inbox/{report['id']}", status_code=303)


@router.get("/inbox/{report_id}")
async def inbox_report(p: Current, report_id: int) -> HTMLResponse:
    return p.render("report.html", report=await p.api.get(f"/api/v1/reports/{report_id}"))


@router.get("/inbox/{report_id}/{filename}")
async def inbox_document(p: Current, report_id: int, filename: str) -> Response:
    upstream = await p.api.raw(f"/api/v1/reports/{report_id}/documents/{quote(filename)}")
    return Response(upstream.content, media_type=upstream.headers["content-type"],
                    headers=attachment(filename))

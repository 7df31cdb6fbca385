"""Every route an app answers, for the tests that must cover them all (the access table, the
pages' routing to the services)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def plain(path: str) -> str:
    """A route's path without its converters (`{id:path}` is `{id}` in the tables)."""
    return path.replace(":path}", "}")


def routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, routers included however FastAPI nests them."""
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:  # an included router (FastAPI keeps it whole)
                walk(inner.routes, prefix + route.include_context.prefix)
                continue
            for method in getattr(route, "methods", None) or ():
                if method != "HEAD":
                    found.add((method, plain(prefix + route.path)))

    walk(app.routes, "")
    return found


def api_routes(app: FastAPI) -> set[tuple[str, str]]:
    return {r for r in routes(app) if r[1].startswith("/api/")}

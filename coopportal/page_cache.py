"""Whole signed-in pages kept in the cache for the one person reading them.

Rendering a signed-in page (the base template, the navigation, the forms) costs several times what
fetching it from Redis does. `cached_per_reader` keeps a view's page under the reader, the path with
its query string, the language, the navigation the reader is shown and the versions the view names:
numbers that change whenever what the page shows changes (database triggers raise them), so nobody
gets a stale page or someone else's. The versions callable runs on every request, before the cache
is read, so scope checks in it (404 for a province not one's own) still apply to cached pages.

Forms in a kept page carry a placeholder instead of the CSRF token; every response gets the reader's
own. Pages with messages waiting, htmx fragments, other methods and responses that are not a plain
200 are never kept. A page is looked up in the process's memory first, then in Redis. Only a page
without a query string goes to Redis: a query string is the one part of the key a reader types
freely, so its variants stay in each process's bounded memory, and making them up cannot fill Redis.

`render_with_holes` is the same idea for a public page that differs between visitors only in a few
texts (the subscribe page's thank-you: the person's name and unsubscribe link): each process keeps
the page once with placeholders and fills in every response's own texts.
"""

import hashlib
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from .navigation import nav_items

CSRF_PLACEHOLDER = "csrf-token-of-the-request"
PAGE_TIMEOUT = 60 * 60  # versions change the key on every write; the timeout only frees memory
# Each process keeps the pages it served last in memory too: a key names the versions it was built
# from, so a copy is never stale, only unused once a write moves the versions on.
local_pages = caches["pages"]


def csrf_placeholder(request) -> dict:
    """Context processor: while a page is rendered for the cache, forms get the placeholder."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "_rendering_for_cache", False) else {}


@contextmanager
def _placeholder_csrf(request):
    """Forms rendered inside the block carry the placeholder (see `csrf_placeholder`)."""
    request._rendering_for_cache = True
    try:
        yield
    finally:
        request._rendering_for_cache = False


def _this_requests_own(request) -> bool:
    """An htmx fragment, or a page showing messages waiting for this visit: never kept."""
    return bool(getattr(request, "htmx", False) or len(messages.get_messages(request)))


def _cacheable(request) -> bool:
    # Inside a transaction (tests, or a view under ATOMIC_REQUESTS) the triggers' versions only move at
    # commit, so a page read there is built fresh.
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and not connection.in_atomic_block
        and not _this_requests_own(request)
    )


def _key(request, versions) -> str:
    navigation = [(str(item.label), item.url) for item in nav_items(request)]
    parts = (request.user.pk, get_language(), request.get_full_path(), navigation, versions)
    return "pages:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _shared(request) -> bool:
    """Whether the page is shared through Redis: not when the reader chose a query string."""
    return not request.META.get("QUERY_STRING")


def _kept_page(key: str, *, shared: bool) -> bytes | None:
    """From this process's memory, else (for a shared page) from Redis, kept in memory until it expires."""
    kept = local_pages.get(key)
    if kept is not None:
        return kept[1]  # the memory's own timeout is the page's expiry
    kept = cache.get(key) if shared else None
    if kept is None:
        return None
    expires, content = kept
    seconds_left = int(expires - time.time())
    if seconds_left <= 0:
        return None
    local_pages.set(key, kept, seconds_left)
    return content


def _keep_page(key: str, content: bytes, timeout: int, *, shared: bool) -> None:
    kept = (time.time() + timeout, content)
    if shared:
        cache.set(key, kept, timeout)
    local_pages.set(key, kept, timeout)


def _with_reader_token(request, content: bytes) -> bytes:
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


def cached_per_reader(versions: Callable[..., tuple | None]):
    """Decorate a view whose page depends only on the reader and `versions(request, *args, **kwargs)`;
    that callable returns None when the page cannot be kept (no triggers keep its versions, e.g. on
    SQLite). The view finds them in `request.page_versions`, and may set `response.page_cache_timeout`
    for a page that expires by the clock."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            page_versions = request.page_versions = versions(request, *args, **kwargs)
            if page_versions is None or not _cacheable(request):
                return view(request, *args, **kwargs)
            key, shared = _key(request, page_versions), _shared(request)
            content = _kept_page(key, shared=shared)
            if content is not None:
                return HttpResponse(_with_reader_token(request, content))
            with _placeholder_csrf(request):
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):  # a TemplateResponse (the admin's) renders here, with the placeholder
                    response.render()
            if response.status_code == 200 and not response.cookies:
                timeout = getattr(response, "page_cache_timeout", PAGE_TIMEOUT)
                _keep_page(key, response.content, timeout, shared=shared)
            response.content = _with_reader_token(request, response.content)
            return response

        return wrapped

    return decorator


def render_with_holes(request, template_name: str, make_context, texts: dict[str, str], *, status: int = 200):
    """A public page that differs between visitors only in `texts` (and the CSRF token): rendered once
    per process, path and language with placeholders, which each response replaces with its own texts,
    escaped as the template would. `make_context(texts)` builds the template's context from the texts.
    Signed-in readers, htmx requests and pages with messages waiting get a plain render."""
    if request.user.is_authenticated or _this_requests_own(request):
        return render(request, template_name, make_context(texts), status=status)
    placeholders = {name: f"page-hole-{name}" for name in texts}
    parts = (template_name, request.get_full_path(), get_language(), sorted(placeholders))
    key = "shell:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    shell = local_pages.get(key)
    if shell is None:
        with _placeholder_csrf(request):
            shell = render_to_string(template_name, make_context(placeholders), request=request)
        local_pages.set(key, shell, PAGE_TIMEOUT)
    filled = {placeholder: conditional_escape(texts[name]) for name, placeholder in placeholders.items()}
    filled[CSRF_PLACEHOLDER] = get_token(request)
    # One pass, so a text that happens to contain a placeholder stays as it was typed.
    pattern = re.compile("|".join(re.escape(placeholder) for placeholder in filled))
    return HttpResponse(pattern.sub(lambda match: filled[match.group(0)], shell), status=status)

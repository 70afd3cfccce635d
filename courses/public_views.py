"""Public pages, no account needed: a presentation's subscribe page, its QR code, and unsubscribing.

A room of 300 people hits the subscribe page within a minute of the QR code going on screen,
so the page runs one query on GET and a sign-up a handful in one transaction. It sets no session.
"""

import io

import segno
from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .exceptions import AlreadySubscribed, RateLimited, SubscribeRefused
from .forms import SubscribeForm
from .models import Subscriber
from .services.subscribers import subscribe_page_state


def _presentation(token):
    presentation = selectors.public_presentation(token=token)
    if presentation is None:
        raise Http404
    return presentation


def subscribe_url(request, presentation) -> str:
    return request.build_absolute_uri(reverse("courses:subscribe", args=[presentation.subscribe_token]))


@login_not_required
@require_http_methods(["GET", "POST"])
def subscribe(request, token):
    presentation = _presentation(token)
    state = subscribe_page_state(presentation)
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                subscription = services.subscribe(
                    presentation=presentation,
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    consent=data["consent"],
                    ip=get_account_adapter().get_client_ip(request),  # behind trusted proxies: the client's
                    default_country=presentation.region_country,
                )
            except AlreadySubscribed as exc:
                return render(request, "courses/public/subscribed.html", {"message": exc.message})
            except RateLimited as exc:
                form.add_error(None, exc.message)
                status = 429
            except SubscribeRefused as exc:
                form.add_error(None, exc.message)
            else:
                return _thank_you(request, subscription.subscriber)
        status = status if status != 200 else 400
    return render(
        request,
        "courses/public/subscribe.html",
        {"presentation": presentation, "form": form, "state": state},
        status=status,
    )


def _thank_you(request, subscriber: Subscriber):
    """Rendered, not redirected: the thank-you page carries this person's own unsubscribe link."""
    return render(request, "courses/public/subscribed.html", {"subscriber": subscriber}, status=201)


@login_not_required
@cache_control(public=True, max_age=3600)
def qr_code(request, token, kind):
    """The subscribe link as a QR code, SVG (sharp on a projector) or PNG (for slides and print)."""
    if kind not in ("svg", "png"):
        raise Http404
    presentation = _presentation(token)
    qr = segno.make(subscribe_url(request, presentation), error="m")
    buffer = io.BytesIO()
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=10, border=2, xmldecl=False)
        content_type = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=12, border=2)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="subscribe-{presentation.pk}.{kind}"'
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        subscriber = services.unsubscribe(token=token)
        if subscriber is None:
            raise Http404
        return render(request, "courses/public/unsubscribe.html", {"subscriber": subscriber, "done": True})
    subscriber = selectors.subscriber_by_unsubscribe_token(token=token)
    if subscriber is None:
        raise Http404
    return render(request, "courses/public/unsubscribe.html", {"subscriber": subscriber, "done": False})

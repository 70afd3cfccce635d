"""Public pages, no account needed: a presentation's subscribe page, its QR code, and unsubscribing.

A room of 300 people hits the subscribe page within a minute of the QR code going on screen,
so the page runs one query on GET and a sign-up a handful in one transaction. It sets no session.
A sign-up counts once the person confirms their contact: the SMS code on the next page, or the
emailed link.
"""

import io

import segno
from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .exceptions import RateLimited, SubscribeRefused
from .forms import SignUpCodeForm, SubscribeForm
from .models import SignUp
from .services.subscribers import sign_up_by_link, subscribe_page_state


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
                sign_up = services.subscribe(
                    presentation=presentation,
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    consent=data["consent"],
                    ip=get_account_adapter().get_client_ip(request),  # behind trusted proxies: the client's
                    default_country=presentation.region_country,
                )
            except RateLimited as exc:
                form.add_error(None, exc.message)
                status = 429
            except SubscribeRefused as exc:
                form.add_error(None, exc.message)
            else:
                if sign_up.channel == SignUp.Channel.SMS:
                    return redirect(
                        "courses:confirm_sign_up_code", token=presentation.subscribe_token, sign_up=sign_up.token
                    )
                return render(request, "courses/public/check_email.html", {"sign_up": sign_up}, status=201)
        status = status if status != 200 else 400
    return render(
        request,
        "courses/public/subscribe.html",
        {"presentation": presentation, "form": form, "state": state},
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm_code(request, token, sign_up):
    """The code sent by SMS is typed here; the page shows only the number the visitor typed."""
    pending = selectors.sign_up_awaiting_code(presentation_token=token, token=sign_up)
    if pending is None:
        raise Http404
    form = SignUpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.confirm_by_code(token=sign_up, code=form.cleaned_data["code"])
            except SubscribeRefused as exc:
                form.add_error("code", exc.message)
            else:
                return render(request, "courses/public/subscribed.html", {"channel": SignUp.Channel.SMS}, status=201)
    return render(request, "courses/public/confirm_code.html", {"sign_up": pending, "form": form}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm_link(request, signed):
    """The emailed link: GET shows a button, POST confirms (a mail scanner's GET confirms nothing)."""
    if request.method == "POST":
        try:
            services.confirm_by_link(signed=signed)
        except SubscribeRefused as exc:
            return render(request, "courses/public/confirm_link.html", {"error": exc.message}, status=400)
        return render(request, "courses/public/subscribed.html", {"channel": SignUp.Channel.EMAIL}, status=201)
    sign_up = sign_up_by_link(signed=signed)
    if sign_up is None:
        return render(
            request,
            "courses/public/confirm_link.html",
            {"error": _("This confirmation link is not valid or has expired. Please sign up again.")},
            status=400,
        )
    return render(request, "courses/public/confirm_link.html", {"sign_up": sign_up})


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

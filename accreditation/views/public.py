from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from .. import selectors
from ..forms import LookupForm, RegistrySearchForm

REGISTRY_PAGE_SIZE = 25


def _over_lookup_limit(request) -> bool:
    """Count one lookup for the client's address; past the rate the page refuses. With Redis down the
    cache counts in this process's memory (coopportal.cache), so the lookup still goes ahead."""
    ip = get_account_adapter().get_client_ip(request)  # behind trusted proxies: the client's
    return is_ratelimited(
        request,
        group="verify",
        key=lambda _group, _request: ip,
        rate=settings.ACCREDITATION_LOOKUP_RATE,
        increment=True,
    )


def _too_many(request):
    return render(request, "accreditation/verify_limited.html", status=429)


@login_not_required
@require_GET
def verify_lookup(request):
    """A verification code, or a certificate number with the holder's surname; go to the certificate's
    page. A wrong surname gets the same "not found" as an unknown number."""
    form = LookupForm(request.GET or None)
    not_found = False
    if form.is_bound and _over_lookup_limit(request):
        return _too_many(request)
    if form.is_valid():
        text = selectors.normalise_lookup(form.cleaned_data["q"])
        if form.cleaned_data["is_code"]:
            return redirect("verify", code=text)
        certificate = selectors.certificate_by_number_and_surname(text, form.cleaned_data["surname"])
        if certificate is not None:
            return redirect("verify", code=certificate.verification_code)
        not_found = True
    return render(request, "accreditation/verify_lookup.html", {"form": form, "not_found": not_found})


@login_not_required
@require_GET
def verify(request, code):
    # Queries: the certificate with its region, specialty, credential, exam protocol and whether it is
    # in the registry (1).
    if _over_lookup_limit(request):
        return _too_many(request)
    certificate = selectors.certificate_by_code(selectors.normalise_lookup(code))
    context = {"certificate": certificate, "form": LookupForm()}
    return render(request, "accreditation/verify.html", context, status=200 if certificate else 404)


@login_not_required
@require_GET
def registry(request):
    form = RegistrySearchForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "name": data["name"] or "",
            "region_code": data["region"].code if data["region"] else "",
            "specialty_code": data["specialty"].code if data["specialty"] else "",
        }
    page = Paginator(selectors.registry(**filters), REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accreditation/registry.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import LookupForm, RegistrySearchForm

REGISTRY_PAGE_SIZE = 25


@login_not_required
@require_GET
def verify_lookup(request):
    """Type a verification code or a certificate number; go to the certificate's page."""
    form = LookupForm(request.GET or None)
    not_found = False
    if form.is_valid():
        text = selectors.normalise_lookup(form.cleaned_data["q"])
        if selectors.looks_like_code(text):
            return redirect("verify", code=text)
        certificate = selectors.certificate_by_number(text)
        if certificate is not None:
            return redirect("verify", code=certificate.verification_code)
        not_found = True
    return render(request, "accreditation/verify_lookup.html", {"form": form, "not_found": not_found})


@login_not_required
@require_GET
def verify(request, code):
    # Queries: the certificate with its region and specialty (1).
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

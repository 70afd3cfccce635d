"""Credentials: the DID document, status lists, the public check page, and the holder's downloads."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import access, selectors
from ..credentials import jose
from ..credentials.keys import did_document
from ..credentials.verify import verify_credential
from ..forms import CredentialCheckForm


@login_not_required
@require_GET
def did_json(request):
    """The association's DID document (did:web): its keys, all of them assertion methods. No queries."""
    response = JsonResponse(did_document(), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


@login_not_required
@require_GET
def status_list(request, number):
    """A signed BitstringStatusListCredential (1 query); 304 when the verifier's copy is current."""
    row = selectors.status_list_by_number(number)
    if row is None:
        raise Http404
    etag = f'"{hashlib.sha256(row.jws.encode()).hexdigest()[:32]}"'
    conditional = get_conditional_response(request, etag=etag)
    if conditional is None:
        conditional = HttpResponse(row.jws, content_type=jose.MEDIA_TYPE)
    conditional["ETag"] = etag
    conditional["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(conditional, public=True, max_age=settings.CREDENTIAL_STATUS_LIST_MAX_AGE)
    return conditional


@login_not_required
@require_http_methods(["GET", "POST"])
def check(request):
    """Anyone pastes or uploads a credential and reads what it proves (at most 1 query: the status list)."""
    posted = request.method == "POST"
    form = CredentialCheckForm(request.POST if posted else None, request.FILES if posted else None)
    verdict = None
    if posted and form.is_valid():
        verdict = verify_credential(form.cleaned_data["text"])
    return render(request, "accreditation/credential_check.html", {"form": form, "verdict": verdict})


def _jwt_response(credential, certificate) -> HttpResponse:
    response = HttpResponse(credential.jws, content_type=jose.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.jwt"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def public_download(request, code):
    """The credential of a valid certificate, offered on its verification page (1 query)."""
    certificate = selectors.certificate_with_credential_by_code(code)
    if certificate is None or certificate.is_revoked or getattr(certificate, "credential", None) is None:
        raise Http404
    return _jwt_response(certificate.credential, certificate)


@require_GET
def holder_download(request, pk):
    certificate = access.get_certificate_with_credential_for_user(request.user, pk)
    if certificate.is_revoked and not access.is_admin(request.user):
        raise PermissionDenied(_("This certificate has been revoked and can no longer be downloaded."))
    return _jwt_response(certificate.credential, certificate)


@require_GET
def holder_json(request, pk):
    """The credential decoded, pretty, for the holder to read what it says (1 query)."""
    certificate = access.get_certificate_with_credential_for_user(request.user, pk)
    credential = certificate.credential
    payload = jose.decode_unverified(credential.jws)
    header = jose.unverified_header(credential.jws)
    return render(
        request,
        "accreditation/credential_json.html",
        {
            "certificate": certificate,
            "credential": credential,
            "header": json.dumps(header, indent=2, ensure_ascii=False),
            "payload": json.dumps(payload, indent=2, ensure_ascii=False),
        },
    )

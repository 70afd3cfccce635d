from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopportal.uploads import attachment_response

from .. import access, selectors
from ..exceptions import CertificateRefused
from ..models import Certificate
from ..services.certificates import set_registry_listing


@require_GET
def my_documents(request):
    """The student's protocols, certificates and attempts, with each PDF's state."""
    # Queries: documents, certificates, protocols, specialty attempts (4) plus the session/user.
    return render(
        request,
        "accreditation/my_documents.html",
        {
            "documents": selectors.documents_for_owner(request.user),
            "certificates": selectors.certificates_of(request.user),
            "protocols": selectors.protocols_of_student(request.user),
            "attempts": selectors.attempts_of(request.user),
        },
    )


@require_GET
def document_state(request, pk):
    """htmx fragment: one document's state badge, polled until it is ready or failed."""
    document = access.get_document_for_user(request.user, pk)
    return render(request, "accreditation/_document_state.html", {"document": document})


@require_GET
def download(request, pk):
    document = access.get_document_for_user(request.user, pk)
    if not document.is_ready:
        messages.warning(request, _("This document is not ready yet."))
        return redirect("accreditation:my_documents")
    certificate_type = ContentType.objects.get_for_model(Certificate)
    if document.subject_type_id == certificate_type.pk:
        certificate = Certificate.objects.only("revoked_at").get(pk=document.subject_id)
        if certificate.is_revoked and not access.is_admin(request.user):
            raise PermissionDenied(_("This certificate has been revoked and can no longer be downloaded."))
    return attachment_response(document.file, f"{document.title}.pdf")


@require_POST
def registry_consent(request, pk):
    certificate = access.get_certificate_for_holder(request.user, pk)
    listed = request.POST.get("listed") == "1"
    try:
        set_registry_listing(certificate=certificate, holder=request.user, listed=listed)
    except CertificateRefused as exc:
        messages.error(request, str(exc))
    else:
        if listed:
            messages.success(request, _("You are listed in the public registry of specialists."))
        else:
            messages.success(request, _("You are no longer listed in the public registry."))
    return redirect("accreditation:my_documents")

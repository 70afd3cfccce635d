"""Public pages (no login): certificate verification, credentials and the registry of specialists."""

from django.urls import path

from .views import credentials, public

urlpatterns = [
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("verify/<str:code>/credential.jwt", credentials.public_download, name="verify_credential_download"),
    # did:web resolves a bare host to /.well-known/did.json and a host with a path to <path>/did.json.
    path(".well-known/did.json", credentials.did_json, name="did_document"),
    path("did.json", credentials.did_json, name="did_document_at_path"),
    path("credentials/status/<int:number>/", credentials.status_list, name="credential_status_list"),
    path("credentials/check/", credentials.check, name="credential_check"),
    path("specialists/", public.registry, name="specialist_registry"),
]

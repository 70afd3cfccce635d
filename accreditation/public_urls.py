"""Public pages (no login): certificate verification and the registry of specialists."""

from django.urls import path

from .views import public

urlpatterns = [
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("specialists/", public.registry, name="specialist_registry"),
]

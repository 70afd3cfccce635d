from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health, views
from .users import views as user_views

admin.site.site_header = _("Coop Portal")
admin.site.site_title = _("Coop Portal")
admin.site.index_title = _("Administration")
# The admin login goes through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("learn/", include("courses.urls")),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("accounts/language/", user_views.account_language, name="account_language"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("accreditation.public_urls")),
    path("accreditation/", include("accreditation.urls")),
    path("budget/", include("procurement.urls")),
]

from django.urls import path

from .views import allocations, programs, reports

app_name = "procurement"

urlpatterns = [
    path("", programs.index, name="index"),
    path("programs/", programs.program_list, name="programs"),
    path("programs/new/", programs.program_create, name="program_create"),
    path("programs/<int:pk>/", programs.program_detail, name="program"),
    path("programs/<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("programs/<int:pk>/participants/", programs.participant_add, name="participant_add"),
    path("programs/<int:pk>/participants/import/", programs.participant_import, name="participant_import"),
    path("programs/<int:pk>/participants/template.xlsx", programs.participant_template, name="participant_template"),
    path("participants/<int:pk>/remove/", programs.participant_remove, name="participant_remove"),
    path("programs/<int:pk>/hosts/", programs.host_add, name="host_add"),
    path("hosts/<int:pk>/remove/", programs.host_remove, name="host_remove"),
    path("programs/<int:pk>/lines/", programs.line_add, name="line_add"),
    path("lines/<int:pk>/remove/", programs.line_remove, name="line_remove"),
    path("programs/<int:pk>/documents/", programs.document_add, name="document_add"),
    path("documents/<int:pk>/remove/", programs.document_remove, name="document_remove"),
    path("programs/<int:pk>/submit/", programs.program_submit, name="program_submit"),
    path("programs/<int:pk>/permission/<str:decision>/", programs.program_permission, name="program_permission"),
    path("programs/<int:pk>/sign/", programs.program_sign, name="program_sign"),
    path("programs/<int:pk>/reopen/", programs.program_reopen, name="program_reopen"),
    path("programs/<int:pk>/execute/", programs.program_execute, name="program_execute"),
    path("programs/<int:pk>/report/", programs.program_report, name="program_report"),
    path("programs/<int:pk>/review/", programs.program_review, name="program_review"),
    path("files/<str:kind>/<int:pk>/", programs.download, name="download"),
    path("contractors/", programs.contractors, name="contractors"),
    path("contractors/<int:pk>/", programs.contractor_detail, name="contractor"),
    path("allocations/", allocations.allocation_list, name="allocations"),
    path("allocations/split/", allocations.allocation_split, name="allocation_split"),
    path("allocations/<int:pk>/", allocations.allocation_plan, name="allocation"),
    path("conflicts/", allocations.conflicts, name="conflicts"),
    path("reports/national/", reports.national, name="national"),
    path("reports/national/<str:table>.<str:fmt>", reports.national_export, name="national_export"),
    path("reports/<slug:code>/", reports.province, name="province"),
    path("reports/<slug:code>/<str:table>.<str:fmt>", reports.province_export, name="province_export"),
]

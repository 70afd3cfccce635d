from django.urls import path

from .views import credentials, documents, exams, specialty

app_name = "accreditation"

urlpatterns = [
    path("my/", documents.my_documents, name="my_documents"),
    path("documents/<int:pk>/download/", documents.download, name="document_download"),
    path("documents/<int:pk>/state/", documents.document_state, name="document_state"),
    path("certificates/<int:pk>/credential.jwt", credentials.holder_download, name="credential_download"),
    path("certificates/<int:pk>/credential/", credentials.holder_json, name="credential_json"),
    path("certificates/<int:pk>/registry/", documents.registry_consent, name="registry_consent"),
    path("sessions/", exams.session_list, name="session_list"),
    path("sessions/new/", exams.session_create, name="session_create"),
    path("sessions/<int:pk>/", exams.session_detail, name="session_detail"),
    path("sessions/<int:pk>/certificates/", exams.issue_certificates, name="issue_certificates"),
    path("sessions/<int:pk>/progress/", exams.issuance_progress, name="issuance_progress"),
    path("candidates/<int:pk>/", exams.candidate_detail, name="candidate_detail"),
    path("protocols/<int:pk>/sign/", exams.sign, name="protocol_sign"),
    path("protocols/<int:pk>/pdf/", exams.protocol_pdf, name="protocol_pdf"),
    path("specialty/", specialty.overview, name="specialty"),
    path("specialty/examine/", specialty.examiner_queue, name="specialty_queue"),
    path("specialty/attempts/<int:pk>/", specialty.attempt_detail, name="specialty_attempt"),
    path("specialty/attempts/<int:pk>/start/", specialty.start, name="specialty_start"),
    path("specialty/tasks/<int:pk>/answer/", specialty.answer, name="specialty_answer"),
    path("specialty/tasks/<int:pk>/file/", specialty.answer_file, name="specialty_answer_file"),
    path("specialty/tasks/<int:pk>/score/", specialty.score, name="specialty_score"),
]

from django.urls import path

from . import presentation_views, public_views, views

app_name = "courses"

urlpatterns = [
    # First: a room signs up within a minute, and the resolver tries the patterns in order.
    path("s/<str:token>/", public_views.subscribe, name="subscribe"),
    path("s/<str:token>/qr.<slug:kind>", public_views.qr_code, name="subscribe_qr"),
    path("s/<str:token>/code/<str:sign_up>/", public_views.confirm_code, name="confirm_sign_up_code"),
    path("confirm/<str:signed>/", public_views.confirm_link, name="confirm_sign_up_link"),
    path("unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
    path("", views.dashboard, name="dashboard"),
    path("theory/", views.theory, name="theory"),
    path("lessons/<slug:slug>/", views.lesson, name="lesson"),
    path("lessons/<slug:slug>/done/", views.lesson_done, name="lesson_done"),
    path("quizzes/<int:pk>/", views.quiz, name="quiz"),
    path("attempts/<int:pk>/", views.attempt, name="attempt"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("cohorts/<int:pk>/join/", views.join_cohort, name="join_cohort"),
    path("levels/<slug:code>/", views.level, name="level"),
    path("levels/<slug:code>/kpi/<int:requirement_id>/", views.submit_document, name="submit_document"),
    path("levels/<slug:code>/trial/", views.record_trial, name="record_trial"),
    path("levels/<slug:code>/presentations/", views.record_presentation, name="record_presentation"),
    path("presentations/<int:pk>/", views.presentation, name="presentation"),
    path("presentations/<int:pk>/live/", presentation_views.live, name="presentation_live"),
    path("presentations/<int:pk>/projector/", presentation_views.projector, name="presentation_projector"),
    path("presentations/<int:pk>/evidence/<slug:kind>/", presentation_views.evidence, name="presentation_evidence"),
    path("presentations/<int:pk>/<slug:action>/", presentation_views.act, name="presentation_act"),
    path("exam-presentations/", presentation_views.exam_presentations, name="exam_presentations"),
    path("named/<int:pk>/answer/", presentation_views.respond, name="classmate_answer"),
    path("invitations/", presentation_views.invitations, name="invitations"),
    path("invitees/<int:pk>/status/", presentation_views.invitee_status, name="invitee_status"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/", views.question, name="question"),
]

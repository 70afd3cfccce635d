from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
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
    path("presentations/<int:pk>/", views.presentation, name="presentation"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/", views.question, name="question"),
]

"""The gate engine is pure: plain objects in, results out, every boundary checked."""

from dataclasses import dataclass

from courses.gates import (
    CohortFigure,
    DocumentFigure,
    LevelFigures,
    PeerFigure,
    PresentationFigure,
    evaluate_level,
)


@dataclass
class Req:
    id: int
    kind: str
    label: str = "KPI"
    threshold: int | None = None


def one(kind, figures, threshold=None):
    return evaluate_level(figures, [Req(1, kind, threshold=threshold)]).kpis[0]


def test_peer_approval_exactly_half_fails():
    result = one("peer_approval", LevelFigures(peer=PeerFigure(attendees=6, approvals=3)), threshold=50)
    assert not result.met
    assert "3 of 6" in result.reason


def test_peer_approval_more_than_half_passes():
    assert one("peer_approval", LevelFigures(peer=PeerFigure(attendees=6, approvals=4)), threshold=50).met
    assert one("peer_approval", LevelFigures(peer=PeerFigure(attendees=3, approvals=2)), threshold=50).met


def test_peer_approval_share_is_configurable():
    figures = LevelFigures(peer=PeerFigure(attendees=10, approvals=7))
    assert one("peer_approval", figures, threshold=60).met
    assert not one("peer_approval", figures, threshold=70).met


def test_peer_approval_without_presentation_is_not_met():
    result = one("peer_approval", LevelFigures(), threshold=50)
    assert not result.met
    assert result.status == "missing"


def test_document_states_are_explained_in_words():
    assert one("document", LevelFigures()).reason == "not submitted yet"
    pending = one("document", LevelFigures(documents={1: DocumentFigure("pending")}))
    assert (pending.met, pending.reason) == (False, "waiting for teacher review")
    returned = one("document", LevelFigures(documents={1: DocumentFigure("returned", "Add the region.")}))
    assert (returned.met, returned.status, returned.comment) == (False, "returned", "Add the region.")
    assert one("document", LevelFigures(documents={1: DocumentFigure("approved")})).met


def test_cohort_gate_needs_every_active_student_or_a_closure():
    assert not one("cohort_complete", LevelFigures(cohort=CohortFigure(ready=4, total=5))).met
    assert one("cohort_complete", LevelFigures(cohort=CohortFigure(ready=5, total=5))).met
    assert one("cohort_complete", LevelFigures(cohort=CohortFigure(ready=2, total=5, closed=True))).met


def test_presentation_kinds_are_not_met_without_a_presentation():
    for kind in (
        "presentations_recorded",
        "attendance",
        "likes",
        "subscriber_ratio",
        "support_group",
        "observers_only",
        "committee_decision",
        "results_recorded",
    ):
        result = one(kind, LevelFigures(), threshold=1)
        assert not result.met
        assert result.reason == "no presentation recorded"


def test_attendance_of_50_passes_and_49_fails():
    def attendance(n):
        return LevelFigures(presentations=(PresentationFigure(presentation_id=1, attendance=n),))

    assert one("attendance", attendance(50), threshold=50).met
    assert not one("attendance", attendance(49), threshold=50).met


def test_publication_needs_15_percent_subscribers_inclusive():
    def ratio(subscribers, attendance):
        return LevelFigures(
            presentations=(PresentationFigure(presentation_id=1, attendance=attendance, subscribers=subscribers),)
        )

    assert one("subscriber_ratio", ratio(15, 100), threshold=15).met
    assert not one("subscriber_ratio", ratio(14, 100), threshold=15).met
    assert not one("subscriber_ratio", ratio(7, 50), threshold=15).met  # 14 %
    assert one("subscriber_ratio", ratio(8, 50), threshold=15).met


def test_level_passes_only_when_every_kpi_is_met():
    requirements = [Req(1, "document"), Req(2, "document")]
    half = LevelFigures(documents={1: DocumentFigure("approved"), 2: DocumentFigure("pending")})
    full = LevelFigures(documents={1: DocumentFigure("approved"), 2: DocumentFigure("approved")})
    assert not evaluate_level(half, requirements).passed
    assert evaluate_level(full, requirements).passed
    assert not evaluate_level(LevelFigures(), []).passed


def test_individual_kpis_met_ignores_the_cohort_gate():
    requirements = [Req(1, "document"), Req(2, "cohort_complete")]
    figures = LevelFigures(documents={1: DocumentFigure("approved")}, cohort=CohortFigure(ready=1, total=3))
    result = evaluate_level(figures, requirements)
    assert not result.passed
    assert result.individual_kpis_met


def test_subscriber_ratio_of_14_99_percent_fails_and_15_passes():
    def ratio(subscribers, attendance):
        return LevelFigures(
            presentations=(PresentationFigure(presentation_id=1, attendance=attendance, subscribers=subscribers),)
        )

    assert not one("subscriber_ratio", ratio(1499, 10000), threshold=15).met
    assert one("subscriber_ratio", ratio(1500, 10000), threshold=15).met


def test_subscriber_ratio_with_zero_attendance_is_not_met_and_does_not_divide():
    figures = LevelFigures(presentations=(PresentationFigure(presentation_id=1, attendance=0, subscribers=5),))
    result = one("subscriber_ratio", figures, threshold=15)
    assert (result.met, result.status) == (False, "pending")


def test_likes_of_99_fail_and_100_pass():
    def likes(n):
        return LevelFigures(presentations=(PresentationFigure(presentation_id=1, likes=n, likes_reported=n),))

    assert not one("likes", likes(99), threshold=100).met
    assert one("likes", likes(100), threshold=100).met


def test_a_reported_but_unconfirmed_count_never_counts():
    figures = LevelFigures(presentations=(PresentationFigure(presentation_id=1, attendance_reported=500),))
    result = one("attendance", figures, threshold=50)
    assert (result.met, result.status) == (False, "pending")


def test_invitations_are_counted_from_the_invitee_list():
    assert not one("invitations_sent", LevelFigures(invitations=0), threshold=1).met
    assert one("invitations_sent", LevelFigures(invitations=1), threshold=1).met


def test_subscriber_ratio_counts_only_at_a_presentation_with_the_attendance():
    small_room = PresentationFigure(presentation_id=1, attendance=2, subscribers=1)
    big_room = PresentationFigure(presentation_id=2, attendance=50, subscribers=7)
    requirements = [Req(1, "attendance", threshold=50), Req(2, "subscriber_ratio", threshold=15)]
    result = evaluate_level(LevelFigures(presentations=(small_room,)), requirements).kpis[1]
    assert not result.met
    assert "at least 50 confirmed attendees" in result.reason
    result = evaluate_level(LevelFigures(presentations=(small_room, big_room)), requirements).kpis[1]
    assert not result.met
    assert result.reason.startswith("7 subscribers of 50 attendees")


def test_trial_attendance_exactly_half_of_the_other_active_students_fails():
    result = one("trial_attendance", LevelFigures(peer=PeerFigure(attendees=2, approvals=2, classmates=4)), 50)
    assert not result.met
    assert "2 of 4" in result.reason


def test_trial_attendance_by_more_than_half_of_the_other_active_students_passes():
    assert one("trial_attendance", LevelFigures(peer=PeerFigure(attendees=3, approvals=0, classmates=4)), 50).met
    assert one("trial_attendance", LevelFigures(peer=PeerFigure(attendees=1, approvals=0, classmates=1)), 50).met


def test_trial_attendance_share_is_configurable():
    figures = LevelFigures(peer=PeerFigure(attendees=3, approvals=3, classmates=4))
    assert one("trial_attendance", figures, threshold=70).met
    assert not one("trial_attendance", figures, threshold=75).met


def test_trial_attendance_without_a_trial_or_without_classmates_is_not_met():
    assert not one("trial_attendance", LevelFigures(), threshold=50).met
    assert not one("trial_attendance", LevelFigures(peer=PeerFigure(attendees=0, approvals=0, classmates=0)), 50).met

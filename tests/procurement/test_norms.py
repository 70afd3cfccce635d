"""The norm engine, with plain figures at every boundary (no database needed for the rules)."""

from types import SimpleNamespace

from procurement.norms import NormFigures, evaluate_norms


def spec(**overrides):
    base = {
        "cost_norm": 0,
        "norm_basis": "program",
        "norm_audience": 0,
        "min_participants": 0,
        "max_duration_days": 1,
        "min_weekly_consultation_hours": 0,
        "min_seminars_per_year": 0,
        "min_printed_copies": 0,
        "requires_electronic_copy": False,
        "requires_audio_video": False,
        "always_needs_hq_permission": False,
    }
    return SimpleNamespace(**{**base, **overrides})


TOUR = spec(cost_norm=8_000_000, norm_basis="person_day", norm_audience=12, max_duration_days=1)
EVENT = spec(cost_norm=40_000_000, norm_audience=50, max_duration_days=1)
CLUB = spec(cost_norm=50_000_000, norm_audience=50, min_participants=50, max_duration_days=1)
CHAIR = spec(
    cost_norm=80_000_000,
    norm_basis="unit_year",
    max_duration_days=366,
    min_weekly_consultation_hours=4,
    min_seminars_per_year=4,
)
STORY = spec(
    cost_norm=40_000_000,
    max_duration_days=366,
    min_printed_copies=3,
    requires_electronic_copy=True,
    requires_audio_video=True,
)


def figures(cost, headcount=0, days=1, listed=None, **extra):
    return NormFigures(
        planned_cost=cost,
        headcount=headcount,
        listed_participants=headcount if listed is None else listed,
        duration_days=days,
        **extra,
    )


def codes(result):
    return {d.code for d in result.deviations}


def test_tour_at_norm_per_person_day_needs_no_permission():
    result = evaluate_norms(TOUR, figures(8_000_000, headcount=12))
    assert result.deviations == [] and not result.needs_hq_permission


def test_tour_norm_scales_with_participants_not_only_total():
    # 24 people for 16,000,000 is the same per person-day as 12 for 8,000,000.
    assert codes(evaluate_norms(TOUR, figures(16_000_000, headcount=24))) == set()
    # 6 people for 8,000,000 is within the total but double the per-person-day norm.
    result = evaluate_norms(TOUR, figures(8_000_000, headcount=6))
    assert "per_person_day" in codes(result) and result.needs_hq_permission


def test_tour_one_rial_above_per_person_day_norm_routes_to_hq():
    assert "per_person_day" in codes(evaluate_norms(TOUR, figures(8_000_001, headcount=12)))


def test_tour_longer_than_one_day_needs_hq_permission():
    result = evaluate_norms(TOUR, figures(16_000_000, headcount=12, days=2))
    assert codes(result) == {"duration"}
    assert result.needs_hq_permission
    assert "2 days" in result.deviations[0].message


def test_event_above_norm_needs_hq_permission_and_says_so():
    result = evaluate_norms(EVENT, figures(40_000_001, headcount=50))
    assert "per_program" in codes(result)
    assert "40,000,001" in result.deviations[0].message and "40,000,000" in result.deviations[0].message


def test_event_at_norm_for_50_attendees_passes_but_fewer_attendees_cost_more_each():
    assert codes(evaluate_norms(EVENT, figures(40_000_000, headcount=50))) == set()
    assert codes(evaluate_norms(EVENT, figures(40_000_000, headcount=25))) == {"per_participant"}


def test_club_needs_at_least_50_participants():
    assert codes(evaluate_norms(CLUB, figures(50_000_000, headcount=50))) == set()
    assert "min_participants" in codes(evaluate_norms(CLUB, figures(30_000_000, headcount=49)))


def test_chair_norm_is_per_unit_and_year():
    ok = figures(160_000_000, days=365, units=2, weekly_consultation_hours=4, seminars_recorded=4)
    assert codes(evaluate_norms(CHAIR, ok)) == set()
    over = figures(160_000_001, days=365, units=2, weekly_consultation_hours=4, seminars_recorded=4)
    assert codes(evaluate_norms(CHAIR, over)) == {"per_unit_year"}


def test_chair_needs_4_hours_a_week_and_4_seminars_a_year():
    result = evaluate_norms(CHAIR, figures(80_000_000, days=365, weekly_consultation_hours=3, seminars_recorded=3))
    assert codes(result) == {"consultation", "seminars"}
    two_years = figures(160_000_000, days=730, weekly_consultation_hours=4, seminars_recorded=4)
    # Two years need 8 seminars; a chair program longer than a year also needs HQ permission.
    assert codes(evaluate_norms(CHAIR, two_years)) == {"seminars", "duration"}


def test_story_needs_its_deliverables():
    complete = figures(40_000_000, days=100, printed_copies=3, electronic_copy=True, audio_video=True)
    assert codes(evaluate_norms(STORY, complete)) == set()
    result = evaluate_norms(STORY, figures(40_000_000, days=100, printed_copies=2))
    assert codes(result) == {"printed_copies", "electronic_copy", "audio_video"}


def test_headcount_must_match_participant_list_and_blocks_submission():
    result = evaluate_norms(TOUR, figures(8_000_000, headcount=12, listed=11))
    assert [d.code for d in result.blocking] == ["headcount"]
    assert "12" in result.blocking[0].message and "11" in result.blocking[0].message


def test_type_rule_can_demand_hq_permission():
    result = evaluate_norms(spec(cost_norm=10, always_needs_hq_permission=True), figures(5))
    assert codes(result) == {"type_rule"} and result.needs_hq_permission


def test_tour_averaging_8_800_000_per_12_participant_days_is_above_the_norm_by_10_percent():
    result = evaluate_norms(TOUR, figures(8_800_000, headcount=12))
    (deviation,) = result.deviations
    assert deviation.code == "per_person_day"
    assert deviation.message.startswith("Above the norm by 800,000 rials (10 %)")
    assert "8,000,000 rials per 12 participant-days" in deviation.message


def test_two_day_tour_of_24_is_judged_on_participant_days():
    # 24 people for 2 days are 48 participant-days: four times the norm's 12.
    result = evaluate_norms(TOUR, figures(32_000_000, headcount=24, days=2))
    assert "per_person_day" not in codes(result)
    over = evaluate_norms(TOUR, figures(35_200_000, headcount=24, days=2))
    assert any(d.message.startswith("Above the norm by 3,200,000 rials (10 %)") for d in over.deviations)


def test_per_unit_and_per_program_norms_use_the_same_sentence():
    chair = evaluate_norms(CHAIR, figures(88_000_000, days=365, weekly_consultation_hours=4, seminars_recorded=4))
    assert chair.deviations[0].message.startswith("Above the norm by 8,000,000 rials (10 %)")
    event = evaluate_norms(EVENT, figures(50_000_000, headcount=50))
    assert event.deviations[0].message.startswith("Above the norm by 10,000,000 rials (25 %)")


def test_one_function_gives_the_gap_and_its_sentence():
    from procurement.norms import norm_gap

    assert norm_gap(8_000_000, 8_000_000) is None
    gap = norm_gap(8_000_001, 8_000_000)
    assert gap.over == 1 and gap.sentence == "Above the norm by 1 rials (0 %)"
    assert norm_gap(45_000_000, 40_000_000).sentence == "Above the norm by 5,000,000 rials (12.5 %)"

"""The course "Cooperative Entrepreneurship" and its seven levels with their KPI requirements (seed 000)."""

from django.db import migrations

COURSE = {
    "slug": "cooperative-entrepreneurship",
    "title": "Cooperative Entrepreneurship",
    "description": (
        "Short-term course preparing specialists for accreditation by the Certification Center of the national "
        "association of cooperatives: a theoretical module, then seven practical levels closed by KPI gates."
    ),
}

DOC, PEER, COHORT = "document", "peer_approval", "cohort_complete"
TEACHER, CLASSMATES, RECORDS, COMMITTEE = "teacher", "classmates", "records", "committee"

# (order, code, name, gate mode, description, [(kind, label, threshold, approver, guidance)])
LEVELS = [
    (1, "private", "Private", "individual",
     "Independent repetition of the course. You write questions to the teachers and receive written advice. "
     "You prepare the three documents every later presentation builds on.",
     [
         (DOC, "Presentation abstract on involving the population in cooperative entrepreneurship", None, TEACHER,
          "The theses of your presentation: the problem, what a cooperative offers, how to join, why it is legal."),
         (DOC, "Action plan for inviting people to the presentation", None, TEACHER,
          "Whom you will invite, through which channels, by which dates."),
         (DOC, "Expected questions and answers (FAQ)", None, TEACHER,
          "The questions your audience will ask and your answers, including how a cooperative differs from a pyramid."),
     ]),
    (2, "associates", "Associates", "cohort",
     "Trial presentations before classmates. The level is held until every participant has presented to the group "
     "and received the classmates' approval.",
     [
         (PEER, "Own presentation before classmates approved by more than half of the classmates present", 50,
          CLASSMATES, "Record your trial presentation and the classmates who attended; they vote."),
         (DOC, "Group presentation abstract adapted to the region", None, TEACHER,
          "The theses prepared by the group, adapted to your region."),
         (DOC, "Action plan for inviting people to the presentation (group version)", None, TEACHER, ""),
         (DOC, "Expected questions and answers adapted to the region", None, TEACHER, ""),
         (COHORT, "Every active student of the cohort has passed the level", None, RECORDS, ""),
     ]),
    (3, "close", "Close", "individual",
     "Trial presentations before close relatives; as many as you like.",
     [
         ("presentations_recorded", "At least one presentation to relatives recorded", 1, RECORDS, ""),
         (DOC, "Adjustments to the presentation and the group abstract", None, TEACHER, ""),
         (DOC, "Adjusted action plan for inviting people", None, TEACHER, ""),
         (DOC, "Adjusted expected questions and answers", None, TEACHER, ""),
     ]),
    (4, "familiar", "Familiar", "individual",
     "Trial presentations before friends and neighbours; as many as you like.",
     [
         ("presentations_recorded", "At least one presentation to friends or neighbours recorded", 1, RECORDS, ""),
         (DOC, "Adjustments to the group abstract and the invitation plan", None, TEACHER, ""),
         (DOC, "Adjusted expected questions and answers", None, TEACHER, ""),
         (DOC, "List of people invited to the next level's presentation", None, TEACHER, ""),
     ]),
    (5, "teamwork", "Teamwork", "cohort",
     "Presentations before people invited according to the action plan, prepared and run together: inviting "
     "(social networks, calls, contacts), support from the audience, recording the results. Held until every "
     "participant has presented with a support group of classmates.",
     [
         ("support_group", "Own presentation with at least one classmate confirmed in the support group", 1,
          CLASSMATES, ""),
         ("invitations_sent", "Invitations sent (social networks, calls, contacts)", 1, RECORDS, ""),
         ("results_recorded", "Presentation results recorded (subscriber, share buyer, recommendation)", 1,
          RECORDS, ""),
         (DOC, "Adjustments to the group abstract and the invitation plan", None, TEACHER, ""),
         (DOC, "Adjusted expected questions and answers", None, TEACHER, ""),
         (DOC, "List of people invited to the next level's presentation", None, TEACHER, ""),
         (COHORT, "Every active student of the cohort has passed the level", None, RECORDS, ""),
     ]),
    (6, "publication", "Publication", "individual",
     "Your own presentation before people you invited following your own action plan. Classmates may attend "
     "only as observers.",
     [
         ("observers_only", "Classmates attended as observers only", None, RECORDS, ""),
         ("attendance", "At least 50 people present", 50, RECORDS, ""),
         ("subscriber_ratio", "New subscribers at least 15 % of the people present", 15, RECORDS, ""),
     ]),
    (7, "exam", "Exam", "individual",
     "A presentation broadcast live to social networks and judged remotely by the exam committee, which accredits, "
     "asks for a second examination listing the errors, or does not accredit.",
     [
         ("attendance", "At least 50 people present", 50, RECORDS, ""),
         ("likes", "At least 100 likes on social networks", 100, RECORDS, ""),
         ("subscriber_ratio", "New subscribers at least 15 % of the people present", 15, RECORDS, ""),
         ("committee_decision", "Exam committee decision", None, COMMITTEE, ""),
     ]),
]


def load(apps, schema_editor):
    Course = apps.get_model("courses", "Course")
    Level = apps.get_model("courses", "Level")
    KpiRequirement = apps.get_model("courses", "KpiRequirement")
    course, _ = Course.objects.get_or_create(slug=COURSE["slug"], defaults=COURSE)
    for order, code, name, gate_mode, description, requirements in LEVELS:
        level, created = Level.objects.get_or_create(
            course=course,
            code=code,
            defaults={"order": order, "name": name, "gate_mode": gate_mode, "description": description},
        )
        if not created:
            continue
        for index, (kind, label, threshold, approver, guidance) in enumerate(requirements, start=1):
            KpiRequirement.objects.create(
                level=level,
                order=index,
                kind=kind,
                label=label,
                threshold=threshold,
                approver=approver,
                guidance=guidance,
            )


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

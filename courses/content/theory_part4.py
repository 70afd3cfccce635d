# ruff: noqa: E501 -- lesson prose and quiz texts are kept as written.
"""Theory module, first edition: sections 7–9 (road show, legal literacy, the practical module and exam)."""

S, M = "single", "multiple"

ROAD_SHOW = {
    "title": "Organising a road show of a cooperative project",
    "summary": "Preparing and giving presentations, inviting people, handling objections and recording results.",
    "lessons": [
        (
            "preparing-a-presentation",
            "Preparing a presentation of a cooperative project",
            """
A **road show** is a series of presentations that carries a cooperative project to the people who could benefit from
it. Every presentation in the practical module of this course is part of a road show, so preparation matters.

Build the presentation around the audience's need, not around the cooperative:

1. **The problem** the listeners know from their own life (prices, access to markets, lack of services).
2. **The cooperative solution**: what members do together and what each gains — with figures from the business plan.
3. **How it works**: membership, shares, governance, how money is handled and controlled.
4. **Why it is legal and safe**: registration, the charter, the audit commission, the association's accreditation —
   and why it is not a pyramid.
5. **What to do next**: subscribe for information, come to a meeting, read the charter, become a member.

Prepare three companion documents — you will hand them in at level 1: the **abstract** (theses) of the presentation,
the **action plan** for inviting people, and the expected **FAQ**. Adapt each to your region: local prices, local
producers, local examples. Rehearse; a presentation of fifteen to twenty minutes leaves time for questions, which are
often more persuasive than the talk.
""",
        ),
        (
            "inviting-people",
            "Inviting people: direct invitations, SMM and word of mouth",
            """
A presentation is only as good as its audience. The **action plan for inviting people** says whom you will invite, by
which channel, when, and how you will confirm attendance.

Channels:

- **Personal invitations** — calls and conversations with relatives, friends, neighbours, colleagues. The most
  reliable channel; start here at the early levels.
- **Social media (SMM)** — posts in local groups and messengers, short videos, an event page. Be specific: the date,
  the place, the topic and who is presenting. Answer comments publicly and politely.
- **Word of mouth** — satisfied listeners telling others. It grows when people leave a presentation with something
  useful to pass on: a leaflet, a link to subscribe, an invitation to the next meeting.
- **Partners** — local cooperatives, akimat events, community centres, producers' associations.

Plan numbers backwards: if you need fifty people in the room, expect that only a share of those invited will come,
and invite accordingly. Send reminders the day before. Never promise gifts or income to attract attendance; you want
people who are interested in cooperation, and you will be judged on how many of them choose to subscribe.
""",
        ),
        (
            "recommendations-and-subscribers",
            "Working through recommendations and with subscriber databases",
            """
**Recommendations** are invitations that come with someone's personal trust. After a presentation, ask satisfied
listeners whether they know people for whom the project would be useful, and whether they would introduce you. Record
each recommendation — who recommended whom — so you can thank the person and follow up respectfully.

The association keeps a **database of subscribers**: people who have asked to receive information about cooperative
projects registered with the association. Every presentation in this course has a subscribe page (with a QR code on
screen) where attendees can leave their name and phone or email **with explicit consent**.

Rules for working with subscribers:

- **Consent first.** Only people who asked to subscribe are added; they can unsubscribe at any time.
- **One person, one entry.** Subscribers are deduplicated by phone or email.
- **Relevant information only.** Send news of registered projects in the person's region, not advertising for
  unrelated products.
- **Protect the data.** Subscriber lists are not shared with third parties or used for anything else.

The number of subscribers a presentation brings — relative to the number present — is one of the KPIs of the
publication and exam levels. It measures whether your presentation convinced people to want to know more.
""",
        ),
        (
            "effective-presentation",
            "Rules and techniques for an effective presentation",
            """
Effective presenting is a skill that improves with practice — which is exactly why the practical module asks you to
present again and again, to ever wider audiences.

Techniques that work:

- **Open with the listeners' problem**, in their words, and a concrete local example.
- **One idea per slide**, large numbers, few words. Tell; do not read.
- **Use real figures** from the business plan and cite their source. Round them honestly.
- **Show the safeguards**: the charter, the audit commission, the register of members, the association's registry.
- **Invite questions** throughout or in a dedicated slot; thank people for difficult ones.
- **Close with one clear next step** — usually, subscribing on the QR-code page — and give people time to do it in the
  room.
- **Respect time**: start on time, finish on time.

Ethics are part of technique. Do not pressure people to decide on the spot, do not promise income, do not hide risks.
Classmates in your support group (teamwork level) help with logistics, registration and answering questions; they do
not pretend to be ordinary listeners.
""",
        ),
        (
            "handling-objections",
            "Working with objections",
            """
Objections are not attacks; they show what the listener cares about. Prepare for them in your FAQ and answer them
calmly.

A simple method: **listen** to the end, **acknowledge** the concern ("that is an important question"), **answer** with
facts, and **check** whether the answer helped.

Common objections and the substance of good answers:

- *"This is a pyramid."* — Explain the differences: the cooperative's income comes from members' real purchases and
  sales, not from new members' money; nobody is paid for recruiting; shares are recorded and returned on leaving; the
  accounts are audited and open to members. Invite them to read the charter.
- *"I'll lose my money."* — Describe how shares are held, what the audit commission checks, and the procedure for
  leaving. Admit that the cooperative's results depend on members' activity.
- *"Cooperatives are a Soviet thing."* — Point to modern cooperatives worldwide and in Kazakhstan, and to the law that
  governs them today.
- *"I don't have time for meetings."* — Explain which decisions need members and how little time participation
  actually takes.

Never argue aggressively and never invent facts. If you do not know an answer, say so and promise to find out — then
do it.
""",
        ),
        (
            "recording-results",
            "Recording presentation results",
            """
Every presentation ends with **recording its results**. Results are the evidence of your work, and in this course
they are also the basis of the KPI gates — numbers that count come from records, not from a typed-in total.

For each presentation record:

- the **date, place** (or broadcast link) and **audience** (classmates, relatives, friends, invited people);
- the **attendance**, with evidence such as a photo or a sign-in sheet;
- each person's **result**, where there is one: **subscriber** (asked to receive information), **share buyer**
  (joined or bought a share), **recommendation** (introduced someone else);
- your notes on questions asked and what to improve.

Subscribers register themselves on the subscribe page with consent; the portal counts each person once per
presentation. The ratio of subscribers to attendance tells you how convincing the presentation was, and it is what
the publication and exam levels measure.

Honest records protect you: if anyone later claims they were misled, your records show what was presented and what
each person chose. They also make the next presentation better, because you can see which arguments worked.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: road show",
        "pass_mark": 3,
        "questions": [
            (
                S,
                "What should the closing of a presentation contain?",
                [
                    ("One clear next step, such as subscribing on the QR-code page", True),
                    ("A demand to pay a share before leaving the room", False),
                    ("A promise of a monthly income", False),
                ],
                "Give people a clear, voluntary next step.",
            ),
            (
                S,
                "Who may be added to the association's subscriber database?",
                [
                    ("Only people who asked to subscribe, with explicit consent", True),
                    ("Everyone whose phone number the presenter has", False),
                    ("Everyone in the room, automatically", False),
                ],
                "Consent first; one person counts once.",
            ),
            (
                M,
                "Which results are recorded per person after a presentation? Choose all that apply.",
                [
                    ("Subscriber", True),
                    ("Share buyer", True),
                    ("Recommendation", True),
                    ("The person's income", False),
                ],
                "The seed's three results: subscriber, share buyer, recommendation.",
            ),
            (
                S,
                "A listener says 'This is a pyramid.' What is the best response?",
                [
                    (
                        "Acknowledge the concern and explain with facts how the cooperative's money flows and is controlled",
                        True,
                    ),
                    ("Tell them to leave", False),
                    ("Promise them a bonus for joining", False),
                ],
                "Listen, acknowledge, answer with facts, check.",
            ),
        ],
    },
}

LEGAL_LITERACY = {
    "title": "Legal literacy: members' rights, the charter, and pyramids",
    "summary": "What every member is entitled to and must do, the charter as a working document, "
    "and how to tell a legal cooperative from a financial pyramid.",
    "lessons": [
        (
            "members-rights-and-duties",
            "Members' rights and duties",
            """
Membership in a cooperative is a legal relationship with rights and duties written in the law and the charter.
Knowing them is the first defence against both abuse and misunderstanding.

**Rights** a member typically has:

- to **take part in managing** the cooperative: attend and speak at general meetings, vote (one member, one vote),
  propose questions for the agenda;
- to **elect and be elected** to the board, the audit commission and other bodies;
- to **receive information**: the charter, minutes of meetings, annual reports, the audit commission's conclusions;
- to **use the cooperative's services** on the conditions the meeting approved, and to receive a share of surplus in
  proportion to participation;
- to **leave** the cooperative voluntarily and receive the value of their share by the charter's procedure;
- to **appeal** decisions of the cooperative's bodies that violate their rights, inside the cooperative and in court.

**Duties** a member typically has:

- to **comply with the charter** and the decisions of the general meeting;
- to **pay the share and other contributions** on time;
- to **take part in covering losses** within the limits the charter and law set;
- not to harm the cooperative's interests and to take part in its activity as the charter provides.

Rights and duties go together: a member who uses their right to information and to vote helps the cooperative stay
honest, and a member who fulfils their duties keeps it alive.
""",
        ),
        (
            "the-charter-as-a-working-document",
            "The charter as a working document",
            """
The national association's 2023 round table observed that charters are often "written for formality". That is a
costly mistake. The charter is the agreement between all members about how their common enterprise works — and
whenever there is a conflict, it is the first document a court, a prosecutor or an investigator will read.

Use the charter actively:

- **Before joining**, read it. Check the share, the rules for leaving and getting money back, who decides what, and
  how members control the board.
- **At meetings**, follow it: notice periods, quorum, majorities. A decision taken in breach of the charter can be
  challenged.
- **In disputes**, cite it. "Under clause so-and-so, the audit commission must report to the annual meeting" is a far
  stronger argument than "this is unfair".
- **When circumstances change**, amend it through the general meeting rather than ignoring it.

For officials and law-enforcement staff, the registered charter together with the law is the standard against which a
cooperative's actions must be judged. When members can show that their cooperative acts according to its charter,
democratic disagreement inside it is seen for what it is: self-government at work.
""",
        ),
        (
            "cooperative-versus-pyramid",
            "How a legal cooperative differs from a financial pyramid",
            """
A **financial pyramid** pays earlier participants with money taken from later ones. It has no real business capable
of generating those payments, so it must keep recruiting; when recruitment slows, it collapses, and most participants
lose their money. In Kazakhstan, as in many countries, creating and advertising a financial pyramid is a crime.

Because some pyramids have disguised themselves as "cooperatives", the public, the media and even officials sometimes
confuse the two. Learn the differences so that you can explain them — and so that you can recognise a pyramid
yourself.

| Question | Legal cooperative | Financial pyramid |
|---|---|---|
| Where does the money for members' benefit come from? | From real activity: joint purchases, sales, services | From new participants' payments |
| What are people paid for? | Using the cooperative; employees for their work | Recruiting others, who recruit others |
| What is promised? | Lower prices, market access, services; results depend on activity | High, fixed or "guaranteed" returns |
| Who controls the money? | Members, through the general meeting and the audit commission; accounts open to members | Organisers; accounts closed or non-existent |
| Where is money paid? | Into the registered cooperative's account, against receipts, recorded in the register | Cash, personal cards, crypto wallets, "urgent" transfers |
| Can you leave? | Yes, with the share returned by the charter's procedure | Exit is discouraged or impossible "until the next round" |
| Documents | Registered charter, minutes, reports, accredited specialists you can check | Vague promises, pressure to decide now |

**Warning signs** in any project: guaranteed high returns; rewards for bringing in new people; pressure to pay quickly;
money into private accounts; no registered charter or refusal to show it; no audit commission; presenters who are not
in the association's registry.

If you meet such a project, do not join, keep whatever documents or messages you received, and report it to the
authorities. If someone calls *your* cooperative a pyramid, answer with the facts in the left column — and invite them
to check.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: legal literacy",
        "pass_mark": 3,
        "questions": [
            (
                M,
                "Which of these are rights of a cooperative member? Choose all that apply.",
                [
                    ("To receive the charter, minutes and annual reports", True),
                    ("To leave and receive the value of their share by the charter's procedure", True),
                    ("To appeal decisions that violate their rights", True),
                    ("To receive a guaranteed fixed return on their share", False),
                ],
                "Members have rights to participate, to information, to leave and to appeal — not to guaranteed returns.",
            ),
            (
                S,
                "A project pays you for every person you bring in, and them for every person they bring in. What is it most likely?",
                [
                    ("A financial pyramid", True),
                    ("A consumer cooperative", False),
                    ("A certified supplier", False),
                ],
                "Rewards for recruiting recruiters are the mechanism of a pyramid.",
            ),
            (
                S,
                "Where does a legal cooperative's benefit to members come from?",
                [
                    ("From real activity: joint purchases, sales and services", True),
                    ("From new members' entrance payments", False),
                    ("From the organiser's personal investments", False),
                ],
                "Real activity, not new participants' money.",
            ),
            (
                S,
                "Members disagree openly at a general meeting about the board's decision. What is this?",
                [
                    ("Normal democratic self-government, to be settled by the charter's procedure", True),
                    ("A scandal that shows the cooperative is illegal", False),
                    ("A reason for the chairman to exclude the members who disagree", False),
                ],
                "Disputes decided by procedure are self-government at work.",
            ),
            (
                S,
                "Where should a new member pay their share?",
                [
                    ("Into the registered cooperative's account, against a receipt", True),
                    ("To the presenter's personal card", False),
                    ("Into a crypto wallet named in a message", False),
                ],
                "Money through private channels is a warning sign.",
            ),
        ],
    },
}

PRACTICAL_RULES = {
    "title": "Rules of the practical module and the exam",
    "summary": "The seven levels, their KPI gates and deadlines, and how the exam leads to accreditation.",
    "lessons": [
        (
            "practical-module-levels",
            "The seven levels and their KPI gates",
            """
After the theory you enter the **practical module**: seven levels in which you present the cooperative idea to ever
wider audiences. Each level is closed by **KPI gates** — measurable conditions that must all be met before the next
level opens. Your dashboard shows each KPI, its status and what is still missing.

1. **Private** — independent repetition of the course and written questions to teachers. KPIs: approved presentation
   abstract, action plan for inviting people, expected FAQ.
2. **Associates** — a trial presentation before classmates, approved by more than half of the classmates present;
   group documents adapted to the region. The level is held until every participant has passed (cohort gate).
3. **Close** — presentations to close relatives, as many as you like; approved adjustments to the abstract, plan and FAQ.
4. **Familiar** — presentations to friends and neighbours; adjustments; a list of invitees for the next level.
5. **Teamwork** — presentations to invited people with a support group of classmates: inviting, supporting, recording
   results. Cohort gate again.
6. **Publication** — your own presentation to at least 50 people you invited; new subscribers at least 15 % of those
   present; classmates only as observers.
7. **Exam** — a presentation broadcast live to social networks: at least 50 present, 100 likes, 15 % subscribers, and
   the exam committee's decision.

Thresholds are inclusive: 50 people present passes, 49 does not; exactly 15 % passes. Each level also has a **cohort
deadline**. Missing one is visible to your teachers and to the exam committee, and missed deadlines can be a reason
for a "not accredited" decision — plan your presentations early.
""",
        ),
        (
            "exam-and-accreditation",
            "The exam, the protocol and accreditation",
            """
At the **exam** level you give a presentation broadcast live to social networks. The exam committee — at least three
members — follows it remotely, reviews the KPI figures and takes one of three decisions:

- **Accredited** — you receive a **certificate of completion**;
- **Re-examination** — you present again; the protocol must list the errors to correct;
- **Not accredited** — for example, for missed deadlines or activities of the practical module; the reasons are
  written in the protocol.

The committee's **protocol** records the figures, the decision and any errors, and is signed by the committee members.
It is sent to you and to the association.

The certificate of completion carries a verification code and a QR code; anyone can check it on the portal's public
verification page. With it you can sit the **Certification Center exam** in one of four specialties — chairman of a
cooperative, cooperative agent, cooperative business accelerator, certified supplier — by solving three situational
tasks. Passing all three gives the specialty certificate and, with your consent, a place in the public registry of
accredited specialists.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: practical module and exam",
        "pass_mark": 3,
        "questions": [
            (
                S,
                "When does the next level open?",
                [
                    ("When every KPI of the current level is met (and, at cohort levels, the cohort has passed)", True),
                    ("After a fixed number of weeks, regardless of KPIs", False),
                    ("When the student asks for it", False),
                ],
                "Levels are closed by KPI gates.",
            ),
            (
                S,
                "At the publication level, 49 people attend. Is the attendance KPI of 50 met?",
                [
                    ("No: thresholds are inclusive, so 50 passes and 49 does not", True),
                    ("Yes: 49 is close enough", False),
                    ("Yes, if a teacher approves", False),
                ],
                "50 passes, 49 fails.",
            ),
            (
                S,
                "Which decision requires the errors to be listed in the protocol?",
                [
                    ("Re-examination", True),
                    ("Accredited", False),
                    ("None of them", False),
                ],
                "A re-exam must list what to correct.",
            ),
            (
                M,
                "Which levels have a cohort gate? Choose all that apply.",
                [
                    ("Associates", True),
                    ("Teamwork", True),
                    ("Publication", False),
                ],
                "Associates and Teamwork are held until every participant has passed.",
            ),
        ],
    },
}

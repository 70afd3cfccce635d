# ruff: noqa: E501 -- lesson prose and quiz texts are kept as written.
"""Theory module, first edition: section 4 (organising a cooperative)."""

S, M = "single", "multiple"

ORGANISING = {
    "title": "Procedure for organising a cooperative",
    "summary": "From the first idea to registration, management, audit and, when needed, closing.",
    "lessons": [
        (
            "initiation-of-a-cooperative",
            "Initiation of a cooperative",
            """
Every cooperative starts with a **shared need** that a group of people cannot meet well on their own: farmers who sell
milk to a single buyer at a low price, families who want cheaper building materials, craftsmen who need a common
workshop. The initiative group's first job is to describe that need in numbers — how much, how often, at what cost
now — because these numbers will become the business plan.

Next, the group tests whether enough people share the need. Talk to potential members, collect written expressions
of interest, and estimate how much each is prepared to contribute and to use. A cooperative with too few active
members cannot reach the scale that makes it worthwhile.

The initiative group then chooses the **form** (consumer, agricultural, production…), drafts the charter on the basis
of the association's model, prepares a preliminary budget and the size of shares, and proposes candidates for the
first board and audit commission.

Keep a written record of all of this. The founding meeting will need it, and so will any future member who asks how
the cooperative came about. Transparency from the first day is what distinguishes a real cooperative from a
"project" that exists only in a promoter's speech.
""",
        ),
        (
            "founding-meeting",
            "Holding a founding meeting",
            """
The **founding meeting** (constituent assembly) creates the cooperative. Everyone who wants to become a founder
attends; each has one vote.

A typical agenda:

1. Election of the chair and secretary of the meeting and of the vote counters.
2. The decision to establish the cooperative, its name and location.
3. Approval of the charter.
4. The size of entrance fees and shares, and the deadline for paying them.
5. Election of the chairman and board (or other executive body) and of the audit commission.
6. Authorising a person to carry out state registration.

The meeting is recorded in **minutes** signed by the chair and secretary, with the list of founders attached. The
minutes show how many attended, how each question was put and how votes were cast. Questions must be decided by the
majority the law and draft charter require; disagreement is normal and must be recorded, not hidden.

Good practice: circulate the draft charter and budget in advance, give enough time for questions, and make sure each
founder understands their obligations — especially the share contribution and the rules for leaving. A founder who
signs without understanding is the first to feel deceived later.
""",
        ),
        (
            "preparing-the-charter",
            "Preparing the charter on the association's recommended model",
            """
The **charter** is the cooperative's constitution. The law lists what it must contain; the association's recommended
model fills that list with tested wording, so that founders do not start from a blank page.

A charter sets out at least:

- the name, location, form and **purpose** of the cooperative;
- the **conditions of membership**: who may join, how, how one leaves or is excluded, and what is returned on leaving;
- the **share and entrance contributions**: their size, how and when they are paid, and members' liability;
- the **governing bodies** — general meeting, board/chairman, audit commission — their powers, how they are elected,
  the quorum and majorities for each kind of decision;
- how **surplus and losses** are distributed;
- **reporting** to members and members' access to documents;
- reorganisation and liquidation.

Adapt the model to your situation, but do not weaken members' protections: the right to information, to vote, to
appeal decisions and to receive one's share back on leaving. A charter that concentrates all power in one person or
makes leaving impossible is a warning sign — for members and for officials alike. Write it so that every member can
read it and understand it; it is not a formality but a working document (see the legal literacy section).
""",
        ),
        (
            "registering-a-cooperative",
            "Registration of a cooperative",
            """
A cooperative becomes a legal entity through **state registration**. The person authorised by the founding meeting
applies to the registering authority (in Kazakhstan, the justice bodies; many applications can be filed online
through the e-government portal). Requirements change, so check the current list before filing.

The application usually includes the founding meeting's decision (minutes), the approved charter (or a statement
that the model charter is used), information about the founders and the executive body, and the location.

After registration the cooperative receives its business identification number and is entered in the national
register. Then follow the practical steps: a bank account, registration with the tax authority under the chosen
regime, the members' register and share accounting, a seal if the charter provides for one, and — for some
activities — permits or notifications.

Do not take members' money into a personal account "until the cooperative is registered". Collect shares into the
cooperative's own account after registration, against receipts, and record each share in the register. Money
flowing through private hands is exactly the pattern that makes investigators suspect a pyramid.
""",
        ),
        (
            "cooperative-management",
            "The cooperative management system",
            """
A cooperative is governed by its members through a clear division of powers.

- The **general meeting** of members is the supreme body. It adopts and amends the charter, elects and dismisses the
  board and audit commission, approves the annual report and budget, decides on distributing surplus and on
  reorganisation. In large cooperatives a meeting of delegates may replace it, if the charter allows.
- The **board** (or chairman) manages day-to-day work between meetings: contracts, staff, purchases, accounts. It is
  accountable to the general meeting.
- The **audit commission** controls the board on behalf of the members (next lesson).

Good management is visible: meetings are announced in time with the agenda and documents; minutes are kept and
available to members; the board reports regularly; conflicts of interest are declared.

Disputes inside a cooperative — about prices, about the chairman's decisions, about admitting a member — are part of
democratic life. The right response is procedure: raise the question, put it on the agenda, vote, and, if rights are
violated, appeal. Officials and courts who mistake such disputes for "scandals" misunderstand self-government; members
who know the procedure can show them how it is meant to work.
""",
        ),
        (
            "audit-commission",
            "The audit commission and cooperative audit",
            """
The **audit commission** (or auditor, in a small cooperative) is elected by the general meeting from among the
members and is independent of the board: a board member cannot sit on it. Its job is to check, on behalf of all
members, that the cooperative's money and property are used according to the charter and the meeting's decisions.

The commission examines accounts, contracts, stock and cash; it checks that purchases were made at the declared
prices and that surplus was calculated correctly. It carries out at least an annual audit and may check at any time,
including at members' request. Its report goes to the general meeting before the annual accounts are approved.

Beyond the internal commission, a cooperative may be subject to an **external audit** — required by law for some
cooperatives or chosen by the members — and to the revision services of the cooperative union or association.

For members, the audit commission is the everyday guarantee of honesty. Before joining any cooperative, ask: who is on
the audit commission, when did it last report, and can I read the report? A project that cannot answer has no real
control.
""",
        ),
        (
            "closing-a-cooperative",
            "Closing a cooperative",
            """
A cooperative may end by **reorganisation** (merger, division, transformation into another form) or by
**liquidation**. Voluntary liquidation is decided by the general meeting with the majority set in the charter; a court
may also order liquidation, for example for serious breaches of the law.

Liquidation follows a legal procedure:

1. The meeting (or court) appoints a **liquidation commission**, which takes over management.
2. Creditors are notified publicly and given time to present claims.
3. The commission collects what is owed to the cooperative, sells property if needed and draws up an interim
   liquidation balance sheet.
4. Creditors are paid in the order set by law.
5. What remains is distributed among members according to the charter — usually first returning shares, then the
   rest in proportion to participation.
6. The final balance sheet is approved and the cooperative is removed from the register.

Members have the right to information throughout. Knowing the procedure protects them from two dangers: a quiet
"disappearance" of assets before liquidation, and the opposite — panic that destroys a viable cooperative because of a
temporary difficulty.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: organising a cooperative",
        "pass_mark": 3,
        "questions": [
            (
                S,
                "Which body adopts the charter and elects the board and audit commission?",
                [
                    ("The general meeting of members (at founding: the founding meeting)", True),
                    ("The chairman alone", False),
                    ("The registering authority", False),
                ],
                "The members, meeting together, are the supreme body.",
            ),
            (
                S,
                "Where should members' share contributions be paid?",
                [
                    ("Into the registered cooperative's own account, against receipts", True),
                    ("Into the initiator's personal card until registration", False),
                    ("In cash to whoever recruited the member", False),
                ],
                "Money through private hands is a classic warning sign.",
            ),
            (
                S,
                "May a board member sit on the audit commission?",
                [
                    ("No, the audit commission must be independent of the board", True),
                    ("Yes, the chairman usually leads it", False),
                    ("Only in agricultural cooperatives", False),
                ],
                "The commission controls the board; it cannot control itself.",
            ),
            (
                M,
                "What happens during liquidation? Choose all that apply.",
                [
                    ("Creditors are notified and paid in the legal order", True),
                    ("Remaining assets are distributed to members according to the charter", True),
                    ("The chairman keeps the remaining property", False),
                ],
                "Liquidation follows a procedure that protects creditors and members.",
            ),
        ],
    },
}

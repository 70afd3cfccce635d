# ruff: noqa: E501 -- lesson prose and quiz texts are kept as written.
"""Theory module, first edition: sections 1–3 (introduction, types of cooperatives, legal support)."""

S, M = "single", "multiple"

INTRODUCTION = {
    "title": "Cooperative entrepreneurship and the sharing economy",
    "summary": "What a cooperative is, why people build them, and what they can give a society, a household and a career.",
    "lessons": [
        (
            "what-is-cooperative-entrepreneurship",
            "What cooperative entrepreneurship is",
            """
A **cooperative** is an enterprise that its members own together and run for their own needs. The members are at
the same time the owners and the main users: the families who buy through a consumer cooperative, the farmers who
sell through an agricultural one, the craftsmen who work in a production cooperative. The enterprise exists to
serve them, not to make a return for outside investors.

*Cooperative entrepreneurship* is the practice of starting and growing such enterprises. It needs the same skills as
any business — a clear offer, a budget, suppliers, customers — plus one more: organising people so that many small
contributions become one strong enterprise that they control democratically.

The **sharing economy** is a wider idea with the same root: people get more value from resources by sharing them
rather than each buying their own. A tractor used by ten farms, a warehouse rented by a group of shops, a bulk
purchase of building materials for a street of houses — each member pays less and the resource works more. A
cooperative is the legal and organisational form that makes such sharing durable: it has a charter, elected bodies,
accounts and rules for who pays what and who receives what.

Three features distinguish a cooperative from an ordinary company:

- **One member, one vote.** Decisions are taken by the members, usually with equal votes, not in proportion to money.
- **Benefit in proportion to use.** Members gain through lower prices, better sale prices or services, and any surplus
  is shared according to how much each member used the cooperative — not according to how much capital they put in.
- **Open and voluntary membership.** People join and leave on conditions written in the charter.

Keep these three features in mind throughout the course: they are also your best tool for explaining to people why
a cooperative is not a scheme to get rich quickly.
""",
        ),
        (
            "prospects-for-society",
            "Prospects for the welfare of society",
            """
Cooperatives matter to a country because they let ordinary people solve economic problems together that none of
them could solve alone. In rural districts, an agricultural cooperative lets small producers reach processors and
retail chains that would never deal with a single household. In towns, consumer cooperatives give families
negotiating power with suppliers and can keep prices of essential goods in check.

Because the enterprise belongs to its members, the money it saves or earns stays in the community. Surpluses are
returned to members or reinvested locally; jobs are created where members live. This is why many countries treat
cooperatives as a tool of regional development and support them with targeted programmes.

Cooperatives also build **social capital**: habits of self-organisation, trust and accountability. Members learn to
hold meetings, read accounts, elect and control a board. These are the same skills a democratic society needs from
its citizens. The round table held by the national association in 2023 put it plainly: the development of
self-government and self-organisation of the population is a goal in its own right.

Finally, cooperatives make the economy more resilient. When prices rise or markets close, members who share
storage, transport and purchasing can adjust together instead of failing one by one. For the state, a cooperative
is also a transparent partner: it keeps accounts, reports to members and can be audited — the opposite of informal,
untaxed trade.
""",
        ),
        (
            "prospects-for-personal-wellbeing",
            "Prospects for the personal well-being of a participant",
            """
For an individual member, the benefits of a cooperative are concrete and measurable. A consumer buys goods at prices
close to wholesale because the cooperative buys in bulk. A producer sells at a better price because the cooperative
negotiates for the volume of all members, sorts and packs the product, and finds buyers. A member who needs a
service — transport, storage, equipment — gets it at cost instead of paying a profit margin to an intermediary.

Membership also gives **security**. A member's share is recorded in the cooperative's register; the rights attached
to it are written in the charter and protected by law. Members see the accounts, elect the management and can
challenge decisions. Compare this with an informal group purchase organised by one person, where nobody can check
where the money went.

There is a personal development side as well. Members who take part in meetings, committees and the audit commission
learn negotiation, budgeting and management. Many go on to lead projects inside the cooperative or start new ones.

Be honest about the limits when you talk to people: a cooperative is not a bank deposit and does not promise a fixed
return. The benefit depends on how actively members use it and how well it is managed. This honesty is precisely what
builds trust — and what separates a cooperative from schemes that promise easy income.
""",
        ),
        (
            "career-in-cooperatives",
            "A career in the cooperative system",
            """
The cooperative sector needs professionals. This course prepares you for accreditation by the Certification Center of
the national association in four specialties:

1. **Chairman of a cooperative** — leads the board, organises general meetings, represents the cooperative and
   answers to the members for its management.
2. **Cooperative agent** — explains cooperative projects to the public, attracts members and shareholders, and keeps
   honest records of who was told what.
3. **Cooperative business accelerator** — helps groups turn an idea into a registered, working cooperative: business
   plan, charter, registration, first purchases.
4. **Certified supplier** — a business that supplies cooperatives under transparent, verified conditions.

Each of these is a real job with responsibilities to members. An accredited specialist appears in the association's
public registry, so any citizen can check whether a person who claims to represent a cooperative project is actually
accredited. That is an important protection against impostors.

The path is the one you are on: the theory module, then seven practical levels in which you present cooperative
projects to ever wider audiences, then an exam judged by a committee. After the certificate of completion you can sit
the specialty exam — three situational tasks — at the Certification Center.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: cooperative entrepreneurship",
        "pass_mark": 3,
        "questions": [
            (
                S,
                "How are votes usually distributed at a cooperative's general meeting?",
                [
                    ("One member, one vote", True),
                    ("In proportion to the money each member invested", False),
                    ("Only the founders vote", False),
                ],
                "Democratic control — one member, one vote — is a defining feature of a cooperative.",
            ),
            (
                S,
                "How is a cooperative's surplus shared among members?",
                [
                    ("In proportion to how much each member used the cooperative", True),
                    ("In proportion to how many new members each person recruited", False),
                    ("As a fixed guaranteed percentage of the member's contribution", False),
                ],
                "Benefit follows use, not recruitment or capital.",
            ),
            (
                M,
                "Which of these are benefits a member can expect from a well-run cooperative? Choose all that apply.",
                [
                    ("Lower purchase prices thanks to bulk buying", True),
                    ("Access to shared equipment or storage at cost", True),
                    ("A guaranteed monthly income regardless of activity", False),
                ],
                "A cooperative gives economic advantages of scale; it never guarantees income.",
            ),
            (
                S,
                "Which specialty explains cooperative projects to the public and attracts members?",
                [
                    ("Cooperative agent", True),
                    ("Certified supplier", False),
                    ("Auditor", False),
                ],
                "The cooperative agent works with the public and keeps records of results.",
            ),
        ],
    },
}

TYPES = {
    "title": "Types of cooperatives and other forms of economic communities",
    "summary": "Consumer, agricultural, production and credit cooperatives, and related forms of joint economic activity.",
    "lessons": [
        (
            "types-of-cooperatives",
            "Consumer, agricultural, production and credit cooperatives",
            """
Cooperatives differ by **what members do together**.

A **consumer cooperative** is a non-commercial organisation of citizens (and sometimes legal entities) who join to
meet their own material and other needs — buying goods, housing, gardening plots, utilities. Members contribute
shares; the cooperative buys or builds for them at cost. Housing cooperatives, garden associations and purchasing
cooperatives belong here.

An **agricultural cooperative** unites producers of farm products. Members may produce together, or — more often —
keep their own farms and use the cooperative to buy inputs, process, store and sell. The cooperative's job is to give
small producers the scale of a large one.

A **production cooperative** is a commercial organisation whose members work personally in the common business:
a workshop, a construction team, a sewing shop. Profit is distributed according to members' labour participation.

A **credit cooperative** (credit partnership) lends to its members from members' pooled funds under strict rules and
supervision. Because money is the product, this form is regulated more tightly than any other — a point we return to
when we discuss financial pyramids.

The form determines the applicable law, the tax treatment and what the cooperative may do. Choosing the wrong form
is one of the most common mistakes of new founders; a business accelerator's first task is to get it right.
""",
        ),
        (
            "other-economic-communities",
            "Other forms of economic communities",
            """
Not every joint economic activity is a cooperative. The association also works with other **economic communities**:
forms in which people pool resources under shared rules.

- **Associations and unions** of legal entities coordinate the work of their members (for example, a union of
  cooperatives of one region) without trading themselves.
- **Condominium and property-owner associations** manage common property — a building, a car park, irrigation
  channels — on behalf of the owners.
- **Mutual insurance societies** pool the risks of members who insure one another.
- **Partnerships** (general and limited) are commercial forms in which partners share profit and, in the general
  partnership, unlimited liability.
- **Simple partnerships** — a contract between people who agree to act together for a common purpose without creating
  a legal entity — are common for one-off projects such as a joint purchase.

What unites these communities with cooperatives is the principle that the participants themselves govern the common
activity and share its results. What differs is the degree of formality, the liability of participants and the rules
of membership. When you present a cooperative project, be ready to explain why the cooperative form was chosen over
the others: usually because it combines open membership, democratic control and limited liability of members.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: types of cooperatives",
        "pass_mark": 2,
        "questions": [
            (
                S,
                "Members of which type of cooperative work personally in the common business?",
                [
                    ("Production cooperative", True),
                    ("Consumer cooperative", False),
                    ("Condominium association", False),
                ],
                "In a production cooperative, members' personal labour is the basis of participation.",
            ),
            (
                S,
                "Why are credit cooperatives regulated more tightly than other forms?",
                [
                    ("Because money itself is the product they handle for members", True),
                    ("Because they may not have more than ten members", False),
                    ("Because they are owned by the state", False),
                ],
                "Pooling and lending money carries risks that the law controls closely.",
            ),
            (
                S,
                "What do cooperatives and other economic communities have in common?",
                [
                    ("Participants govern the common activity and share its results", True),
                    ("They all have unlimited liability of members", False),
                    ("They are all commercial companies owned by investors", False),
                ],
                "Self-government by participants is the common principle.",
            ),
        ],
    },
}

LEGAL = {
    "title": "Legal support for the work of cooperatives",
    "summary": "The cooperative legislation of Kazakhstan, the benefits it provides, and self-regulation by the association.",
    "lessons": [
        (
            "cooperative-legislation",
            "Cooperative legislation of the Republic of Kazakhstan",
            """
Cooperatives in Kazakhstan work within several layers of law.

The **Civil Code** sets the general rules for legal entities: how they are created, how they are governed, the
difference between commercial and non-commercial organisations, and how they are reorganised and liquidated.
Production cooperatives are commercial organisations; consumer cooperatives are non-commercial.

Special laws then regulate each form: the Law **"On Consumer Cooperatives"**, the Law **"On Production
Cooperatives"**, the Law **"On Agricultural Cooperatives"** and the legislation on credit partnerships. They define
who may be a member, what the charter must contain, the competence of the general meeting and the board, the audit
commission, the rules for shares and contributions, and members' rights.

Around them sit the tax code, the law on state registration of legal entities, accounting rules and, for trading
cooperatives, consumer-protection and technical regulations.

Two practical lessons follow. First, **always work from the current text**: laws are amended, and the official
legal information system publishes the consolidated versions. Second, the **charter** is the cooperative's own
law within the limits of the statutes; a member who knows the charter and the law can defend their rights, and an
official who reads them will see that a disagreement at a general meeting is a normal democratic process, not a
scandal.
""",
        ),
        (
            "benefits-for-cooperatives",
            "Benefits provided for the activities of cooperatives",
            """
The state supports cooperatives because they raise the incomes of many small participants at once. Support changes
from year to year, so treat this lesson as a map of *kinds* of support, and check the current programmes before you
promise anything to anyone.

Typical measures include:

- **Tax treatment** adapted to the cooperative model: transactions between a cooperative and its members for their
  own needs are not the same as trading with outsiders, and special tax regimes exist for agricultural producers
  and their cooperatives.
- **Subsidies and preferential loans** under state programmes for agriculture and small business, often with
  priority for cooperatives because one loan reaches many producers.
- **Training and consulting** through development institutions and the association.
- **Access to public procurement and to processing and storage infrastructure** on favourable terms.

A benefit always comes with obligations: proper accounts, real membership, use of funds for the declared purpose.
Cooperatives created only on paper to receive subsidies discredit the whole movement and are pursued by the
authorities. When you present a project, describe the benefits precisely and name their source; never use them as
bait.
""",
        ),
        (
            "national-association-self-regulation",
            "The national association as a self-regulating organisation",
            """
The **National Association of Cooperatives and Other Forms of Economic Communities** is a self-regulating
organisation (SRO). Self-regulation means that the participants of a sector set and enforce standards for themselves,
within the law, instead of relying only on state inspection.

For cooperatives this includes:

- **Standards and model documents** — for example, the association's recommended model charter, which this course
  uses when we discuss founding a cooperative.
- **Training and accreditation** of specialists: chairmen, agents, business accelerators and certified suppliers.
  Accreditation is checked publicly in the association's registry.
- **Certification of suppliers**, so that cooperatives can buy from businesses whose conditions have been verified.
- **Dispute resolution** support and arbitration between members and cooperatives.
- **Dialogue with the state**: representing cooperatives before ministries, courts, prosecutors and the financial
  monitoring agency, and explaining how real cooperatives work.

For a citizen, the association's registries answer a simple and vital question: *is this person or this supplier
really accredited?* For a specialist, membership in the self-regulating system is a commitment to its standards —
and accreditation can be revoked if they are broken.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: legal support",
        "pass_mark": 2,
        "questions": [
            (
                S,
                "Which document is the cooperative's own 'law' within the limits of the statutes?",
                [
                    ("Its charter", True),
                    ("The chairman's personal contract", False),
                    ("An advertising leaflet", False),
                ],
                "The charter, adopted by the founders and registered, governs the cooperative.",
            ),
            (
                S,
                "What is the right attitude to state benefits when presenting a project?",
                [
                    ("Describe them precisely, name their source and check they are current", True),
                    ("Promise every listener a subsidy to get them to join", False),
                    ("Never mention them at all", False),
                ],
                "Benefits are real but conditional and changing; honesty builds trust.",
            ),
            (
                M,
                "What does the association do as a self-regulating organisation? Choose all that apply.",
                [
                    ("Accredits specialists and publishes a registry", True),
                    ("Recommends model documents such as a charter", True),
                    ("Guarantees a fixed return to every cooperative member", False),
                ],
                "Self-regulation sets standards; it guarantees no returns.",
            ),
        ],
    },
}

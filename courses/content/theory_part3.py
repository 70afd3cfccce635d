# ruff: noqa: E501 -- lesson prose and quiz texts are kept as written.
"""Theory module, first edition: sections 5–6 (purchasing system, attracting shareholders)."""

S, M = "single", "multiple"

PURCHASING = {
    "title": "The purchasing system of cooperatives",
    "summary": "Purchase offers, group purchasing, transparency, certified suppliers and resolving disputes.",
    "lessons": [
        (
            "purchase-offer",
            "Creating a purchase offer",
            """
A **purchase offer** is the cooperative's announcement to its members: *we intend to buy this product, in this
quantity, at about this price, by this date; who wants to take part?* It turns scattered individual needs into one
order.

A good offer states:

- the product and its specification (quality, packaging, brand or standard);
- the expected price per unit and what it includes — delivery, storage, the cooperative's handling costs;
- the minimum total quantity needed to get that price, and the deadline to join;
- how members pay (advance to the cooperative's account, or on delivery), and what happens if the minimum is not
  reached — usually, advances are returned in full;
- the delivery date and place.

Members respond with orders; the cooperative totals them and negotiates with suppliers. Because all conditions are
written in advance, every member can later compare the promise with what was delivered. The offer, the list of orders
and the supplier's invoice form the paper trail the audit commission will check.
""",
        ),
        (
            "cooperative-purchasing",
            "Cooperative purchasing to reduce prices",
            """
The economics of cooperative purchasing are simple: suppliers give lower prices for larger, predictable orders, and
the cooperative removes intermediaries' margins. A member who buys one bag of fertiliser pays retail; a cooperative
that buys a wagon pays close to the factory price.

To make this work:

- **Aggregate demand** through purchase offers and regular cycles (for example, monthly orders), so that suppliers
  can plan.
- **Compare offers** from several suppliers on the same specification; record the quotes received.
- **Negotiate** on total cost — price, delivery, payment terms, quality guarantees — not on price alone.
- **Add only real costs**: the cooperative's margin covers transport, storage, staff and a reserve approved by the
  general meeting. It is not a profit for the board.

Savings should be visible. Publish the supplier's price, the cooperative's costs per unit and the final price to
members. When members can see where every tenge goes, they keep ordering — and that volume is what keeps prices low.
""",
        ),
        (
            "procurement-transparency",
            "Transparency and accountability of procurement",
            """
Purchasing is where a cooperative is most exposed to abuse: kickbacks from suppliers, purchases from relatives of the
chairman, inflated prices. Transparency rules protect members and the honest managers alike.

Practical rules:

- **Written procedure** approved by the general meeting: who may order, up to what amount, how many quotes are needed.
- **Competitive quotes** kept on file, with the reason for the choice.
- **Conflict of interest**: a board member related to a supplier declares it and does not take part in the decision.
- **Open figures**: members can see the purchase prices, the quantities and the distribution of goods.
- **Reconciliation**: goods received are checked against invoices and against members' orders.
- **Audit**: the audit commission reviews procurement at least annually and reports to the meeting.

Digital tools help — a shared order list, published price sheets — but the principle is older than any software:
members' money is spent according to members' rules, and every member can check it.
""",
        ),
        (
            "certified-suppliers",
            "Certified suppliers",
            """
A **certified supplier** is a business that the association has checked and that commits to transparent conditions
when selling to cooperatives: published prices for cooperative volumes, quality documents, honest delivery terms and
cooperation with the cooperative's audit.

For a cooperative, buying from certified suppliers reduces risk: the supplier's identity, legal status and track
record have been verified, and there is a channel for complaints. It does not replace the cooperative's own
comparison of offers — certification is a minimum standard, not a guarantee of the best price.

For the supplier, certification opens access to a steady stream of aggregated orders from many cooperatives and is a
mark of trust. It can also be revoked if the supplier breaks its commitments.

*Certified supplier* is one of the four specialties of the Certification Center. A specialist in this field knows the
cooperative purchasing cycle from the supplier's side: how to respond to purchase offers, how to document quality and
pricing, and how to work with a cooperative's audit commission.
""",
        ),
        (
            "disputes-and-arbitration",
            "Rules for resolving disputes between members and arbitration",
            """
Disputes are normal in any organisation owned by many people: a member feels a delivery was short, another disagrees
with how surplus was distributed, a third is refused admission. What matters is that disputes are resolved **by rules
known in advance**.

A sensible ladder:

1. **Direct request** to the board in writing, with a deadline for an answer.
2. **Audit commission**: a member may ask it to check the facts.
3. **General meeting**: a member may ask for the question to be put on the agenda; a sufficient group of members can
   require an extraordinary meeting.
4. **Mediation or arbitration**: the charter may provide that disputes go to an arbitration body or mediator — the
   association offers support here — whose procedure is faster and more specialised than a court's.
5. **Court**: members keep the right to appeal decisions that violate the law or the charter.

Record every step in writing. A member who follows the procedure is exercising their rights, not causing a scandal —
and a cooperative that resolves disputes openly earns more trust than one that pretends it has none.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: purchasing system",
        "pass_mark": 3,
        "questions": [
            (
                S,
                "What should a purchase offer say about the case where the minimum quantity is not reached?",
                [
                    ("What happens to advances — usually they are returned in full", True),
                    ("Nothing; members should trust the board", False),
                    ("That advances are kept as a membership fee", False),
                ],
                "All conditions are written in advance so members can check them.",
            ),
            (
                S,
                "A board member's brother owns a supplier. What should happen?",
                [
                    ("The board member declares the conflict and does not take part in the decision", True),
                    ("The supplier is chosen automatically because it is trusted", False),
                    ("Nothing needs to be done if the price seems fair", False),
                ],
                "Declared conflicts of interest protect everyone.",
            ),
            (
                S,
                "What does certification of a supplier guarantee?",
                [
                    ("A verified minimum standard of identity and transparent conditions", True),
                    ("The lowest price on the market", False),
                    ("That the cooperative no longer needs to compare offers", False),
                ],
                "Certification is a minimum standard, not a best-price guarantee.",
            ),
            (
                M,
                "Which are legitimate steps in resolving a member's dispute? Choose all that apply.",
                [
                    ("A written request to the board", True),
                    ("Asking the audit commission to check the facts", True),
                    ("Arbitration or court if rights are violated", True),
                    ("Posting the member's personal data online to shame them", False),
                ],
                "Disputes are resolved by procedure, never by pressure.",
            ),
        ],
    },
}

SHAREHOLDERS = {
    "title": "Organising work to attract shareholders",
    "summary": "Cooperative agents, the business plan, the initial share value and dealings in shares.",
    "lessons": [
        (
            "working-with-agents",
            "Organising work with cooperative agents",
            """
A **cooperative agent** explains a cooperative project to potential members and shareholders. Agents are the
cooperative's face to the public, so the rules for their work protect the cooperative's reputation.

Rules that a well-run cooperative sets for its agents:

- An agent is **accredited** and can be checked in the association's registry; they carry proof of it.
- The agent presents **only approved materials**: the charter, the business plan summary, the current offer.
- Agents **never take cash** from the public; all payments go to the cooperative's account.
- Agents' remuneration is for **honest work** — presentations held, questions answered, people accurately informed —
  and is never a percentage of money "brought in" that depends on recruiting more recruiters.
- Agents **record results**: who attended, who subscribed for information, who bought a share, who recommended
  others — so the cooperative can follow up and the agent's work can be reviewed.

The last two rules are decisive. A structure in which people are paid for recruiting people who recruit more people
is the mechanism of a pyramid. An agent who understands this can answer the hardest objection in any presentation.
""",
        ),
        (
            "business-plan",
            "Developing a business plan for a cooperative project",
            """
A cooperative's **business plan** answers, in numbers, the question every potential member asks: *what will I gain,
and what does it cost?*

Its usual parts:

1. **The need and the offer** — what members get (lower prices, a market for produce, a service) and why the
   cooperative can provide it.
2. **Members and volumes** — how many members, how much each will buy, sell or use; this drives everything else.
3. **Operations** — suppliers, premises, equipment, staff, logistics.
4. **Investment** — what must be bought at the start and how it is financed: shares, loans, grants.
5. **Income and costs** — per year, with the cooperative's margin and where it goes.
6. **Risks** — what could go wrong (lower volumes, price changes, a key member leaving) and how the plan responds.
7. **Members' economics** — the effect on a typical member: how much they save or earn per year compared with today.

Base the plan on verifiable figures: supplier quotes, market prices, members' written expressions of interest. Show
a pessimistic scenario as well as the expected one. A plan that only shows growth is an advertisement, not a plan.
""",
        ),
        (
            "initial-share-value",
            "Determining the initial value of a share",
            """
The **share** (share contribution) is each member's stake in the cooperative's property. Its initial value is set by
the founding meeting in the charter or by a meeting decision.

How to set it:

- Start from the **capital the cooperative needs** at the beginning (from the business plan) and the part of it
  members will finance themselves.
- Divide by the **expected number of members**, adjusting for what members can actually afford. Too high a share
  excludes people; too low leaves the cooperative without working capital.
- Decide whether shares are **equal** for all, or whether there is a minimum compulsory share plus voluntary
  additional shares (for example, in proportion to expected use). Votes stay equal either way.
- Decide how shares may be paid — money, or property valued according to the charter's procedure.

Be clear about what a share is *not*: it is not a deposit with interest and not a ticket to a guaranteed income. It is
returned to a member who leaves, on the terms in the charter, and may be adjusted for the cooperative's results.
""",
        ),
        (
            "dealing-in-shares",
            "Sale, acquisition and resale of shares",
            """
Shares change hands in a few situations, each governed by the law and the charter.

- **Acquisition on joining**: a new member pays the entrance fee and the share into the cooperative's account and is
  entered in the members' register. The member receives a document confirming the share.
- **Additional shares**: a member may increase their share if the charter allows it, with the decision recorded.
- **Transfer to another person**: the charter may allow a member to transfer their share to another member or to a
  person who then joins; often other members have a priority right. The transfer is recorded in the register.
- **Return on leaving**: a member who leaves receives the value of their share within the period and by the
  procedure the charter sets.
- **Inheritance**: heirs may receive the share's value or, if the charter allows, join in the deceased member's place.

Two cautions. A share's value depends on the cooperative's real property and results; anyone promising that shares
will "grow" by a fixed percentage is describing something else. And every transaction must go through the cooperative's
register and accounts — a share "sold" privately without being recorded is a claim the cooperative does not know
about.
""",
        ),
    ],
    "quiz": {
        "title": "Quiz: attracting shareholders",
        "pass_mark": 3,
        "questions": [
            (
                S,
                "How should a cooperative agent be rewarded?",
                [
                    ("For honest work such as presentations held and people accurately informed", True),
                    ("A percentage of the money brought in by the people they recruit and their recruits", False),
                    ("In cash taken directly from new members", False),
                ],
                "Paying for recruiting recruiters is the mechanism of a pyramid.",
            ),
            (
                S,
                "What should a business plan show besides the expected scenario?",
                [
                    ("A pessimistic scenario and the risks", True),
                    ("Only growth, to motivate members", False),
                    ("The names of future members' relatives", False),
                ],
                "A plan that only shows growth is an advertisement.",
            ),
            (
                S,
                "What is a cooperative share?",
                [
                    ("A member's stake in the cooperative's property, returned on leaving per the charter", True),
                    ("A deposit that earns guaranteed interest", False),
                    ("A ticket that entitles the holder to recruit others for a fee", False),
                ],
                "Shares are ownership, not deposits.",
            ),
            (
                S,
                "A member privately sells their share to a stranger without telling the cooperative. Why is that a problem?",
                [
                    ("Transfers must follow the charter and be recorded in the members' register", True),
                    ("It is not a problem; shares are bearer securities", False),
                    ("Only because the stranger must pay in cash", False),
                ],
                "The register is the record of who owns what.",
            ),
        ],
    },
}

"""The certification center's four specialties and their banks of situational tasks."""

from django.db import migrations

SPECIALTIES = [
    (
        "chairman",
        "Chairman of a cooperative",
        "Leads the cooperative's board: general meetings, the charter, members' rights, reporting to the audit "
        "commission.",
        [
            (
                "chairman-quorum",
                "A general meeting without a quorum",
                "A consumer cooperative of 64 members has called its annual general meeting to approve the budget and "
                "elect two board members. At the start time 27 members are present and 6 have sent written proxies "
                "to other members. The charter requires more than half of all members for a quorum. Several members "
                "insist on voting anyway because 'those who stayed home agreed to everything'.",
                "Decide whether the meeting may take decisions, explain why to the members present, and describe "
                "the steps and deadlines for calling a repeat meeting under the charter.",
            ),
            (
                "chairman-pyramid-offer",
                "An offer that looks like a pyramid",
                "A company approaches the board offering to 'merge' with the cooperative: every member who brings "
                "three new members receives 30 % of their entrance fees, and the share value is promised to double "
                "within six months without any stated business activity. Two board members are enthusiastic.",
                "List the signs that distinguish this scheme from a lawful cooperative, state the board's duties "
                "to members, and draft the decision you would put to the board.",
            ),
            (
                "chairman-audit-findings",
                "Audit commission findings",
                "The audit commission reports that a purchase of feed worth 4,800,000 tenge was paid to a supplier "
                "owned by the chairman's brother without a competitive purchase offer, and that the minutes of the "
                "board meeting that approved it are missing.",
                "Explain what the chairman must do about the conflict of interest, how the members are to be "
                "informed, and what changes to the purchasing procedure you would propose to the general meeting.",
            ),
            (
                "chairman-member-exit",
                "A member leaves and asks for the share back",
                "A founding member announces she is leaving the cooperative and demands her share contribution and "
                "her part of last year's surplus in cash within a week. The cooperative's money is tied up in "
                "equipment bought on credit.",
                "Set out the member's rights on exit under the charter, the order and terms of settlement, and "
                "the written answer you would send her.",
            ),
        ],
    ),
    (
        "agent",
        "Cooperative agent",
        "Attracts shareholders to registered cooperative projects: presentations, business plans, share sales.",
        [
            (
                "agent-objection-pyramid",
                "'Isn't this just another pyramid?'",
                "During your presentation of a dairy cooperative project in a district centre, a man in the audience "
                "says his neighbours lost their savings in a 'cooperative' two years ago and that all such schemes "
                "are pyramids. Half of the hall nods.",
                "Answer the objection in front of the audience: explain how a member can check a cooperative "
                "(registration, charter, association membership, this registry) and what a member owns.",
            ),
            (
                "agent-share-price",
                "Setting the initial share value",
                "A group of 40 families wants to build a shared vegetable storage costing 36,000,000 tenge. A grant "
                "covers 30 % of the cost and a bank is ready to lend 40 % against a members' guarantee.",
                "Calculate the initial share value if each family buys one share to cover the rest, and explain "
                "how you would present the risks and the resale rules to the families.",
            ),
            (
                "agent-invitation-plan",
                "Fifty people for a presentation",
                "You must hold a presentation for at least 50 people in a village of 1,200 residents in two weeks. "
                "You have a list of 35 phone numbers from the previous level and an active village chat group.",
                "Draw up an invitation plan with channels, dates and expected turnout, and explain how you will "
                "record attendance and subscriptions honestly.",
            ),
            (
                "agent-resale",
                "A shareholder wants to sell to an outsider",
                "A shareholder of a meat-processing cooperative wants to sell his share to a trader from another "
                "region at twice its nominal value. Other members object.",
                "Explain the procedure for the sale and resale of shares under the charter, the members' "
                "pre-emption right, and how you would mediate between the parties.",
            ),
        ],
    ),
    (
        "accelerator",
        "Cooperative business accelerator",
        "Prepares cooperative projects for launch: business plans, registration, financing, mentoring boards.",
        [
            (
                "accelerator-business-plan",
                "A business plan with a hidden gap",
                "Beekeepers of a district bring a business plan for a honey-packing cooperative. Sales assume the "
                "whole harvest is sold at retail prices from the first month; no working capital is planned for "
                "jars and labels.",
                "Identify the weaknesses of the plan, propose corrected assumptions, and describe what the "
                "founders must prepare before registration.",
            ),
            (
                "accelerator-registration",
                "From founding meeting to registration",
                "Eleven farmers have agreed to found a machinery-sharing cooperative. None of them has registered a "
                "legal entity before, and they want to start using the tractors next month.",
                "Lay out the steps and documents from the founding meeting to state registration, with a realistic "
                "timeline, and the decisions the founding meeting must take.",
            ),
            (
                "accelerator-financing",
                "Choosing the financing",
                "A women's sewing cooperative of 15 members needs 9,000,000 tenge for equipment. Options: a state "
                "concessional loan at 6 % for 5 years, a leasing company at 14 %, or raising additional shares.",
                "Compare the options for the cooperative, name the documents each requires, and recommend one "
                "with reasons the members can understand.",
            ),
            (
                "accelerator-conflict",
                "Founders fall out",
                "Three months after registration, two founders of a fruit-drying cooperative stop attending board "
                "meetings and start selling their produce to a private buyer, breaking the supply agreement.",
                "Propose how to resolve the dispute under the charter and the internal rules, including "
                "arbitration, and how to prevent it in other projects you accelerate.",
            ),
        ],
    ),
    (
        "supplier",
        "Certified supplier",
        "Supplies cooperatives under group purchases: transparent offers, quality and delivery obligations.",
        [
            (
                "supplier-group-offer",
                "Answering a group purchase offer",
                "Six cooperatives publish a joint purchase offer for 120 tonnes of mineral fertiliser with delivery "
                "to three district warehouses within 20 days and payment 30 % in advance.",
                "Prepare your offer: price structure, discounts for volume, delivery schedule, documents, and the "
                "guarantees you give for the advance payment.",
            ),
            (
                "supplier-quality-claim",
                "A quality claim after delivery",
                "A cooperative reports that 8 of 50 delivered milk cooling tanks leak and demands replacement within "
                "a week; your manufacturer needs a month to ship new ones.",
                "Describe how you handle the claim: inspection, interim solution, written answer, and what the "
                "supply contract should have said.",
            ),
            (
                "supplier-kickback",
                "An offer of a kickback",
                "The procurement manager of a large cooperative hints that your bid will win if you add 'a small "
                "consulting fee' for him to the price.",
                "Explain what you do, why, and how the transparency rules of cooperative purchasing protect both "
                "the members and honest suppliers.",
            ),
        ],
    ),
]


def load(apps, schema_editor):
    Specialty = apps.get_model("accreditation", "Specialty")
    SituationalTask = apps.get_model("accreditation", "SituationalTask")
    for position, (code, name, description, tasks) in enumerate(SPECIALTIES, start=1):
        specialty, _ = Specialty.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )
        for task_code, title, situation, assignment in tasks:
            SituationalTask.objects.update_or_create(
                code=task_code,
                defaults={"specialty": specialty, "title": title, "situation": situation, "assignment": assignment},
            )


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

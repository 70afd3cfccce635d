"""The theory module's content, first edition: loaded by migration 0004, edited in the admin afterwards.

Each section: title, summary, lessons [(slug, title, Markdown body)], and a quiz with its pass mark
(correct answers needed) and questions [(kind, text, [(option, correct)], explanation)].
"""

from .theory_part1 import INTRODUCTION, LEGAL, TYPES
from .theory_part2 import ORGANISING
from .theory_part3 import PURCHASING, SHAREHOLDERS
from .theory_part4 import LEGAL_LITERACY, PRACTICAL_RULES, ROAD_SHOW

SECTIONS = [
    INTRODUCTION,
    TYPES,
    LEGAL,
    ORGANISING,
    PURCHASING,
    SHAREHOLDERS,
    ROAD_SHOW,
    LEGAL_LITERACY,
    PRACTICAL_RULES,
]

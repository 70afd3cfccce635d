from .programs import (
    Allocation,
    CategoryPlan,
    Contractor,
    ContractorDocument,
    ExpenseLine,
    HostCooperative,
    Participant,
    Program,
    ProgramDocument,
    Signature,
)
from .reference import Category, FiscalYear, Fund, ProgramType, ProvinceProfile, RequiredDocument, ServiceItem, SplitWeight

__all__ = [
    "Allocation",
    "Category",
    "CategoryPlan",
    "Contractor",
    "ContractorDocument",
    "ExpenseLine",
    "FiscalYear",
    "Fund",
    "HostCooperative",
    "Participant",
    "Program",
    "ProgramDocument",
    "ProgramType",
    "ProvinceProfile",
    "RequiredDocument",
    "ServiceItem",
    "Signature",
    "SplitWeight",
]

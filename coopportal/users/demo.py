"""Demo accounts: one per role, `<key>@demo.local`, seeded by `manage.py seed_demo`."""

from dataclasses import dataclass

from .models import CommitteeSeat, Region, User
from .roles import Role, requires_mfa
from .services import assign_seat, ensure_totp_secret, ensure_user

DEMO_DOMAIN = "demo.local"
DEMO_PROVINCE = "ir-tehran"
DEMO_COHORT_REGION = "kz-almaty"


@dataclass(frozen=True)
class DemoAccount:
    key: str
    full_name: str
    roles: tuple[Role, ...]
    region_code: str | None = None
    seat: CommitteeSeat.Kind | None = None
    language: str = "en"
    is_staff: bool = False
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


DEMO_ACCOUNTS = (
    DemoAccount("student", "Demo Student", (Role.STUDENT,), DEMO_COHORT_REGION, language="ru"),
    DemoAccount("student2", "Demo Student Two", (Role.STUDENT,), DEMO_COHORT_REGION, language="kk"),
    DemoAccount("teacher", "Demo Teacher", (Role.TEACHER,), DEMO_COHORT_REGION, language="ru", is_staff=True),
    DemoAccount("committee", "Demo Committee Member", (Role.EXAM_COMMITTEE,), DEMO_COHORT_REGION, language="ru"),
    DemoAccount("officer", "Demo Provincial Officer", (Role.PROVINCIAL_OFFICER,), DEMO_PROVINCE, language="fa"),
    DemoAccount("seat-deputy", "Demo Deputy Seat", (), DEMO_PROVINCE, CommitteeSeat.Kind.DEPUTY, "fa"),
    DemoAccount("seat-director", "Demo Director Seat", (), DEMO_PROVINCE, CommitteeSeat.Kind.DIRECTOR, "fa"),
    DemoAccount("seat-comptroller", "Demo Comptroller Seat", (), DEMO_PROVINCE, CommitteeSeat.Kind.COMPTROLLER, "fa"),
    DemoAccount("hq", "Demo HQ Officer", (Role.HQ_OFFICER,), language="fa", is_staff=True),
    DemoAccount(
        "admin", "Demo Administrator", (Role.ASSOCIATION_ADMIN,), language="en", is_staff=True, is_superuser=True
    ),
)


def demo_user(key: str) -> User:
    return User.objects.get(email=f"{key}@{DEMO_DOMAIN}")


def seed(*, password: str, out) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in=[DEMO_PROVINCE, DEMO_COHORT_REGION])}
    rows = []
    for account in DEMO_ACCOUNTS:
        user, _ = ensure_user(
            email=account.email,
            password=password,
            full_name=account.full_name,
            roles=account.roles,
            region=regions.get(account.region_code),
            language=account.language,
            is_staff=account.is_staff,
            is_superuser=account.is_superuser,
        )
        if account.seat:
            assign_seat(user=user, region=regions[account.region_code], kind=account.seat)
        secret = ensure_totp_secret(user) if requires_mfa(user) else ""
        rows.append((account.email, user.language, secret))
    out.write(f"\nDemo logins (password: {password}):")
    for email, language, secret in rows:
        out.write(f"  {email:<28} {language:<3} {'TOTP secret: ' + secret if secret else ''}".rstrip())

from .models import AuditEntry


def record_action(*, actor, action: str, target, details: dict | None = None) -> AuditEntry:
    """Write one audit row; call it inside the transaction of the change it records."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        details=details or {},
    )

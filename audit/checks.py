from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def retention_at_least_six_months(app_configs, **kwargs):
    from audit.services import MIN_RETENTION_MONTHS

    months = getattr(settings, "AUDIT_RETENTION_MONTHS", MIN_RETENTION_MONTHS)
    if not isinstance(months, int) or months < MIN_RETENTION_MONTHS:
        return [
            checks.Error(
                f"AUDIT_RETENTION_MONTHS is {months!r}: access logs must be kept at least "
                f"{MIN_RETENTION_MONTHS} months (PIPL art. 55, 等保 2.0).",
                id="audit.E001",
            )
        ]
    return []

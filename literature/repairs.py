"""Applying the link repairs the audit proposes (malformed CNKI links that lost their "&" separators)."""

from django.db import transaction

from lbc_site.rules import is_web_url
from literature import audit
from literature.models import AuditFinding, LinkRepair


def link_repairs_apply(*, findings, user) -> list[LinkRepair]:
    """Set each finding's reference's URL to the proposed address, record the change (LinkRepair) and audit the
    references again. The printed citation text stays as printed. Findings without a proposal, or whose
    reference's URL has changed since the audit, are skipped. Saving the references moves the library's content
    version, so every page that shows them is built again."""
    repairs = []
    with transaction.atomic():
        rows = AuditFinding.objects.filter(pk__in=[f.pk for f in findings]).repairable().select_related("reference")
        for finding in rows:
            reference = finding.reference
            proposed = finding.proposed_url
            if not is_web_url(proposed) or reference.url == proposed or any(r.reference == reference for r in repairs):
                continue
            repair = LinkRepair(reference=reference, old_url=reference.url, new_url=proposed, applied_by=user)
            repair.reason = finding.message
            repairs.append(repair)
            reference.url = proposed
            reference.save()
        LinkRepair.objects.bulk_create(repairs)
        audit.refresh(repair.reference.pk for repair in repairs)
    return repairs

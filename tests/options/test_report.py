
import pytest
from django.utils import timezone

from tests.documents import docx_text, pdf_text
from videreforing.audit.models import AuditEntry
from videreforing.documents.models import GeneratedDocument
from videreforing.options import services
from videreforing.options.report import generate_report
from videreforing.programmes import services as programme_services

pytestmark = pytest.mark.django_db


def test_report_versions_carry_alternatives_totals_and_recommendation(owner, scored):
    analysis = scored["analysis"]
    services.update_texts(user=owner, analysis=analysis, expected_version=analysis.version,
                          recommendation="Prosjektgruppen anbefaler Meløy Utvikling KF.",
                          proposed_decision="Omstillingsstyret ber om et forprosjekt for KF.")
    first = generate_report(user=owner, analysis=analysis)
    second = generate_report(user=owner, analysis=analysis)
    assert (first.version, second.version) == (1, 2)
    for text in (docx_text(bytes(first.docx)), pdf_text(bytes(first.pdf))):
        assert "Forstudierapport" in text
        assert "Meløy Utvikling KF" in text and "Utviklingsselskap AS" in text
        assert "7,10" in text
        assert "Prosjektgruppen anbefaler Meløy Utvikling KF." in text
        assert "Omstillingsstyret ber om et forprosjekt for KF." in text
        assert "Hvordan kan kommunen legge til rette for næringsutvikling?" in text
    assert "{{" not in docx_text(bytes(first.docx))
    assert AuditEntry.objects.filter(action="options.report.generated").count() == 2


def test_default_recommendation_names_the_leader(owner, scored):
    services.set_score(user=owner, analysis=scored["analysis"], alternative=scored["as"],
                       criterion=scored["business"], score=6, reason="Lavere")
    document = generate_report(user=owner, analysis=scored["analysis"])
    text = docx_text(bytes(document.docx))
    assert "anbefaler alternativet «Meløy Utvikling KF»" in text
    assert "forretningsplan for alternativet «Meløy Utvikling KF»" in text


def test_gate_decision_links_to_the_report_version(owner, programme, scored):
    document = generate_report(user=owner, analysis=scored["analysis"])
    programme_services.start_phase(user=owner, programme=programme, kind="pre_study")
    decision = programme_services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=timezone.localdate(), outcome="approved", document=document)
    assert decision.document == document
    entry = AuditEntry.objects.get(action="programmes.gate.approved")
    assert entry.data["document_id"] == document.pk
    assert GeneratedDocument.objects.get(pk=document.pk).gate_decisions.get() == decision

"""Documents for suppliers contain nothing meant only for the buyer (issue 9, point 6):
every generated supplier document (request for tenders, award letters in Word and PDF
and as the notice's e-mail text, to every bidder) is read back and searched for rule ids
and the buyer's guidance."""

import re
from datetime import time
from decimal import Decimal

import pytest

from tests.documents import docx_text, pdf_text
from videreforing.procurement import documents, services
from videreforing.procurement.info import regime_info
from videreforing.procurement.models import Tender
from videreforing.rules import procurement as rules

pytestmark = pytest.mark.django_db

# Rule ids of RULES.md (P-100K, R-TENDER, F-PERIOD …) and the regulations' references.
RULE_ID = re.compile(r"\b[A-Z]{1,3}-[A-Z0-9]{2,}\b|FOA\s*§|KOFA\s+\d")
GUIDANCE = [
    "Det vanlige er å invitere tre eller flere konsulentmiljøer",
    "Kunngjøring i Doffin er frivillig",
    "konsulentmiljøer",
]


def _supplier_documents(tender: Tender) -> dict[str, str]:
    texts = {"konkurransegrunnlag.docx": docx_text(documents.tender_document_docx(tender))}
    for bid in tender.bids.select_related("supplier"):
        name = bid.supplier.name
        texts[f"tildelingsbrev {name}.docx"] = docx_text(
            documents.award_letter_docx(tender, bid))
        texts[f"tildelingsbrev {name}.pdf"] = pdf_text(
            documents.award_letter_pdf(tender, bid))
        # The notice's e-mail body (P-NOTICE): the same letter as plain text.
        texts[f"meddelelse {name}.txt"] = documents.award_letter_text(
            documents.award_letter_context(tender, bid))
    return texts


@pytest.mark.parametrize("value", [50_000, 450_000, 1_500_000, 3_000_000])
def test_no_rule_id_and_no_guidance_in_supplier_documents(owner, closed_tender, value):
    tender = closed_tender["tender"]
    Tender.objects.filter(pk=tender.pk).update(estimated_value=value,
                                               authority_org_number="974760673")
    tender.refresh_from_db()
    # Every regime (below the rules, part I, II, III): its buyer guidance differs.
    tender.regime = rules.regime(Decimal(value), services.current_limits())
    tender.save(update_fields=["regime"])
    tender = services.award_tender(user=owner, tender=tender, bid=closed_tender["a"])
    # What the buyer is told on the tender page must not reach the suppliers.
    guidance = GUIDANCE + [line for line in regime_info(tender).consequences]
    texts = _supplier_documents(tender)
    assert len(texts) == 1 + 3 * 3
    for name, text in texts.items():
        assert not RULE_ID.search(text), (name, RULE_ID.search(text).group(0))
        for sentence in guidance:
            assert sentence not in text, (name, sentence)
        assert "Meløy kommune, org.nr. 974760673" in text, name
        assert "{{" not in text and "{%" not in text, name


def test_the_request_for_tenders_says_what_suppliers_need(owner, scored_tender):
    tender = scored_tender["tender"]
    services.add_requirement(user=owner, tender=tender, text="Skatteattest",
                             documentation="Ikke eldre enn seks måneder")
    tender = services.update_tender(user=owner, tender=tender,
                                    authority_org_number="974760673")
    text = docx_text(documents.tender_document_docx(tender))
    assert "Oppdragsgiver: Meløy kommune, org.nr. 974760673" in text
    assert "Lede forstudiet og forprosjektet." in text  # the assignment
    assert "Skatteattest | Ikke eldre enn seks måneder" in text  # qualification
    assert "Pris | 40 %" in text and "Kompetanse | 60 %" in text  # criteria, weights
    assert "Et tilbud med dobbelt så høy pris som det laveste får 0 poeng" in text
    # The scale, without contradicting the price formula: the linear price points have
    # no lower limit (rules.linear_price_points), the other criteria run from 0 to 10.
    assert "mer enn dobbelt så dyrt som det laveste, får negative poeng" in text
    assert "Hvert kriterium gis fra 0 til 10 poeng" not in text
    assert "Kriteriene utenom pris gis fra 0 til 10 poeng; pris gis poeng etter " \
           "formelen for prismodellen." in text
    assert rules.price_points("linear", Decimal(500), Decimal(200)) < 0  # as said
    assert "Tilbudsfrist: 31. januar 2099 kl. 12.00" in text  # date and time
    # Where: by default to the person who set up the tender, or as corrected.
    assert f"Tilbudet leveres skriftlig til {owner.email} innen fristen." in text
    tender = services.update_tender(user=owner, tender=tender,
                                    submission_address="postmottak@meloy.kommune.no",
                                    deadline_time=time(9, 30))
    text = docx_text(documents.tender_document_docx(tender))
    assert "Tilbudsfrist: 31. januar 2099 kl. 09.30" in text
    assert "leveres skriftlig til postmottak@meloy.kommune.no innen fristen." in text
    assert "Omstilling Meløy" not in text  # the programme is not the buyer


def test_the_record_for_the_buyer_keeps_the_rule_ids(owner, closed_tender):
    tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                   bid=closed_tender["a"])
    text = docx_text(documents.procurement_record_docx(tender))
    assert "P-LINEAR" in text  # the buyer's document may name the rule it followed


def test_the_record_shows_every_score_justification_and_exclusion(owner, closed_tender):
    """The buyer's record (P-PROTOCOL): each criterion's score and justification for every
    bid, in Word and PDF, and the excluded bid with its reason."""
    tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                   bid=closed_tender["a"])
    docx = docx_text(documents.procurement_record_docx(tender)).replace("\xa0", " ")
    pdf = pdf_text(documents.procurement_record_pdf(tender))
    # Alfa 200 000 (lowest qualified): price 10; Beta 250 000: 10 − 10 × 50/200 = 7,5.
    assert "Alfa Råd AS | Pris | 10,00 | Beregnet fra prisen 200 000 kr." in docx
    assert "Alfa Råd AS | Kompetanse | 8,00 | God erfaring" in docx
    assert "Beta Analyse AS | Pris | 7,50 |" in docx
    assert "Beta Analyse AS | Kompetanse | 9,00 | Svært god erfaring" in docx
    assert "Gamma Konsult AS | Kompetanse | 10,00 | –" in docx
    assert "Ikke kvalifisert: Mangler skatteattest" in docx
    for text in ("God erfaring", "Svært god erfaring", "Beregnet fra prisen",
                 "Ikke kvalifisert: Mangler skatteattest", "Oppdragsgiver: Meløy kommune"):
        assert text in pdf, text


def test_the_request_for_tenders_says_proportional_price_points_stay_above_0(
        owner, scored_tender):
    price = scored_tender["price"]
    services.update_criterion(user=owner, criterion=price, expected_version=price.version,
                              price_model="proportional")
    text = docx_text(documents.tender_document_docx(scored_tender["tender"]))
    assert "Et tilbud med dobbelt så høy pris som det laveste får 5 poeng." in text
    assert "Poengene for pris blir aldri lavere enn 0." in text
    assert "negative poeng" not in text and "Hvert kriterium gis fra 0 til 10" not in text
    assert rules.price_points("proportional", Decimal(10**9), Decimal(1)) > 0  # as said

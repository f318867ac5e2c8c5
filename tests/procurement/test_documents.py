import pytest

from tests.documents import docx_text, pdf_text
from videreforing.procurement import documents, services

pytestmark = pytest.mark.django_db


def test_tender_document_has_assignment_requirements_criteria_model_and_deadline(
        owner, scored_tender):
    tender = scored_tender["tender"]
    services.add_requirement(user=owner, tender=tender, text="Skatteattest",
                             documentation="Attest ikke eldre enn 6 måneder")
    text = docx_text(documents.tender_document_docx(tender))
    assert "Prosessleder forstudium og forprosjekt" in text
    assert "Lede forstudiet og forprosjektet." in text
    assert "Skatteattest | Attest ikke eldre enn 6 måneder" in text
    assert "Pris | 40 %" in text and "Kompetanse | 60 %" in text
    assert "Prisen gis poeng lineært: laveste pris får 10 poeng" in text
    assert "Oppdragsgiver: Meløy kommune" in text
    assert "31. januar 2099" in text
    assert "{{" not in text and "{%" not in text


def test_record_docx_and_pdf_name_criteria_weights_ranking_and_winner(owner, closed_tender):
    tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                   bid=closed_tender["a"])
    for text in (docx_text(documents.procurement_record_docx(tender)),
                 pdf_text(documents.procurement_record_pdf(tender))):
        assert "Anskaffelsesprotokoll" in text
        assert "Pris" in text and "40 %" in text and "Kompetanse" in text and "60 %" in text
        assert "Alfa Råd AS (974760673)" in text
        assert "8,80" in text and "8,40" in text
        assert "Ikke kvalifisert: Mangler skatteattest" in text


def test_award_letters_for_winner_and_the_others(owner, closed_tender):
    tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                   bid=closed_tender["a"])
    winner = docx_text(documents.award_letter_docx(tender, closed_tender["a"]))
    other = docx_text(documents.award_letter_docx(tender, closed_tender["b"]))
    assert "Melding om tildeling" in winner and "Vi har valgt ditt tilbud" in winner
    assert "Melding om valg av leverandør" in other
    # The chosen supplier with its organisation number, in Word as in the PDF.
    assert "Valgt leverandør: Alfa Råd AS (org.nr. 974760673) med 8,80 poeng." in other
    assert "Ditt tilbud: rang 2 med 8,40 poeng." in other
    pdf = pdf_text(documents.award_letter_pdf(tender, closed_tender["b"]))
    assert "Melding om valg av leverandør" in pdf and "Alfa Råd AS" in pdf
    assert "Valgt leverandør: Alfa Råd AS (org.nr. 974760673) med 8,80 poeng." in pdf
    # The winner is told once that its bid was chosen, with its points and rank; the
    # criterion table stays.
    assert "Ditt tilbud er valgt, med 8,80 poeng (rang 1)." in winner
    assert "Valgt leverandør: Alfa" not in winner and "Ditt tilbud: rang" not in winner
    assert "Pris | 40 % | 10,00 | 10,00" in winner
    winner_pdf = pdf_text(documents.award_letter_pdf(tender, closed_tender["a"]))
    assert "Ditt tilbud er valgt, med 8,80 poeng (rang 1)." in winner_pdf
    assert "Valgt leverandør: Alfa" not in winner_pdf


def test_doffin_notice_says_voluntary_below_the_national_threshold(scored_tender):
    text = documents.doffin_notice(scored_tender["tender"])
    assert text.startswith("Frivillig kunngjøring: Prosessleder forstudium og forprosjekt")
    assert "Pris 40 %, Kompetanse 60 %" in text

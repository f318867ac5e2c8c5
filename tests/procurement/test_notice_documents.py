"""The notice of the award (meddelelse) to every bidder and the procurement record's
steps (P-NOTICE, P-PROTOCOL; issue 9, points 5 and 6): the reasons with every
criterion's points for the winner and the bidder, the winner's relative advantages, the
standstill in parts II and III only, nothing meant only for the buyer; the letters are
e-mailed to every bidder with an address; the record names the announcement, the notice
and the contract."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.documents import docx_text, pdf_text
from tests.procurement.helpers import pass_deadline
from tests.procurement.test_supplier_documents import GUIDANCE, RULE_ID
from videreforing.procurement import documents, services
from videreforing.procurement.info import regime_info
from videreforing.procurement.models import Tender

pytestmark = pytest.mark.django_db

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember"]
ADVANTAGES = "Lavest pris blant de kvalifiserte tilbudene."


def in_words(day: date) -> str:
    """A date as the letters write it in Norwegian: "5. mars 2025"."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _letters(tender: Tender) -> dict[str, str]:
    """Every bidder's notice in Word, PDF and as the e-mail's text."""
    texts = {}
    for bid in tender.bids.select_related("supplier"):
        name = bid.supplier.name
        texts[f"{name}.docx"] = docx_text(
            documents.award_letter_docx(tender, bid)).replace("\xa0", " ")
        texts[f"{name}.pdf"] = pdf_text(documents.award_letter_pdf(tender, bid))
        texts[f"{name}.txt"] = documents.award_letter_text(
            documents.award_letter_context(tender, bid))
    return texts


@pytest.fixture
def part_2_tender(owner, scored_tender):
    """The scored tender above the national threshold (part II), announced in Doffin 40
    days ago, its deadline 30 days ago."""
    tender = services.update_tender(user=owner, tender=scored_tender["tender"],
                                    estimated_value=2_000_000,
                                    authority_org_number="974760673")
    assert tender.regime == Tender.Regime.PART_2
    tender = services.announce_tender(user=owner, tender=tender, announced_on=ago(40),
                                      channels=["doffin"], reference="2025-104233")
    pass_deadline(tender, days=30)
    return scored_tender | {"tender": tender}


def _award_and_notify(owner, tender, bid, **notice):
    tender = services.award_tender(user=owner, tender=tender, bid=bid, decided_on=ago(25))
    return services.send_notice(user=owner, tender=tender, sent_on=ago(20), **notice)


def test_part_2_notice_gives_reasons_advantages_and_the_standstill(owner, part_2_tender):
    t = part_2_tender
    tender = _award_and_notify(owner, t["tender"], t["a"], advantages=ADVANTAGES)
    assert tender.standstill_ends == ago(10)
    ends = in_words(ago(10))
    texts = _letters(tender)
    assert len(texts) == 3 * 3
    guidance = GUIDANCE + list(regime_info(tender).consequences)
    for name, text in texts.items():
        # The contracting authority, the assignment and the chosen supplier.
        assert "Meløy kommune, org.nr. 974760673" in text, name
        assert "Prosessleder forstudium og forprosjekt" in text, name
        assert "Alfa Råd AS" in text, name
        assert ADVANTAGES in text, name
        assert ("Kontrakt vil ikke bli inngått før karensperioden er ute. Karensperioden "
                f"løper til og med {ends}.") in text, name
        # Nothing meant only for the buyer.
        assert not RULE_ID.search(text), (name, RULE_ID.search(text).group(0))
        for sentence in guidance:
            assert sentence not in text, (name, sentence)
        assert "{{" not in text and "{%" not in text, name
    # Beta's letter: each criterion with its weight, the winner's and Beta's points
    # (price: Alfa 200 000 lowest → 10; Beta 250 000 → 7,5) and the weighted totals.
    beta = texts["Beta Analyse AS.docx"]
    assert "Pris | 40 % | 10,00 | 7,50" in beta
    assert "Kompetanse | 60 % | 8,00 | 9,00" in beta
    assert "Totalpoeng (vektet) |  | 8,80 | 8,40" in beta
    pdf = texts["Beta Analyse AS.pdf"]
    for expected in ("Pris 40 % 10,00 7,50", "Kompetanse 60 % 8,00 9,00",
                     "Totalpoeng (vektet) 8,80 8,40"):
        assert expected in pdf, expected
    mail_text = texts["Beta Analyse AS.txt"]
    assert "Pris (40 %): valgt leverandør 10,00, ditt tilbud 7,50" in mail_text
    assert "Kompetanse (60 %): valgt leverandør 8,00, ditt tilbud 9,00" in mail_text
    assert "Totalpoeng (vektet): valgt leverandør 8,80, ditt tilbud 8,40" in mail_text
    # The excluded bid: why it was not evaluated, and the winner's points only.
    gamma = texts["Gamma Konsult AS.docx"]
    assert "Begrunnelse: Mangler skatteattest" in gamma
    assert "Pris | 40 % | 10,00 | –" in gamma
    assert "Ditt tilbud: rang" not in gamma
    assert "Melding om tildeling" in texts["Alfa Råd AS.pdf"]


def test_a_letter_before_the_notice_counts_the_standstill_from_the_sending(
        owner, part_2_tender):
    t = part_2_tender
    tender = services.award_tender(user=owner, tender=t["tender"], bid=t["a"],
                                   decided_on=ago(25))
    text = docx_text(documents.award_letter_docx(tender, t["b"]))
    today_plus_10 = in_words(timezone.localdate() + timedelta(days=10))
    assert "regnet fra dagen meddelelsen sendes" in text
    assert f"løper karensperioden til og med {today_plus_10}." in text
    # No advantages written yet: the first wording from the scores (Alfa best on price).
    assert "Pris: best eller likt med de beste (10 av 10 poeng)." in text


def test_part_1_notice_has_no_standstill(owner, closed_tender):
    tender = closed_tender["tender"]
    assert tender.regime == Tender.Regime.PART_1
    tender = services.award_tender(user=owner, tender=tender, bid=closed_tender["b"],
                                   reason="Best kompetanse, som oppdraget krever.")
    tender = services.send_notice(user=owner, tender=tender)
    assert tender.standstill_ends is None
    texts = _letters(tender)
    for name, text in texts.items():
        assert "karensperiode" not in text.lower(), name
        assert "Kontrakt vil ikke bli inngått" not in text, name
        # Beta was ranked second: the reason for choosing it, and the default advantages.
        assert "Begrunnelse for valget: Best kompetanse, som oppdraget krever." in text, name
        assert "Kompetanse: best eller likt med de beste (9 av 10 poeng)." in text, name
        assert not RULE_ID.search(text), (name, RULE_ID.search(text).group(0))
    assert "Kompetanse | 60 % | 9,00 | 8,00" in texts["Alfa Råd AS.docx"]
    # The record says why there is none, by the regime.
    record = docx_text(documents.procurement_record_docx(tender))
    assert ("Karensperiode: Ingen karensperiode (konkurransen følger del I av forskriften)"
            in record)
    Tender.objects.filter(pk=tender.pk).update(regime=Tender.Regime.BELOW)
    tender.refresh_from_db()
    record = pdf_text(documents.procurement_record_pdf(tender))
    assert ("Karensperiode: Ingen karensperiode (under terskelverdien for regelverket)"
            in record)


def test_the_notice_is_mailed_to_every_bidder_with_an_address(
        owner, part_2_tender, django_capture_on_commit_callbacks):
    t = part_2_tender
    tender = services.award_tender(user=owner, tender=t["tender"], bid=t["a"],
                                   decided_on=ago(25))
    mail.outbox.clear()  # the award may have invited the process leader
    with django_capture_on_commit_callbacks(execute=True):
        services.send_notice(user=owner, tender=tender, sent_on=ago(20),
                             advantages=ADVANTAGES)
    # Alfa by the bid's contact, Beta by the register's address; Gamma has none.
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    assert set(by_address) == {"anne@alfa.example", "post@beta.example"}
    ends = in_words(ago(10))
    for address, supplier in (("anne@alfa.example", "Alfa Råd AS"),
                              ("post@beta.example", "Beta Analyse AS")):
        message = by_address[address]
        assert "Prosessleder forstudium og forprosjekt" in message.subject
        assert f"Karensperioden løper til og med {ends}." in message.body
        assert ADVANTAGES in message.body
        assert not RULE_ID.search(message.body)
        [(filename, content, mimetype)] = message.attachments
        assert filename.endswith(".pdf") and mimetype == "application/pdf"
        attached = pdf_text(content)
        assert f"Til: {supplier}" in attached
        assert f"Karensperioden løper til og med {ends}." in attached
    assert by_address["anne@alfa.example"].subject.startswith("Melding om tildeling")
    assert by_address["post@beta.example"].subject.startswith(
        "Melding om valg av leverandør")
    assert "Pris (40 %): valgt leverandør 10,00, ditt tilbud 7,50" in (
        by_address["post@beta.example"].body)


def test_the_record_names_announcement_award_notice_and_contract(owner, part_2_tender):
    t = part_2_tender
    tender = _award_and_notify(owner, t["tender"], t["a"], advantages=ADVANTAGES)
    before = docx_text(documents.procurement_record_docx(tender))
    assert "Kontrakten er ikke registrert." in before
    services.record_contract(user=owner, tender=tender, signed_on=ago(5), value=190_000,
                             period_start=ago(5), period_end=ago(5) + timedelta(days=365),
                             contact_name="Anne Alfa")
    tender.refresh_from_db()
    docx = docx_text(documents.procurement_record_docx(tender)).replace("\xa0", " ")
    pdf = pdf_text(documents.procurement_record_pdf(tender)).replace("\xa0", " ")
    for text in (docx, pdf):
        assert f"Kunngjort: {in_words(ago(40))}" in text
        assert "Kunngjort i: Doffin" in text
        assert "Kunngjøringsnummer: 2025-104233" in text
        assert "Kunngjøringsnummer eller inviterte" not in text
        assert f"Tildeling besluttet: {in_words(ago(25))}" in text
        assert f"Meddelelse sendt: {in_words(ago(20))}" in text
        assert f"10 dager, til og med {in_words(ago(10))}" in text
        assert f"Signert: {in_words(ago(5))}" in text
        assert "190 000 kr" in text
        assert (f"{in_words(ago(5))} – {in_words(ago(5) + timedelta(days=365))}") in text
        assert "Anne Alfa" in text and "anne@alfa.example" in text
        assert ADVANTAGES in text
        # What was there stays: every score with its justification, the exclusion.
        assert "Svært god erfaring" in text
        assert "Ikke kvalifisert: Mangler skatteattest" in text
    assert "Kontrakten er ikke registrert." not in docx
    assert "Alfa Råd AS | Kompetanse | 8,00 | God erfaring" in docx


def test_the_record_of_an_invited_competition_names_the_channel_in_words(owner,
                                                                         scored_tender):
    tender = services.announce_tender(user=owner, tender=scored_tender["tender"],
                                      announced_on=ago(3), channels=["invited", "doffin"],
                                      reference="Alfa, Beta og Gamma")
    text = docx_text(documents.procurement_record_docx(tender))
    assert "Kunngjort i: Invitasjon til utvalgte leverandører og Doffin" in text
    assert "Kunngjøringsnummer og inviterte leverandører: Alfa, Beta og Gamma" in text
    assert "Meddelelse sendt: ikke sendt" in text

"""Write the shipped Word templates (docxtpl syntax) to videreforing/documents/docx/.

Run it when the templates' structure changes; the .docx files are committed and can be
edited in Word. Administrators can replace each one in Django admin (Dokumentmaler)."""

from pathlib import Path

from docx import Document
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "videreforing" / "documents" / "docx"


def loop_table(doc, headers, row_cells, loop):
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, row_cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    return table


def base(title):
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(title, level=0)
    return doc


def tender_document():
    """For suppliers: nothing meant only for the buyer (no rule ids, no guidance, no
    internal notes; issue 9, point 6)."""
    doc = base("Konkurransegrunnlag")
    doc.add_heading("{{ tender.title }}", level=1)
    doc.add_paragraph("Oppdragsgiver: {{ authority }}")
    doc.add_heading("1 Oppdraget", level=2)
    doc.add_paragraph("{{ tender.description }}")
    doc.add_paragraph("Anslått verdi: {{ value }} eksklusive merverdiavgift.")
    doc.add_paragraph("Kontraktsperiode: {{ contract_period }}")
    doc.add_heading("2 Prosedyre", level=2)
    doc.add_paragraph("Prosedyre: {{ procedure_label }}.")
    doc.add_heading("3 Kvalifikasjonskrav", level=2)
    doc.add_paragraph("Kravene er absolutte: en leverandør som ikke oppfyller dem, avvises.")
    loop_table(doc, ["Krav", "Dokumentasjon"], ["{{ r.text }}", "{{ r.documentation }}"],
               "r in requirements")
    doc.add_heading("4 Tildelingskriterier", level=2)
    doc.add_paragraph("Kontrakten tildeles tilbudet med best forhold mellom pris og kvalitet "
                      "etter disse kriteriene og vektene:")
    loop_table(doc, ["Kriterium", "Vekt", "Slik gis poeng"],
               ["{{ c.name }}", "{{ c.weight }} %", "{{ c.scoring }}"], "c in criteria")
    doc.add_paragraph("{{ price_model_text }}")
    doc.add_paragraph("{{ scoring_text }}")
    doc.add_heading("5 Levering av tilbud", level=2)
    doc.add_paragraph("Tilbudsfrist: {{ deadline_at }}")
    doc.add_paragraph("Tilbudet leveres skriftlig til {{ submission }} innen fristen. "
                      "Tilbud som kommer inn etter fristen, blir ikke vurdert.")
    doc.save(OUT / "tender_document.docx")


def procurement_record():
    doc = base("Anskaffelsesprotokoll")
    doc.add_heading("{{ tender.title }}", level=1)
    doc.add_paragraph("Oppdragsgiver: {{ authority }}")
    doc.add_paragraph("Program: {{ programme.name }} ({{ municipalities }})")
    doc.add_paragraph("Anslått verdi: {{ value }} eksklusive merverdiavgift. "
                      "{{ regime_label }}. Prosedyre: {{ procedure_label }}.")
    doc.add_paragraph("Pliktig kunngjøring: {{ announcement }}")
    doc.add_paragraph("Tilbudsfrist: {{ deadline }}")
    doc.add_heading("Kunngjøring", level=2)
    doc.add_paragraph("Kunngjort: {{ announced_on }}")
    doc.add_paragraph("Kunngjort i: {{ announced_in }}")
    doc.add_paragraph("{{ reference_label }}: {{ announcement_reference }}")
    doc.add_heading("Kvalifikasjonskrav", level=2)
    loop_table(doc, ["Krav", "Dokumentasjon"], ["{{ r.text }}", "{{ r.documentation }}"],
               "r in requirements")
    doc.add_heading("Tildelingskriterier", level=2)
    loop_table(doc, ["Kriterium", "Vekt", "Prismodell"],
               ["{{ c.name }}", "{{ c.weight }} %", "{{ c.model }}"], "c in criteria")
    doc.add_paragraph("{{ climate_text }}")
    doc.add_heading("Mottatte tilbud", level=2)
    loop_table(doc, ["Leverandør", "Org.nr.", "Pris", "Status"],
               ["{{ b.name }}", "{{ b.org_number }}", "{{ b.price }}", "{{ b.status }}"],
               "b in bids")
    doc.add_heading("Poeng og begrunnelser", level=2)
    loop_table(doc, ["Leverandør", "Kriterium", "Poeng", "Begrunnelse"],
               ["{{ s.name }}", "{{ s.criterion }}", "{{ s.score }}",
                "{{ s.justification }}"], "s in scores")
    doc.add_heading("Evaluering og rangering", level=2)
    loop_table(doc, ["Rang", "Leverandør", "Totalpoeng"],
               ["{{ row.rank }}", "{{ row.name }}", "{{ row.total }}"], "row in ranking")
    doc.add_paragraph("{%p for line in sensitivity %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Tildeling", level=2)
    doc.add_paragraph("Valgt leverandør: {{ winner }}")
    doc.add_paragraph("Tildeling besluttet: {{ awarded_on }}")
    doc.add_paragraph("{{ award_text }}")
    doc.add_paragraph("{%p if advantages %}")
    doc.add_paragraph("Vinnerens relative fordeler:")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for line in advantages %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Meddelelse og karensperiode", level=2)
    doc.add_paragraph("Meddelelse sendt: {{ notice_sent_on }}")
    doc.add_paragraph("Karensperiode: {{ standstill }}")
    doc.add_heading("Kontrakt", level=2)
    doc.add_paragraph("{%p if contract %}")
    doc.add_paragraph("Signert: {{ contract.signed_on }}")
    doc.add_paragraph("Kontraktsverdi: {{ contract.value }} eksklusive merverdiavgift")
    doc.add_paragraph("Kontraktsperiode: {{ contract.period }}")
    doc.add_paragraph("Kontaktperson: {{ contract.contact }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Kontrakten er ikke registrert.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Dato: {{ today }}")
    doc.save(OUT / "procurement_record.docx")


def award_letter():
    """The notice of the award (meddelelse) to each bidder: for suppliers, so nothing
    meant only for the buyer (no rule ids, no guidance, no internal notes)."""
    doc = base("{{ heading }}")
    doc.add_paragraph("{{ authority }}, {{ letter_date }}")
    doc.add_paragraph("Til: {{ supplier.name }} (org.nr. {{ supplier.org_number }})")
    doc.add_paragraph("Konkurranse: {{ tender.title }}")
    doc.add_paragraph("Oppdragsgiver: {{ authority }}")
    doc.add_paragraph("{{ body }}")
    doc.add_paragraph("{%p if winner_line %}")
    doc.add_paragraph("{{ winner_line }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if own_line %}")
    doc.add_paragraph("{{ own_line }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if exclusion %}")
    doc.add_paragraph("{{ exclusion }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Begrunnelse", level=2)
    table = loop_table(doc, ["Kriterium", "Vekt", "Valgt leverandør", "Ditt tilbud"],
                       ["{{ c.name }}", "{{ c.weight }} %", "{{ c.winner }}", "{{ c.own }}"],
                       "c in comparison")
    total = table.add_row().cells
    for cell, text in zip(total, ["Totalpoeng (vektet)", "", "{{ winner_total }}",
                                  "{{ total }}"], strict=True):
        cell.text = text
    doc.add_paragraph("{{ scoring_text }}")
    doc.add_paragraph("{%p if advantages %}")
    doc.add_heading("Det valgte tilbudets relative fordeler", level=2)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for line in advantages %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if award_reason %}")
    doc.add_paragraph("{{ award_reason }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if standstill %}")
    doc.add_heading("Karensperiode", level=2)
    doc.add_paragraph("{{ standstill }}")
    doc.add_paragraph("{%p endif %}")
    doc.save(OUT / "award_letter.docx")


def pre_study_report():
    doc = base("Forstudierapport")
    doc.add_heading("{{ programme.name }}", level=1)
    doc.add_paragraph("{{ municipalities }}. Versjon {{ version }}, {{ today }}.")
    doc.add_heading("1 Bakgrunn", level=2)
    doc.add_paragraph("{{ background }}")
    doc.add_paragraph("Spørsmålene forstudiet besvarer (R-PRESTUDY):")
    doc.add_paragraph("{%p for q in questions %}")
    doc.add_paragraph("{{ q }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("2 Alternativene", level=2)
    loop_table(doc, ["Alternativ", "Organisasjonsform", "Finansiering", "Nedslagsfelt"],
               ["{{ a.name }}", "{{ a.form }}", "{{ a.financing }}", "{{ a.scope }}"],
               "a in alternatives")
    doc.add_paragraph("{%p for a in alternatives %}")
    doc.add_paragraph("{{ a.name }}: {{ a.description }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("3 Kriterier og vekter", level=2)
    doc.add_paragraph("{{ weight_method }}")
    loop_table(doc, ["Kriterium", "Vekt", "Beskrivelse"],
               ["{{ c.name }}", "{{ c.weight }} %", "{{ c.description }}"], "c in criteria")
    doc.add_heading("4 Poeng og begrunnelser", level=2)
    loop_table(doc, ["Alternativ", "Kriterium", "Poeng", "Begrunnelse"],
               ["{{ s.alternative }}", "{{ s.criterion }}", "{{ s.score }}", "{{ s.reason }}"],
               "s in scores")
    doc.add_heading("5 Rangering", level=2)
    loop_table(doc, ["Rang", "Alternativ", "Totalpoeng"],
               ["{{ r.rank }}", "{{ r.name }}", "{{ r.total }}"], "r in ranking")
    doc.add_paragraph("Totalpoeng = summen av vekt × poeng / 100.")
    doc.add_heading("6 Hvor robust er rangeringen?", level=2)
    doc.add_paragraph("{%p for line in stability %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ close_call_text }}")
    doc.add_heading("7 Innspill fra interessenter", level=2)
    doc.add_paragraph("{%p for i in inputs %}")
    doc.add_paragraph("{{ i }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("8 Anbefaling", level=2)
    doc.add_paragraph("{{ recommendation }}")
    doc.add_heading("9 Forslag til vedtak", level=2)
    doc.add_paragraph("{{ proposed_decision }}")
    doc.save(OUT / "pre_study_report.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    tender_document()
    procurement_record()
    award_letter()
    pre_study_report()
    print("wrote", ", ".join(sorted(p.name for p in OUT.glob("*.docx"))))

"""Demo users and programmes in real municipalities at different stages.

Idempotent: existing demo users keep their passwords and existing demo programmes
are left alone. Dates are relative to today so that each programme shows its stage."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from videreforing.accounts.models import AdviserAssignment, Membership, User
from videreforing.accounts.roles import Role
from videreforing.programmes import services
from videreforing.programmes.models import Programme, Task

DEMO_PASSWORD = "demo-videreforing"
DEMO_DOMAIN = "videreforing.example"

USERS = [
    # (local part, first name, last name, role or special)
    ("omstillingsleder", "Ola", "Omstillingsleder", Role.PROGRAMME_MANAGER),
    ("ordforer", "Kari", "Ordfører", Role.PROJECT_OWNER),
    ("prosessleder", "Per", "Prosessleder", Role.PROCESS_LEADER),
    ("prosjektgruppe", "Pia", "Prosjektgruppe", Role.PROJECT_GROUP),
    ("styreleder", "Siri", "Styreleder", Role.BOARD_CHAIR),
    ("observator", "Omar", "Observatør", Role.OBSERVER),
    ("radgiver", "Rita", "Rådgiver", "adviser"),
    ("nasjonal", "Nils", "Nasjonal", "national"),
    ("admin", "Anne", "Administrator", "admin"),
]
ADVISER_COUNTIES = ["15", "18", "56"]


class Command(BaseCommand):
    help = "Load demo users and demo programmes (idempotent) and print the log-ins."

    def handle(self, *args, **options):
        # Demo people get no invitation e-mails.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            with transaction.atomic():
                users = self._users()
                self._programmes(users)
        # The demo sets some past dates directly (no signals): store every programme's
        # forecast for its current plan now, so that the lists show figures at once.
        from videreforing.planning.forecasts import bump_plan_version, recompute
        from videreforing.programmes.models import Programme

        with transaction.atomic():
            for pk in Programme.objects.filter(is_demo=True).values_list("pk", flat=True):
                bump_plan_version(pk)
        recompute()
        self.stdout.write("")
        self.stdout.write("Demo users (password for all: %s)" % DEMO_PASSWORD)
        for local, _first, _last, role in USERS:
            label = {
                "adviser": "Oppdragsrådgiver (Innovasjon Norge), fylke "
                + ", ".join(ADVISER_COUNTIES),
                "national": "Nasjonalt team (Innovasjon Norge): alle programmer",
                "admin": "Systemadministrator (/admin/)",
            }.get(role) or dict(Role.choices)[role]
            self.stdout.write(f"  {local + '@' + DEMO_DOMAIN:<40} {label}")
        self.stdout.write("")

    def _users(self) -> dict[str, User]:
        users = {}
        for local, first, last, role in USERS:
            email = f"{local}@{DEMO_DOMAIN}"
            user, created = User.objects.get_or_create(
                email=email, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                if role == "admin":
                    user.is_staff = user.is_superuser = True
                if role == "national":
                    user.national_access = True
                user.save()
            if role == "adviser":
                for county in ADVISER_COUNTIES:
                    AdviserAssignment.objects.get_or_create(user=user, county_id=county)
            users[role] = user
        return users

    def _programmes(self, users: dict[str, User]) -> None:
        today = timezone.localdate()
        manager = users[Role.PROGRAMME_MANAGER]
        plans = [
            # name, municipalities, period end, stage
            ("Demo: Omstillingsprogrammet i Sunndal", ["1563"],
             today + relativedelta(years=2, days=60), "due_soon"),
            ("Demo: Omstillingsprogrammet i Meløy", ["1837"],
             today + relativedelta(years=1, months=4), "pre_project"),
            ("Demo: Regional omstilling Nordkapp og Porsanger", ["5620", "5622"],
             today + relativedelta(years=1, months=9), "overdue"),
            ("Demo: Omstillingsprogrammet i Flakstad", ["1859"],
             today + relativedelta(years=4, months=3), "not_started"),
        ]
        for name, numbers, period_end, stage in plans:
            if Programme.objects.filter(name=name, is_demo=True).exists():
                continue
            programme = services.create_programme(
                user=manager, name=name, municipality_numbers=numbers,
                period_start=period_end - relativedelta(years=6), period_end=period_end,
                is_demo=True,
            )
            for role, user in users.items():
                if role in Role.values and role != Role.PROGRAMME_MANAGER:
                    Membership.objects.get_or_create(
                        programme=programme, user=user, defaults={"role": role}
                    )
            if stage == "pre_project":
                self._advance(programme, manager, today)
            elif stage == "due_soon":
                self._tender(programme, manager, today, stage="draft")
            elif stage == "overdue":
                self._tender(programme, manager, today, stage="standstill")

    def _tender(self, programme, user, today, stage: str = "contract_signed") -> None:
        """Demo: the process leader hired by tender (R-TENDER), before the pre-study.
        `stage`: "draft" (being prepared), "standstill" (a part II tender whose notice
        was sent three days ago) or "contract_signed" (a part I tender run to the end)."""
        from videreforing.procurement import services as procurement
        from videreforing.procurement.models import Supplier, Tender

        suppliers = []
        for org, name, email in (("974760673", "Demo Nordlandsråd AS", "per@nordlandsrad.example"),
                                 ("988077917", "Demo Kystanalyse AS", "post@kystanalyse.example"),
                                 ("971526157", "Demo Omstillingspartner AS", "")):
            supplier = Supplier.objects.filter(org_number=org).first() or \
                procurement.create_supplier(user=user, org_number=org, name=name,
                                            contact_email=email,
                                            experience="Demo: prosessledelse i "
                                                       "omstillingskommuner.")
            suppliers.append(supplier)
        part_two = stage == "standstill"
        tender = procurement.create_tender(
            user=user, programme=programme,
            title="Ekstern prosessleder for forstudium og forprosjekt",
            description="Lede forstudiet og forprosjektet i videreføringen.",
            estimated_value=1_500_000 if part_two else 450_000,
            tender_deadline=today + timedelta(days=400))
        procurement.add_requirement(user=user, tender=tender, text="Skatteattest",
                                    documentation="Ikke eldre enn seks måneder")
        procurement.add_criterion(user=user, tender=tender, name="Pris", kind="price",
                                  weight=40, price_model="linear")
        quality = procurement.add_criterion(user=user, tender=tender,
                                            name="Kompetanse og erfaring", kind="quality",
                                            weight=60, scoring="Erfaring fra liknende arbeid.")
        if stage == "draft":
            return
        # Dates as they would have been: announced, deadline, award, notice, contract.
        days = ({"announced": 50, "deadline": 20, "award": 5, "notice": 3} if part_two else
                {"announced": 270, "deadline": 240, "award": 235, "notice": 233,
                 "contract": 230})
        tender = procurement.announce_tender(
            user=user, tender=tender, announced_on=today - timedelta(days=days["announced"]),
            channels=["doffin"] if part_two else ["invited"],
            reference="2026-104211" if part_two else
            "Demo Nordlandsråd AS, Demo Kystanalyse AS, Demo Omstillingspartner AS")
        bids = [
            procurement.register_bid(user=user, tender=tender, supplier=suppliers[0],
                                     price=380_000, scores={quality.pk: (9, "Lang erfaring")},
                                     # The demo process leader, already in the programme:
                                     # the award and contract confirm them (R-CONSULTANT).
                                     contact_email=f"prosessleder@{DEMO_DOMAIN}",
                                     contact_name="Per Prosessleder"),
            procurement.register_bid(user=user, tender=tender, supplier=suppliers[1],
                                     price=320_000),
        ]
        # Registered when it arrived, scored once the evaluation group had read it.
        procurement.update_bid(user=user, bid=bids[1], expected_version=bids[1].version,
                               scores={quality.pk: (6, "Noe erfaring")})
        # The award is refused before the tender deadline (issue 9): the demo's tender
        # closed in the past. Set after the criteria, which lock at the deadline.
        Tender.objects.filter(pk=tender.pk).update(
            tender_deadline=today - timedelta(days=days["deadline"]))
        tender = procurement.award_tender(user=user, tender=tender, bid=bids[0],
                                          decided_on=today - timedelta(days=days["award"]))
        tender = procurement.send_notice(
            user=user, tender=tender, sent_on=today - timedelta(days=days["notice"]),
            advantages="Demo: klart best på kompetanse og erfaring fra liknende arbeid.")
        if "contract" in days:
            signed = today - timedelta(days=days["contract"])
            procurement.record_contract(
                user=user, tender=tender, signed_on=signed, value=380_000,
                period_start=signed + timedelta(days=5), period_end=today + timedelta(days=300))

    def _options(self, programme, user):
        """Demo: the pre-study's options analysis and its report."""
        from videreforing.options import services as options
        from videreforing.options.report import generate_report

        analysis = options.create_analysis(user=user, programme=programme)
        kf = options.add_alternative(user=user, analysis=analysis, name="Meløy Utvikling KF",
                                     organisational_form="kf",
                                     financing=["municipal_contribution", "project_funds"],
                                     scope="municipality")
        aksje = options.add_alternative(user=user, analysis=analysis,
                                        name="Utviklingsselskap AS med næringslivet",
                                        organisational_form="as",
                                        financing=["municipal_contribution",
                                                   "business_partners"], scope="region")
        rows = [("Kommunens styring og kontroll", 40, 9, 6),
                ("Involvering av lokalt næringsliv", 35, 5, 9),
                ("Operativ før fristen", 25, 8, 6)]
        for name, weight, kf_score, as_score in rows:
            criterion = options.add_criterion(user=user, analysis=analysis, name=name,
                                              weight=weight)
            options.set_score(user=user, analysis=analysis, alternative=kf,
                              criterion=criterion, score=kf_score,
                              reason="Demo: vurdert i prosjektgruppen.")
            options.set_score(user=user, analysis=analysis, alternative=aksje,
                              criterion=criterion, score=as_score,
                              reason="Demo: vurdert i prosjektgruppen.")
        return generate_report(user=user, analysis=analysis)

    def _minutes(self, programme, user, gate) -> None:
        """Demo: the signed minutes of the gate decision, as an attachment (a PDF)."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from weasyprint import HTML

        from videreforing.attachments.access import Target
        from videreforing.attachments.services import upload_attachment

        pdf = HTML(string=(
            "<h1>Protokoll fra møte i omstillingsstyret</h1>"
            f"<p>Sak {gate.case_number}: Forstudierapporten godkjennes. Forprosjektet "
            "kan starte.</p><p>Demo: signert protokoll.</p>")).write_pdf()
        upload_attachment(user=user, target=Target(programme=programme, gate=gate),
                          upload=SimpleUploadedFile("Protokoll styremøte (signert).pdf", pdf,
                                                    content_type="application/pdf"))

    def _advance(self, programme, user, today) -> None:
        started = today - timedelta(days=200)
        self._tender(programme, user, today)
        report = self._options(programme, user)
        services.start_phase(user=user, programme=programme, kind="pre_study",
                             started_on=started)
        for task in programme.continuation.tasks.filter(phase__in=["initiation", "pre_study"]):
            services.update_task(user=user, task=task, expected_version=task.version, done=True)
        # Demo only: spread the finish dates over the past months, as they would have been.
        for offset, task in enumerate(programme.continuation.tasks.filter(done=True)
                                      .order_by("order")):
            finished = today - timedelta(days=max(230 - offset * 6, 61))
            Task.objects.filter(pk=task.pk).update(
                done_at=timezone.make_aware(datetime.combine(finished, time(12))))
        decision = services.record_gate_decision(
            user=user, programme=programme, kind="pre_study",
            deciding_body="restructuring_board", decided_on=today - timedelta(days=60),
            outcome="approved", case_number="2026/118",
            note="Forstudierapporten er godkjent; forprosjektet kan starte.", document=report,
        )
        gate = services.correct_gate_decision(
            user=user, programme=programme, kind="pre_study",
            expected_version=decision.version,
            reason="Saksnummeret var skrevet feil.", case_number="2026/119")
        self._minutes(programme, user, gate)
        services.start_phase(user=user, programme=programme, kind="pre_project",
                             started_on=today - timedelta(days=55))

"""Demo users and programmes in real municipalities at different stages.

Idempotent: existing demo users keep their passwords and existing demo programmes
are left alone. Dates are relative to today so that each programme shows its stage."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand
from django.db import transaction
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
    ("admin", "Anne", "Administrator", "admin"),
]
ADVISER_COUNTIES = ["15", "18", "56"]


class Command(BaseCommand):
    help = "Load demo users and demo programmes (idempotent) and print the log-ins."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self._users()
            self._programmes(users)
        self.stdout.write("")
        self.stdout.write("Demo users (password for all: %s)" % DEMO_PASSWORD)
        for local, _first, _last, role in USERS:
            label = {
                "adviser": "Oppdragsrådgiver (Innovasjon Norge), fylke "
                + ", ".join(ADVISER_COUNTIES),
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

    def _advance(self, programme, user, today) -> None:
        started = today - timedelta(days=200)
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
        services.record_gate_decision(
            user=user, programme=programme, kind="pre_study",
            deciding_body="restructuring_board", decided_on=today - timedelta(days=60),
            outcome="approved", case_number="2026/118",
            note="Forstudierapporten er godkjent; forprosjektet kan starte.",
        )
        services.start_phase(user=user, programme=programme, kind="pre_project",
                             started_on=today - timedelta(days=55))

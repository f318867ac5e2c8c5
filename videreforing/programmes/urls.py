from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("ny/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/endre/", views.programme_edit, name="edit"),
    path("<int:pk>/faser/<str:kind>/", views.phase_detail, name="phase"),
    path("<int:pk>/faser/<str:kind>/start/", views.phase_start, name="phase-start"),
    path("<int:pk>/faser/<str:kind>/oppstart/", views.phase_start_edit,
         name="phase-start-edit"),
    path("<int:pk>/faser/<str:kind>/oppstart/angre/", views.phase_start_undo,
         name="phase-start-undo"),
    path("<int:pk>/faser/<str:kind>/plan/", views.phase_plan, name="phase-plan"),
    path("<int:pk>/faser/<str:kind>/vedtak/", views.gate_record, name="gate-record"),
    path("<int:pk>/faser/<str:kind>/vedtak/endre/", views.gate_edit, name="gate-edit"),
    path("<int:pk>/faser/<str:kind>/vedtak/trekk-tilbake/", views.gate_withdraw,
         name="gate-withdraw"),
    path("<int:pk>/oppgaver/ny/", views.task_create, name="task-create"),
    path("<int:pk>/oppgaver/<int:task_id>/endre/", views.task_edit, name="task-edit"),
    path("<int:pk>/oppgaver/<int:task_id>/utfort/", views.task_toggle, name="task-toggle"),
    path("<int:pk>/oppgaver/<int:task_id>/fjern/", views.task_remove, name="task-remove"),
    path("<int:pk>/personer/", views.people, name="people"),
    path("<int:pk>/personer/<int:member_id>/rolle/", views.member_edit, name="member-edit"),
    path("<int:pk>/personer/<int:member_id>/fjern/", views.member_remove, name="member-remove"),
    path("<int:pk>/interessenter/", views.stakeholders, name="stakeholders"),
    path("<int:pk>/interessenter/<int:stakeholder_id>/endre/", views.stakeholder_edit,
         name="stakeholder-edit"),
    path("<int:pk>/interessenter/<int:stakeholder_id>/fjern/", views.stakeholder_remove,
         name="stakeholder-remove"),
    path("<int:pk>/historikk/", views.history, name="history"),
]

from django.urls import path

from . import views

app_name = "businessplan"

base = "program/<int:pk>/forretningsplan/"

urlpatterns = [
    path(base, views.plan_detail, name="plan"),
    path(base + "start/", views.plan_start, name="start"),
    path(base + "aktiviteter/", views.activity_add, name="activity-add"),
    path(base + "aktiviteter/<int:activity_id>/endre/", views.activity_edit,
         name="activity-edit"),
    path(base + "aktiviteter/<int:activity_id>/fjern/", views.activity_remove,
         name="activity-remove"),
    path(base + "import/", views.activities_import, name="import"),
    path(base + "mal.xlsx", views.template_xlsx, name="template-xlsx"),
    path(base + "mal.csv", views.template_csv, name="template-csv"),
]

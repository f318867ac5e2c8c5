from django.urls import path

from . import views

app_name = "options"

base = "program/<int:pk>/alternativvurdering/<int:analysis_id>/"

urlpatterns = [
    path("program/<int:pk>/alternativvurdering/", views.analysis_list, name="list"),
    path(base, views.analysis_detail, name="analysis"),
    path(base + "alternativer/", views.alternative_add, name="alternative-add"),
    path(base + "kriterier/", views.criterion_add, name="criterion-add"),
    path(base + "kriterier/foreslatte/", views.criteria_suggested, name="criteria-suggested"),
    path(base + "vekter/", views.weights, name="weights"),
    path(base + "poeng/", views.scores, name="scores"),
    path(base + "innspill/", views.input_add, name="input-add"),
    path(base + "anbefaling/", views.texts, name="texts"),
    path(base + "rapport/", views.report_generate, name="report-generate"),
    path(base + "alternativer/<int:alternative_id>/endre/", views.alternative_edit,
         name="alternative-edit"),
    path(base + "kriterier/<int:criterion_id>/endre/", views.criterion_edit,
         name="criterion-edit"),
    path(base + "innspill/<int:input_id>/endre/", views.input_edit, name="input-edit"),
    path(base + "fjern/<str:kind>/<int:item_id>/", views.remove_item, name="remove-item"),
    path("program/<int:pk>/dokumenter/<int:document_id>.docx", views.document_docx,
         name="document-docx"),
    path("program/<int:pk>/dokumenter/<int:document_id>.pdf", views.document_pdf,
         name="document-pdf"),
    path("organisasjonsformer/", views.catalogue, name="catalogue"),
]

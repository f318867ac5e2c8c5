from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("portefolje/", views.portfolio_list, name="list"),
    path("portefolje/eksport.csv", views.portfolio_csv, name="export-csv"),
    path("portefolje/eksport.xlsx", views.portfolio_xlsx, name="export-xlsx"),
]

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import ChoosePasswordForm, LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html", form_class=ChoosePasswordForm,
            success_url=reverse_lazy("accounts:login"), post_reset_login=False,
        ),
        name="password-reset-confirm",
    ),
]

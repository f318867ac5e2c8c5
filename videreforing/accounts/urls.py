from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import ChoosePasswordForm, LoginForm, ResetPasswordForm

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
    # "Glemt passord?": ask for a link, told it is on its way (the same answer whether or
    # not the address has an account), choose the new password, done.
    path(
        "glemt-passord/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html", form_class=ResetPasswordForm,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    # The link in the reset e-mail and in invitations to new people.
    path(
        "passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html", form_class=ChoosePasswordForm,
            success_url=reverse_lazy("accounts:password-reset-complete"),
            post_reset_login=False,
        ),
        name="password-reset-confirm",
    ),
    path(
        "passord/lagret/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
]

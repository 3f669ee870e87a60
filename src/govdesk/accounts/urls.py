from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from govdesk.accounts import people, security_views, views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_changed"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_changed",
    ),
    path("password/first/", views.first_password, name="first_password"),
    path("issue/", views.issue, name="issue"),
    path("issue/template.xlsx", views.issue_template, name="issue_template"),
    path("issue/<int:pk>/", views.issue_result, name="issue_result"),
    path("search/", views.user_search, name="search"),
    path("people/", people.people_list, name="people"),
    path("people/<int:pk>/", people.person, name="person"),
    path("otp/", security_views.otp, name="otp"),
    path("security/", security_views.security_home, name="security"),
    path("security/unlock/", security_views.unlock, name="unlock"),
    path("security/<int:pk>/reset-otp/", security_views.reset_otp, name="reset_otp"),
    path("audit-log/", security_views.audit_log, name="audit_log"),
]

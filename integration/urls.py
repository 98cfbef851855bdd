from django.urls import path

from . import views

app_name = "integration"

urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("new/", views.token_issue, name="token_issue"),
    path("<int:pk>/", views.token_detail, name="token_detail"),
    path("<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]

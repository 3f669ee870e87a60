from django.contrib.sitemaps.views import sitemap
from django.urls import path

from govdesk.portal import desk, public

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("c/<slug:slug>/", public.column, name="column"),
    path("c/<slug:slug>/feed/", public.SiteFeed(), name="column_feed"),
    path("a/<int:pk>/", public.article, name="article"),
    path("m/<int:pk>/", public.media, name="media"),
    path("search/", public.search, name="search"),
    path("feed/", public.SiteFeed(), name="feed"),
    path(
        "sitemap.xml",
        public.cached(sitemap),
        {"sitemaps": {"articles": public.ArticleSitemap}},
        name="sitemap",
    ),
    path("large/", public.larger_type, name="large"),
    path("desk/", desk.desk, name="desk"),
    path("desk/take/<int:item_id>/", desk.take, name="take"),
    path("desk/take-notice/<int:notice_id>/", desk.take_notice, name="take_notice"),
    path("desk/columns/", desk.columns, name="columns"),
    path("send/<int:item_id>/", desk.send, name="send"),
    path("desk/a/<int:pk>/", desk.edit, name="edit"),
    path("desk/a/<int:pk>/<slug:action>/", desk.act, name="act"),
]

from django.urls import path

from tidings.readers.fever.views import fever

urlpatterns = [path("", fever, name="fever")]

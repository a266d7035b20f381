"""The portal's URLs plus the benchmark's floor views, as served with SERVER_TIMING=1."""

from tracekei.bench import timing
from tracekei.urls import urlpatterns as portal_urlpatterns

urlpatterns = [*portal_urlpatterns, *timing.urlpatterns()]

app_name = "dissemination"

urlpatterns = []

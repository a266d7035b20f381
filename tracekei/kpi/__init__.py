"""The KPI layer: indicators computed from the work-package apps' records."""

"""Reusable Qt widgets: KPI cards, table models, banners, charts. No import of ``app``."""

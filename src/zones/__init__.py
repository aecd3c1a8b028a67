"""Vietnam's industrial land: economic zones (KKT), industrial parks (KCN) and clusters (CCN)."""

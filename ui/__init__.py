"""Streamlit pages of the explorer. They arrange widgets; the work is done by `zones`."""

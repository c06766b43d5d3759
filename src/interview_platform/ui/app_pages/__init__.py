"""Page scripts run by ``st.navigation`` (kept out of a ``pages/`` folder on purpose)."""

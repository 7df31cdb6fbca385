"""Code every Qadagalau service uses: the legal core, the event contract, settings."""

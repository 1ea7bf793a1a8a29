"""Custom Rasa actions, one module per backend or concern (rasa_sdk loads them all)."""

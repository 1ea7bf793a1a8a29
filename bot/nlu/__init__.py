"""Custom Rasa NLU components for Chinese (referenced by name from config.yml)."""

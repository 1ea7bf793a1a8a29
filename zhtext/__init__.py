"""Chinese text normalization shared by the NLU, the actions and the knowledge base.

``normalize_aligned`` keeps the length of its input (so token offsets stay
valid); ``normalize`` additionally cleans whitespace and invisible characters.
"""
from zhtext.normalize import normalize, normalize_aligned

__all__ = ["normalize", "normalize_aligned"]

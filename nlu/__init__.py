"""Language identification and natural-language understanding for SafePassage."""

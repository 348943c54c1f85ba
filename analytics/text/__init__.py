"""Layer 6, words: the message catalogue, number and date formats, sentences and display tables."""

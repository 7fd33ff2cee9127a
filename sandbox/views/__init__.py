"""Views of the world for front ends: plain data, no Textual."""

"""docker-lab's Textual learning app."""

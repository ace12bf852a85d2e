"""docker-lab : apprendre les réseaux Docker dans le terminal."""

__version__ = "0.1.0"

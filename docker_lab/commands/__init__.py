"""docker-lab sub-commands, one module each."""

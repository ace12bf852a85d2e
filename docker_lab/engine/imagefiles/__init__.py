"""Build assets (configurations, entrypoints, pages) of the images ``docker-lab setup`` builds."""

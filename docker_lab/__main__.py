"""Allow ``python -m docker_lab``."""

from docker_lab.cli import main

raise SystemExit(main())

"""Front Desk Simulator: a training simulator for healthcare front-desk staff.

The package is split into a pure, deterministic core (``scenarios``, ``engine``,
``scoring``, ``curriculum``) and a thin pygame shell in ``ui``. Only ``ui`` imports pygame.
"""

__version__ = "0.1.0"

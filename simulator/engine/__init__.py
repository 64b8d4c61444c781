"""The deterministic shift engine: expansion, the event scheduler, rules, commands, journal."""

"""The small assessment most records tests sit (one calm-morning shift)."""

import textwrap

QUICK = textwrap.dedent("""\
    id: quick
    title: Quick check
    scenarios:
      - {scenario: calm-morning, seed: 3}
    pass_marks: {overall: 70}
    time_limit_minutes: 60
    attempts_allowed: 3
    hints: false
    """)

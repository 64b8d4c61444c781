"""Trainer records: the attempts store (SQLAlchemy), attempts, signing and verification.

``store`` holds trainees, assessments, attempts with every command, and quiz answers;
``assessment`` reads assessment files; ``attempts`` starts, records (one commit per
command), finishes, resumes and expires attempts; ``signing`` seals finished attempts with
an HMAC; ``verify`` re-runs and re-scores a stored attempt. Nothing here imports pygame.
"""

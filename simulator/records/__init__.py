"""Trainer records: the attempts store (SQLAlchemy), attempts, seals and verification.

``store`` holds trainees, assessments, attempts with every command, quiz answers and
progress; ``assessment`` reads assessment files; ``attempts`` starts, records (one commit
per command), finishes, resumes and expires attempts; ``keys`` holds this desk's Ed25519
key and trust list; ``seals`` signs what each attempt and chain of attempts shows;
``verify`` re-runs and re-scores a stored attempt; ``certificate`` and ``codes`` issue
per-sitting certificates with offline verification codes. Nothing here imports pygame.
"""

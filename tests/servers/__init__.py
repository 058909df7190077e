"""Real servers on 127.0.0.1 for integration tests (Dovecot IMAP, aiosmtpd SMTP)."""

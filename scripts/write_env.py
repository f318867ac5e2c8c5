"""Write a local, git-ignored .env for development: a fresh secret key, DEBUG on and
the SQLite database under var/. An existing .env is left untouched."""

import secrets
from pathlib import Path

root = Path(__file__).resolve().parent.parent
env = root / ".env"
if env.exists():
    print(".env exists; leaving it as it is")
else:
    (root / "var").mkdir(exist_ok=True)
    env.write_text(
        "# Local development settings written by `make run`. Not for production.\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        "DEBUG=true\n"
        "ALLOWED_HOSTS=127.0.0.1,localhost\n"
        f"DATABASE_URL=sqlite:///{root / 'var' / 'videreforing.sqlite3'}\n"
        "EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend\n",
        encoding="utf-8",
    )
    print("wrote .env")

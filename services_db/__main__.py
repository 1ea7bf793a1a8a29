"""Entry point of ``python -m services_db``."""
import sys

from services_db.cli import main

sys.exit(main())

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# Tests never touch a real home directory or real AWS configuration.
os.environ.pop("AWS_PROFILE", None)
os.environ.setdefault("IAM_SANDBOX_DATA", str(Path(__file__).parent / ".data-never-used"))

import sys

from lambda6lint.cli import main

sys.exit(main())

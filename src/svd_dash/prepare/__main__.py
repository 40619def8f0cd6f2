import sys

from svd_dash.prepare.command import main

sys.exit(main())

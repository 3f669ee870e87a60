#!/usr/bin/env python
"""Development convenience; the installed command is ``govdesk``."""

from govdesk.cli import main

if __name__ == "__main__":
    main()

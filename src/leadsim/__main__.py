"""Run the command line as ``python -m leadsim`` (the same as the ``leadsim`` script)."""

from leadsim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was written yet
    print("ivpsite: afgebroken; de vorige site is niet veranderd", file=sys.stderr)
    sys.exit(130)

sys.exit(main())

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was written yet
    from .messages import text

    print(f"ivpsite: {text('build_interrupted')}", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
